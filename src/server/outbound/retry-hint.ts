/**
 * What a job needs from any error an outbound client threw: may it try again later, and when.
 * One function so that jobs do not test for each service's error class.
 */
import { ClientFaultError } from './client-fault-error';
import { ServiceError } from './service-error';

export interface RetryHint {
  /** Trying the same request later may succeed. */
  retryable: boolean;
  /** Wait at least this long (the service's Retry-After), when it said. */
  retryAfterMs?: number;
  /** The request may have been carried out although no answer came (check before repeating a create). */
  mayHaveReachedServer: boolean;
}

export function retryHint(error: unknown): RetryHint {
  if (error instanceof ServiceError) {
    return {
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
      mayHaveReachedServer: error.status >= 500 && error.status !== 503,
    };
  }
  if (error instanceof ClientFaultError) {
    return { retryable: error.retryable, mayHaveReachedServer: error.mayHaveReachedServer };
  }
  return { retryable: false, mayHaveReachedServer: false };
}
