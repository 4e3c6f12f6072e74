/**
 * What the job queue is given in place of the error a handler threw. pg-boss keeps a failed
 * attempt's error in the job's row (`output`, read back by the admin page's error counts), through
 * the retries and after the last one, and it would serialize the whole error: every enumerable
 * field, the message, the stack. A service's error holds the service's own words (Graph's message
 * names a user principal name, Webex's descriptions an address, a sign-in error the user), and the
 * product keeps no personal data in its database. So the row gets the error's class, code, HTTP
 * status, request id and Retry-After (safe-error-fields.ts), and nothing else.
 *
 * pg-boss serializes with serialize-error, which stores what toJSON() returns; the message and the
 * stack are made of those fields too, so that a serializer ignoring toJSON would store no more.
 */
import { safeErrorFields, type SafeErrorFields } from '../logging/safe-error-fields';

export type JobFailureRecord = SafeErrorFields;

export class JobFailure extends Error {
  readonly code?: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(failed: unknown) {
    const record = safeErrorFields(failed);
    const summary = [
      record.code,
      record.status === undefined ? undefined : `HTTP ${record.status}`,
      record.requestId && `request ${record.requestId}`,
    ]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(', ');
    super(summary || 'the job failed');
    // The row names the error that failed the job (GraphError, WebexError...), not this stand-in.
    this.name = record.name;
    this.stack = `${this.name}: ${this.message}`;
    this.code = record.code;
    this.status = record.status;
    this.requestId = record.requestId;
    this.retryAfterMs = record.retryAfterMs;
  }

  toJSON(): JobFailureRecord {
    return {
      name: this.name,
      ...(this.code === undefined ? {} : { code: this.code }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}
