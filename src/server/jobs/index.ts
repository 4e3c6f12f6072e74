export {
  createJobQueue,
  type JobQueue,
  type JobQueueOptions,
  type JobHandler,
  type JobContext,
  type JobFailureContext,
  type SendOptions,
  type WorkOptions,
} from './create-job-queue';
export { defineJob, isRecord, type JobDefinition, type JobSpec, type PayloadAssertion } from './define-job';
export { JobError, type JobErrorCode } from './job-error';
export { JobFailure, type JobFailureRecord } from './job-failure';
export { pgBossDb } from './pg-boss-db';
