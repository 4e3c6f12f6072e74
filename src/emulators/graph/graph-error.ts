/**
 * An error the emulated Microsoft Graph answers with. The body follows Graph's shape,
 * {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}, and the code is
 * the one the real service sends for the same situation (directory calls use Entra's
 * `Request_*`/`Authorization_*` codes, mailbox calls use Exchange's `Error*` codes).
 */

export class GraphApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, such as WWW-Authenticate on 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** Graph writes the date of innerError without fraction or zone: "2026-11-24T15:00:00". */
export function graphErrorDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 19);
}

export function graphErrorBody(code: string, message: string, ids: RequestIds, now: Date = new Date()): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: { date: graphErrorDate(now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}

/** The code Graph uses for a status that a fault rule injects, by workload. */
export function injectedFaultCode(status: number, mailboxPath: boolean): { code: string; message: string } {
  switch (status) {
    case 429:
      return mailboxPath
        ? { code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' }
        : { code: 'TooManyRequests', message: 'Too many requests.' };
    case 503:
      return { code: 'ServiceNotAvailable', message: 'The service is temporarily unavailable. Try again later.' };
    case 504:
      return { code: 'GatewayTimeout', message: 'The gateway did not receive a timely response.' };
    case 401:
      return { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' };
    case 403:
      return mailboxPath
        ? { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' }
        : { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' };
    case 404:
      return mailboxPath
        ? { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' }
        : { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' };
    default:
      return status >= 500
        ? { code: 'generalException', message: 'An internal server error occurred.' }
        : { code: 'BadRequest', message: 'The request could not be processed.' };
  }
}
