/**
 * Which Webex meeting the appointment being edited already has, if any: the marker in the add-in's
 * custom properties first, then the join block in the body (some clients write custom properties
 * late, and a copied or forwarded item may carry only the body).
 *
 * When the marker names the meeting, the body is left unread unless the caller wants the block's
 * link too (removing a meeting takes that link out of the location): in the launch event, finding
 * the block is a call to the backend (remote-join-block-ops.ts), and the common case needs none.
 */
import { MARKER_PROPERTY_NAME, parseMarker } from '../../core/marker';
import type { BodyAccess } from './flow-deps';

export interface MeetingOnItem {
  meetingId: string;
  /** Where it was found. */
  source: 'marker' | 'body';
  /** The join link of the block in the body, when there is one (and, with a marker, when asked for). */
  webLink?: string;
}

export interface FindMeetingOptions {
  /** Read the body for the block's join link even when the marker names the meeting. */
  withLink?: boolean;
}

async function blockOnItem(access: BodyAccess, joinLinkHosts: readonly string[]) {
  const type = await access.item.getBodyType();
  return access.joinBlocks.find(await access.item.getBody(type), type, joinLinkHosts);
}

export async function findMeetingOnItem(
  access: BodyAccess,
  joinLinkHosts: readonly string[] = [],
  options: FindMeetingOptions = {},
): Promise<MeetingOnItem | undefined> {
  const props = await access.loadCustomProperties();
  const marker = parseMarker(props.get(MARKER_PROPERTY_NAME));
  if (marker && !options.withLink) return { meetingId: marker.meetingId, source: 'marker' };
  const block = await blockOnItem(access, joinLinkHosts);
  if (marker) return { meetingId: marker.meetingId, source: 'marker', ...(block ? { webLink: block.webLink } : {}) };
  if (block?.meetingId) return { meetingId: block.meetingId, source: 'body', webLink: block.webLink };
  return undefined;
}
