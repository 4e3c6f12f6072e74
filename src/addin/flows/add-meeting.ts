/**
 * "Add Webex meeting": reads the draft from the appointment, with its attendees as the meeting's
 * invitees (Webex sends them nothing: Outlook sends the invitation) and the alternate hosts the
 * organizer chose, checks it as the backend will (an all-day or over-long appointment, or more
 * attendees than Webex invites, is refused here, before anything is created), asks the backend to
 * create the meeting, then writes the join block, the location and the marker.
 *
 * Adding twice changes nothing: an item that already has our marker or join block is left as it
 * is. If writing into the item fails after the meeting was created, the meeting is deleted again
 * (and what was written taken out), so no Webex meeting is left that no appointment names.
 */
import { validateMeetingDraft, type MeetingOptions } from '../../core/meeting-draft';
import type { MeetingDetails } from '../api/api-types';
import { attendeeInvitees } from './alternate-hosts';
import type { FlowDeps } from './flow-deps';
import { FlowError } from './flow-error';
import { findMeetingOnItem } from './find-meeting-on-item';
import { readMeetingDraft } from './read-meeting-draft';
import { clearMeetingFromItem, writeMeetingToItem } from './write-meeting-to-item';

export type AddMeetingResult = { status: 'added'; meeting: MeetingDetails } | { status: 'alreadyAdded'; meetingId: string };

export async function addMeeting(
  deps: FlowDeps,
  options?: Partial<MeetingOptions>,
  alternateHosts: readonly string[] = [],
): Promise<AddMeetingResult> {
  const hosts = deps.joinLinkHosts ?? [];
  const existing = await findMeetingOnItem(deps, hosts);
  if (existing) return { status: 'alreadyAdded', meetingId: existing.meetingId };

  const now = deps.now?.() ?? new Date();
  // Personal room meetings keep no invitees.
  const invitees = options?.type === 'personalRoom' ? [] : await attendeeInvitees(deps, alternateHosts);
  const draft = {
    ...(await readMeetingDraft(deps.item, deps.timeZone)),
    ...(options ? { options } : {}),
    ...(invitees.length > 0 ? { invitees } : {}),
  };
  const checked = validateMeetingDraft(draft, { now });
  if (!checked.ok) throw new FlowError(checked.issue.code, checked.issue.message);

  const meeting = await deps.api.createMeeting(draft);
  try {
    await writeMeetingToItem(deps, meeting, { locale: deps.locale, joinLinkHosts: hosts, now });
  } catch (thrown) {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    // Best effort: the write failure is what the user needs to hear about, not the clean-up's.
    await clearMeetingFromItem(deps, meeting.webLink ? [meeting.webLink] : [], hosts).catch(() => undefined);
    await deps.api.deleteMeeting(meeting.id).catch(() => undefined);
    throw err;
  }
  return { status: 'added', meeting };
}
