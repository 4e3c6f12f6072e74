/**
 * "Remove": deletes the Webex meeting (Webex sends no cancellation; Outlook tells attendees when
 * the user sends the update) and takes the join block, the link in the location and the marker
 * out of the appointment. A meeting already gone from Webex is no obstacle: the item is still
 * cleaned up.
 */
import { isApiError } from '../api/api-error';
import type { FlowDeps } from './flow-deps';
import { findMeetingOnItem } from './find-meeting-on-item';
import { clearMeetingFromItem } from './write-meeting-to-item';

export type RemoveMeetingResult = { status: 'removed'; meetingId: string } | { status: 'none' };

export async function removeMeeting(
  deps: Pick<FlowDeps, 'item' | 'loadCustomProperties' | 'joinBlocks' | 'api' | 'joinLinkHosts'>,
  knownLink?: string,
): Promise<RemoveMeetingResult> {
  const hosts = deps.joinLinkHosts ?? [];
  // The block's link goes out of the location too, so the body is read even when the marker names the meeting.
  const found = await findMeetingOnItem(deps, hosts, { withLink: true });
  if (!found) return { status: 'none' };
  try {
    await deps.api.deleteMeeting(found.meetingId);
  } catch (thrown) {
    if (!isApiError(thrown, 'meeting_not_found')) throw thrown;
  }
  const links = [found.webLink, knownLink].filter((l): l is string => typeof l === 'string' && l !== '');
  await clearMeetingFromItem(deps, links, hosts);
  return { status: 'removed', meetingId: found.meetingId };
}
