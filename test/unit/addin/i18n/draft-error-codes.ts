import type { DraftErrorCode } from '../../../../src/core/meeting-draft';

/** Every DraftErrorCode: the Record type makes a new code in the core fail to compile here until it is listed. */
const CODES: Record<DraftErrorCode, true> = {
  invalid_draft: true,
  invalid_subject: true,
  invalid_start: true,
  invalid_end: true,
  end_before_start: true,
  all_day_not_supported: true,
  meeting_too_short: true,
  meeting_too_long: true,
  meeting_in_past: true,
  unknown_time_zone: true,
  invalid_recurrence: true,
  invalid_options: true,
  invalid_invitees: true,
  too_many_invitees: true,
};

export const DRAFT_ERROR_CODES_FOR_TEST = Object.keys(CODES) as DraftErrorCode[];
