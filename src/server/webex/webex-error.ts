/**
 * An error answer from Webex, with a product code by status. Webex's own text (which can echo an
 * e-mail address) stays in `serviceMessage` and `details`, out of `message` and so out of logs.
 */
import { parseRetryAfter } from '../outbound/parse-retry-after';
import { ServiceError } from '../outbound/service-error';
import type { WebexErrorBody } from './webex-types';

export type WebexErrorCode =
  | 'webex_bad_request'
  | 'webex_unauthorized'
  | 'webex_forbidden'
  | 'webex_not_found'
  | 'webex_conflict'
  | 'webex_locked'
  | 'webex_rate_limited'
  | 'webex_unavailable'
  | 'webex_invalid_response'
  /** The token endpoint refused our client id or secret: a deployment problem, not the user's. */
  | 'webex_oauth_client_invalid'
  | 'webex_error';

export function webexErrorCode(status: number): WebexErrorCode {
  switch (status) {
    case 400:
      return 'webex_bad_request';
    case 401:
      return 'webex_unauthorized';
    case 403:
      return 'webex_forbidden';
    case 404:
    case 410:
      // Gone or never there: for the product both mean the meeting no longer exists.
      return 'webex_not_found';
    case 409:
      return 'webex_conflict';
    case 423:
      return 'webex_locked';
    case 429:
      return 'webex_rate_limited';
    case 500:
    case 502:
    case 503:
    case 504:
      return 'webex_unavailable';
    default:
      return 'webex_error';
  }
}

export interface WebexErrorDetails {
  status: number;
  code?: WebexErrorCode;
  body?: WebexErrorBody;
  trackingId?: string;
  retryAfterMs?: number;
}

export class WebexError extends ServiceError {
  readonly service = 'webex';
  declare readonly code: WebexErrorCode;
  /** Webex's `errors[]` (descriptions may hold personal data: do not log them). */
  readonly details: { description?: string; code?: string }[];

  constructor(d: WebexErrorDetails) {
    super({
      status: d.status,
      code: d.code ?? webexErrorCode(d.status),
      serviceCode: firstCode(d.body),
      serviceMessage: d.body?.message,
      requestId: d.trackingId ?? d.body?.trackingId,
      retryAfterMs: d.retryAfterMs,
    });
    this.name = 'WebexError';
    this.details = (d.body?.errors ?? []).map((e) => ({ description: e.description, code: codeOf(e) }));
  }

  /** Webex calls its request id the tracking id. */
  get trackingId(): string | undefined {
    return this.requestId;
  }
}

function codeOf(e: { code?: string | number; errorCode?: string | number }): string | undefined {
  const c = e.code ?? e.errorCode;
  return c === undefined ? undefined : String(c);
}

function firstCode(body: WebexErrorBody | undefined): string | undefined {
  for (const e of body?.errors ?? []) {
    const c = codeOf(e);
    if (c) return c;
  }
  return undefined;
}

/** Builds the WebexError for a non-2xx response (its body already buffered by the retry core). */
export async function webexErrorFromResponse(res: Response, nowMs: number, sentTrackingId?: string): Promise<WebexError> {
  let body: WebexErrorBody | undefined;
  try {
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (typeof parsed === 'object' && parsed !== null) body = parsed as WebexErrorBody;
  } catch {
    // A proxy's HTML error page: the status alone decides the code.
  }
  return new WebexError({
    status: res.status,
    body,
    trackingId: res.headers.get('trackingid') ?? body?.trackingId ?? sentTrackingId,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), nowMs),
  });
}
