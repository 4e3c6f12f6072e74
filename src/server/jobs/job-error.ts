import { CodedError } from '../errors';

export type JobErrorCode =
  | 'job_payload_invalid'
  | 'job_queue_not_started'
  | 'job_queue_undeclared'
  | 'job_queue_stopped'
  | 'job_definition_invalid'
  | 'job_schema_unsupported';

export class JobError extends CodedError<JobErrorCode> {
  override name = 'JobError';
}
