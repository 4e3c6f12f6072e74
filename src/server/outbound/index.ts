/** The shared core of the outbound clients: import from here, not from the files behind it. */
export { sendWithRetry, type AttemptFn, type OutboundClientOptions, type RetryEvent, type SendWithRetryOptions } from './send-with-retry';
export {
  DEFAULT_RETRY_POLICY,
  resolveRetryPolicy,
  decideRetry,
  backoffDelay,
  isIdempotentMethod,
  type RetryPolicy,
  type RetryDecision,
  type AttemptOutcome,
} from './retry-policy';
export { parseRetryAfter } from './parse-retry-after';
export { ClientFaultError, classifyFetchFailure, type ClientFaultCode } from './client-fault-error';
export { ServiceError, type ServiceErrorDetails } from './service-error';
export { retryHint, type RetryHint } from './retry-hint';
export { systemClock, type Clock } from './clock';
