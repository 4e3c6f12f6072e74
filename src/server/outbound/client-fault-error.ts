/**
 * A request that got no answer from the service: a timeout, a refused or reset connection, a TLS
 * failure, or the caller giving up. Kept apart from the services' own errors (WebexError,
 * GraphError), as msgraph-sdk-javascript keeps GraphClientError apart from GraphError: a fault
 * says nothing about what the service thinks of the request.
 *
 * The message names only the service and the code, never a URL (paths can hold e-mail addresses).
 */
import { toError } from '../errors';

export type ClientFaultCode =
  /** No answer within the per-attempt timeout; the service may have acted on the request. */
  | 'outbound_timeout'
  /** The connection could not be opened (refused, unknown host): nothing reached the service. */
  | 'outbound_connect_failed'
  /** The connection broke after the request may have been sent. */
  | 'outbound_network'
  /** The service's certificate was not trusted: a configuration problem, not worth retrying. */
  | 'outbound_tls_failed'
  /** The caller aborted (shutdown, the user went away). */
  | 'outbound_aborted';

export interface ClientFaultDetails {
  service: string;
  /** How many attempts were made before giving up. */
  attempts: number;
  /** The low-level error code (ECONNREFUSED, UND_ERR_SOCKET, ...), safe to log. */
  causeCode?: string;
  cause?: Error;
}

export class ClientFaultError extends Error {
  readonly service: string;
  readonly attempts: number;
  readonly causeCode?: string;

  constructor(
    readonly code: ClientFaultCode,
    details: ClientFaultDetails,
  ) {
    super(`${details.service}: ${code}${details.causeCode ? ` (${details.causeCode})` : ''}`, { cause: details.cause });
    this.name = 'ClientFaultError';
    this.service = details.service;
    this.attempts = details.attempts;
    this.causeCode = details.causeCode;
  }

  /** Whether the request may have reached the service (so repeating a POST could do it twice). */
  get mayHaveReachedServer(): boolean {
    return this.code === 'outbound_timeout' || this.code === 'outbound_network' || this.code === 'outbound_aborted';
  }

  /** Whether trying again later can succeed (for a job deciding to reschedule). */
  get retryable(): boolean {
    return this.code === 'outbound_timeout' || this.code === 'outbound_network' || this.code === 'outbound_connect_failed';
  }
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Classifies what fetch threw. Node's fetch (undici) throws `TypeError('fetch failed')` with the
 * socket error as `cause`; the codes tell a refused connection (nothing sent) from a reset one.
 */
export function classifyFetchFailure(e: unknown, service: string, attempts: number): ClientFaultError {
  const err = toError(e);
  const causeCode = errorCode(err.cause) ?? errorCode(err);
  const nested = errorCode((err.cause as { cause?: unknown } | undefined)?.cause);
  const code = causeCode ?? nested;
  let kind: ClientFaultCode = 'outbound_network';
  if (code && CONNECT_CODES.has(code)) kind = 'outbound_connect_failed';
  else if (code && TLS_CODE.test(code)) kind = 'outbound_tls_failed';
  return new ClientFaultError(kind, { service, attempts, causeCode: code, cause: err });
}
