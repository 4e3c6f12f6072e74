/**
 * What every service's own error (WebexError, GraphError, ...) has in common: the service
 * answered, with a status and its own error code. Jobs read `retryable` and `retryAfterMs` to
 * reschedule; logs get `code`, `status` and `requestId`.
 *
 * The service's message is kept in `serviceMessage`, not in `message`: services echo request data
 * (Graph puts a user principal name in its 404 text), and `message` ends up in logs.
 */
export interface ServiceErrorDetails {
  status: number;
  code: string;
  /** The service's own error code or key, e.g. Graph's "ErrorItemNotFound". */
  serviceCode?: string;
  serviceMessage?: string;
  /** Request id (Graph) or tracking id (Webex) to quote to the service's support. */
  requestId?: string;
  /** How long the service asked us to wait before trying again, in milliseconds. */
  retryAfterMs?: number;
}

/** Statuses that may succeed later without changing the request. */
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

export abstract class ServiceError extends Error {
  abstract readonly service: string;
  readonly status: number;
  readonly code: string;
  readonly serviceCode?: string;
  readonly serviceMessage?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(details: ServiceErrorDetails) {
    super(`${details.code} (HTTP ${details.status}${details.requestId ? `, request ${details.requestId}` : ''})`);
    this.status = details.status;
    this.code = details.code;
    this.serviceCode = details.serviceCode;
    this.serviceMessage = details.serviceMessage;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Whether the same request may succeed later (a job should reschedule, after retryAfterMs if set). */
  get retryable(): boolean {
    return TRANSIENT.has(this.status);
  }
}
