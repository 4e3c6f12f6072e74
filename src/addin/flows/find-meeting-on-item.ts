/**
 * Which Webex meeting the appointment being edited already has, if any: the marker in the add-in's
 * custom properties first, then the join block in the body (some clients write custom properties
 * late, and a copied or forwarded item may carry only the body).
 */
import { findJoinBlock } from '../../core/join-block';
import { MARKER_PROPERTY_NAME, parseMarker } from '../../core/marker';
import type { ItemAccess } from './flow-deps';

export interface MeetingOnItem {
  meetingId: string;
  /** Where it was found. */
  source: 'marker' | 'body';
  /** The join link of the block in the body, when there is one. */
  webLink?: string;
}

export async function findMeetingOnItem(access: ItemAccess, joinLinkHosts: readonly string[] = []): Promise<MeetingOnItem | undefined> {
  const props = await access.loadCustomProperties();
  const marker = parseMarker(props.get(MARKER_PROPERTY_NAME));
  const type = await access.item.getBodyType();
  const block = findJoinBlock(await access.item.getBody(type), type, { joinLinkHosts });
  if (marker) return { meetingId: marker.meetingId, source: 'marker', ...(block ? { webLink: block.webLink } : {}) };
  if (block?.meetingId) return { meetingId: block.meetingId, source: 'body', webLink: block.webLink };
  return undefined;
}
