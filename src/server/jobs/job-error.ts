export type JobErrorCode =
  | 'job_payload_invalid'
  | 'job_queue_not_started'
  | 'job_queue_undeclared'
  | 'job_queue_stopped'
  | 'job_definition_invalid'
  | 'job_schema_unsupported';

export class JobError extends Error {
  constructor(
    readonly code: JobErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JobError';
  }
}
