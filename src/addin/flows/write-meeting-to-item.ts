/**
 * Puts a Webex meeting into the appointment being edited, and takes it out again:
 * - the join block (localized in the organizer's Office language, HTML or text as the body is),
 *   written only when the body would actually change: every full write may make Outlook wrap the
 *   body again (office-js issue 6778); rendered and placed by the flow's JoinBlockOps (flow-deps.ts:
 *   in the add-in, or by the backend for the launch event);
 * - the join link as a location (an enhanced custom location where the client has them, else an
 *   entry of the location text);
 * - the marker in the add-in's custom properties, naming the meeting for the backend.
 * The host key is never written: the join details are built field by field (src/core/join-block).
 */
import type { JoinBlockDetails } from '../../core/join-block';
import { joinDetailsFromWebexMeeting } from '../../core/join-block/join-details-from-webex';
import { isWebexJoinLink } from '../../core/join-block/join-link';
import { buildMarker, MARKER_PROPERTY_NAME } from '../../core/marker';
import type { MeetingDetails } from '../api/api-types';
import type { BodyAccess, ItemAccess } from './flow-deps';
import { locationWithLink, locationWithoutLinks } from './location-with-link';

export interface WriteOptions {
  locale: string | undefined;
  joinLinkHosts?: readonly string[];
  now: Date;
}

/** The join details the block shows; the password stays out when the user asked for that. */
export function joinDetailsOf(meeting: MeetingDetails): JoinBlockDetails {
  const details = joinDetailsFromWebexMeeting(meeting);
  if (!meeting.excludePassword) return details;
  const { password: _password, numericPassword: _numeric, ...rest } = details;
  return rest;
}

/** Writes or refreshes the join block; resolves to whether the body was written. */
export async function writeJoinBlock(access: BodyAccess, meeting: MeetingDetails, options: WriteOptions): Promise<boolean> {
  const type = await access.item.getBodyType();
  const body = await access.item.getBody(type);
  const block = { details: joinDetailsOf(meeting), locale: options.locale };
  const next = await access.joinBlocks.write(body, type, block, options.joinLinkHosts ?? []);
  if (next === body) return false;
  await access.item.setBody(next, type);
  return true;
}

export async function addLinkToLocation(access: ItemAccess, link: string): Promise<void> {
  const { item } = access;
  if (item.supportsEnhancedLocation()) {
    const custom = await item.getCustomLocations();
    if (!custom.includes(link)) await item.addCustomLocation(link);
    return;
  }
  const location = await item.getLocation();
  const next = locationWithLink(location, link);
  if (next !== location) await item.setLocation(next);
}

export async function removeLinkFromLocation(access: ItemAccess, isLink: (entry: string) => boolean): Promise<void> {
  const { item } = access;
  if (item.supportsEnhancedLocation()) {
    for (const name of await item.getCustomLocations()) {
      if (isLink(name)) await item.removeCustomLocation(name);
    }
    return;
  }
  const location = await item.getLocation();
  const next = locationWithoutLinks(location, isLink);
  if (next !== location) await item.setLocation(next);
}

export async function writeMarker(access: ItemAccess, meeting: MeetingDetails, now: Date): Promise<void> {
  const props = await access.loadCustomProperties();
  const seriesId = meeting.meetingSeriesId && meeting.meetingSeriesId !== meeting.id ? meeting.meetingSeriesId : undefined;
  props.set(MARKER_PROPERTY_NAME, buildMarker({ meetingId: meeting.id, ...(seriesId ? { seriesId } : {}), createdAt: now }));
  await props.save();
}

/** Everything at once: block, location, marker. */
export async function writeMeetingToItem(access: BodyAccess, meeting: MeetingDetails, options: WriteOptions): Promise<void> {
  await writeJoinBlock(access, meeting, options);
  if (meeting.webLink) await addLinkToLocation(access, meeting.webLink);
  await writeMarker(access, meeting, options.now);
}

/**
 * Takes block, link and marker out. `knownLinks` are links known to be ours (the meeting's, the
 * block's); any other Webex join link in the location goes too.
 */
export async function clearMeetingFromItem(
  access: BodyAccess,
  knownLinks: readonly string[],
  joinLinkHosts: readonly string[] = [],
): Promise<void> {
  const type = await access.item.getBodyType();
  const body = await access.item.getBody(type);
  const next = await access.joinBlocks.remove(body, type, joinLinkHosts);
  if (next !== body) await access.item.setBody(next, type);
  const isLink = (entry: string) => knownLinks.includes(entry) || isWebexJoinLink(entry, joinLinkHosts);
  await removeLinkFromLocation(access, isLink);
  const props = await access.loadCustomProperties();
  const marker: unknown = props.get(MARKER_PROPERTY_NAME);
  if (marker !== undefined && marker !== null) {
    props.remove(MARKER_PROPERTY_NAME);
    await props.save();
  }
}
