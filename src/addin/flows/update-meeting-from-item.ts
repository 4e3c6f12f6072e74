/**
 * The appointment's time or recurrence changed while it is being edited: the Webex meeting follows
 * at once (PATCH), rather than waiting for the save and Graph's notification. The backend stays
 * the authority: it checks the change again, and it reconciles whatever else happens later.
 */
import { validateMeetingDraft } from '../../core/meeting-draft';
import type { MeetingDetails } from '../api/api-types';
import type { FlowDeps } from './flow-deps';
import { FlowError } from './flow-error';
import { findMeetingOnItem } from './find-meeting-on-item';
import { readMeetingDraft } from './read-meeting-draft';

export type UpdateMeetingResult = { status: 'updated'; meeting: MeetingDetails } | { status: 'none' };

export async function updateMeetingFromItem(deps: FlowDeps): Promise<UpdateMeetingResult> {
  const found = await findMeetingOnItem(deps, deps.joinLinkHosts ?? []);
  if (!found) return { status: 'none' };
  const draft = await readMeetingDraft(deps.item, deps.timeZone);
  const checked = validateMeetingDraft(draft, { now: deps.now?.() ?? new Date() });
  if (!checked.ok) throw new FlowError(checked.issue.code, checked.issue.message);
  const meeting = await deps.api.updateMeeting(found.meetingId, {
    start: draft.start,
    end: draft.end,
    timeZone: draft.timeZone,
    recurrence: draft.recurrence ?? null,
  });
  return { status: 'updated', meeting };
}
