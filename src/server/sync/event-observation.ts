/**
 * What the sync engine sees of an Outlook event: the Graph event (as read with EVENT_SELECT)
 * reduced to the values reconcile compares, plus the raw body and custom properties needed to
 * rewrite a copy. Pure: the subject is only fingerprinted (the caller passes the store's keyed
 * HMAC) and turned into the Webex title; neither is logged.
 *
 * - Times: Graph gives UTC (we never send `Prefer: outlook.timezone`); the organizer's zone is
 *   `originalStartTimeZone`, usually a Windows name, mapped to IANA for Webex
 *   (docs/architecture.md#service-facts).
 * - The marker: our key in the add-in's custom properties (the extended property
 *   `String {00020329-...} Name cecp-<add-in id>`), else the meeting id the join block carries,
 *   since some clients write custom properties late.
 * - Recurrence: its canonical hash (what changed?) and the Webex RRULE, or why Webex cannot take it.
 * - Attendees: the people to invite (rooms and the organizer left out, core/invitees.ts), and the
 *   keyed fingerprint of their addresses, which is all the link keeps of them.
 */
import { attendeeSetText, inviteesFromAttendees, type Attendee, type Invitee } from '../../core/invitees';
import { findJoinBlock } from '../../core/join-block';
import { customPropertiesValue, extendedPropertyExpand, markerFromCustomProperties } from '../../core/marker';
import { webexTitle } from '../../core/meeting-draft';
import { graphToRrule, RecurrenceError, recurrenceHash, type GraphPatternedRecurrence } from '../../core/recurrence';
import { ianaZoneOf, instantOfWallClock, parseLocalDateTime, wallClockAt } from '../../core/recurrence/zoned-time';
import { SyncError } from './sync-error';

export type GraphEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

/**
 * The properties one event read asks for: everything reconcile and a copy rewrite need, nothing
 * more. `cancelledOccurrences` is Graph's list of a series master's cancelled occurrences
 * ("returned only on $select in a Get of a series master"); a Graph that refuses it gets
 * EVENT_SELECT_BASIC instead (user-scope.ts).
 */
export const EVENT_SELECT = [
  'subject',
  'start',
  'end',
  'isCancelled',
  'isOrganizer',
  'type',
  'seriesMasterId',
  'originalStart',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'recurrence',
  'body',
  'changeKey',
  'isAllDay',
  'attendees',
  'organizer',
  'cancelledOccurrences',
].join(',');

export const EVENT_SELECT_BASIC = EVENT_SELECT.replace(',cancelledOccurrences', '');

/** Query options of the one GET per event change: $select plus our custom properties. */
export function eventReadQuery(addinId: string, withCancelledOccurrences = true): Record<string, string> {
  return { $select: withCancelledOccurrences ? EVENT_SELECT : EVENT_SELECT_BASIC, $expand: extendedPropertyExpand(addinId) };
}

export interface EventMarkerRef {
  /** The Webex meeting (series) the event names. */
  meetingId: string;
  /** Where it was found: our custom property, or the join block in the body (fallback). */
  source: 'property' | 'joinBlock';
}

export type WebexRecurrence = { rrule: string } | { errorCode: string };

export interface ObservedEvent {
  eventId: string;
  changeKey: string;
  type: GraphEventType;
  /** Occurrences and exceptions: their series master. */
  seriesMasterId?: string;
  /** Occurrences and exceptions: the start the series gave them (names the Webex occurrence). */
  originalStart?: Date;
  start: Date;
  end: Date;
  isAllDay: boolean;
  isCancelled: boolean;
  /** False on an attendee's copy of a meeting: its join block is someone else's. */
  isOrganizer: boolean;
  /** Keyed fingerprint of the subject (what the link stores). */
  subjectHash: string;
  /** The subject as Webex will have it. Never logged. */
  title: string;
  /** The organizer's zone, IANA. */
  timeZone: string;
  /** Canonical hash of the recurrence; null for anything but a series master. */
  recurrenceHash: string | null;
  /** Series masters: the Webex rule, or the code saying why Webex cannot hold it. */
  recurrence?: WebexRecurrence;
  marker?: EventMarkerRef;
  /** Whether the body still holds a join block of ours (however Outlook rewrote it). */
  hasJoinBlock: boolean;
  /** Series masters: original starts of cancelled occurrences; undefined when Graph did not say. */
  cancelledOccurrences?: Date[];
  /** The people to invite to the Webex meeting (none is an alternate host here). Never logged. */
  invitees: Invitee[];
  /** Keyed fingerprint of the invitees' addresses (what the link stores). */
  attendeesHash: string;
  /** What a copy's rewrite needs. Never logged. */
  raw: {
    body: { contentType: 'html' | 'text'; content: string };
    customProperties?: string;
  };
}

export interface ObserveOptions {
  /** The add-in's manifest id (its custom properties' name). */
  addinId: string;
  /** Keyed HMAC of a subject (store.fingerprint). */
  fingerprint: (value: string) => string;
  /** Join link hosts besides webex.com (a test site). */
  joinLinkHosts?: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(what: string): SyncError {
  return new SyncError('graph_response_invalid', `the event Graph returned has no usable ${what}`);
}

/** Graph's dateTimeTimeZone ({ dateTime: "2026-11-24T17:00:00.0000000", timeZone: "UTC" }) as an instant. */
export function instantOfGraphDateTime(value: unknown): Date | undefined {
  if (!isRecord(value) || typeof value.dateTime !== 'string') return undefined;
  const zone = typeof value.timeZone === 'string' ? ianaZoneOf(value.timeZone) : 'UTC';
  const text = value.dateTime.trim();
  // Seven fractional digits are Graph's habit; an explicit offset is read as given.
  if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  const wall = parseLocalDateTime(text.replace(/(\.\d{3})\d+$/, '$1'));
  if (wall === undefined || zone === undefined) return undefined;
  return new Date(zone === 'UTC' ? wall : instantOfWallClock(wall, zone));
}

function eventType(value: unknown): GraphEventType {
  return value === 'occurrence' || value === 'exception' || value === 'seriesMaster' ? value : 'singleInstance';
}

/**
 * Cancelled occurrences as Graph names them, "OID.{master id}.{yyyy-MM-dd}" (the original start's
 * date in the series zone), turned into original starts: that date at the series' time of day.
 */
export function cancelledOccurrenceStarts(names: unknown, seriesStart: Date, zone: string): Date[] | undefined {
  if (!Array.isArray(names)) return undefined;
  const wallStart = wallClockAt(seriesStart.getTime(), zone);
  const timeOfDay = ((wallStart % 86_400_000) + 86_400_000) % 86_400_000;
  const starts: Date[] = [];
  for (const name of names as unknown[]) {
    const date = typeof name === 'string' ? /\.(\d{4}-\d{2}-\d{2})$/.exec(name)?.[1] : undefined;
    const day = date === undefined ? undefined : parseLocalDateTime(date);
    if (day !== undefined) starts.push(new Date(instantOfWallClock(day + timeOfDay, zone)));
  }
  return starts.sort((a, b) => a.getTime() - b.getTime());
}

/** Graph's attendees (`{ type, emailAddress: { address, name } }`) as core attendees. */
function attendeesOf(value: unknown): Attendee[] {
  if (!Array.isArray(value)) return [];
  const attendees: Attendee[] = [];
  for (const item of value as unknown[]) {
    if (!isRecord(item) || !isRecord(item.emailAddress) || typeof item.emailAddress.address !== 'string') continue;
    const type = item.type === 'optional' || item.type === 'resource' ? item.type : 'required';
    attendees.push({
      email: item.emailAddress.address,
      ...(typeof item.emailAddress.name === 'string' ? { displayName: item.emailAddress.name } : {}),
      type,
    });
  }
  return attendees;
}

function organizerOf(value: unknown): string | undefined {
  return isRecord(value) && isRecord(value.emailAddress) && typeof value.emailAddress.address === 'string'
    ? value.emailAddress.address
    : undefined;
}

function bodyOf(value: unknown): ObservedEvent['raw']['body'] {
  if (!isRecord(value) || typeof value.content !== 'string') return { contentType: 'html', content: '' };
  return { contentType: String(value.contentType).toLowerCase() === 'text' ? 'text' : 'html', content: value.content };
}

function recurrenceOf(recurrence: unknown, zone: string): { hash: string | null; webex?: WebexRecurrence } {
  if (!isRecord(recurrence)) return { hash: null };
  const graph = recurrence as unknown as GraphPatternedRecurrence;
  let hash: string;
  try {
    hash = recurrenceHash(graph, { timeZone: zone });
  } catch {
    // Unreadable here, but still a change to notice when it becomes readable.
    hash = `unreadable:${JSON.stringify(recurrence).length}`;
  }
  try {
    return { hash, webex: { rrule: graphToRrule(graph, { timeZone: zone }) } };
  } catch (thrown) {
    return { hash, webex: { errorCode: thrown instanceof RecurrenceError ? thrown.code : 'recurrence_invalid' } };
  }
}

/** Reduces a Graph event to what the sync engine compares. Throws SyncError 'graph_response_invalid'. */
export function observeEvent(event: unknown, options: ObserveOptions): ObservedEvent {
  if (!isRecord(event)) throw invalid('body');
  const eventId = typeof event.id === 'string' && event.id !== '' ? event.id : undefined;
  if (!eventId) throw invalid('id');
  const changeKey = typeof event.changeKey === 'string' && event.changeKey !== '' ? event.changeKey : undefined;
  if (!changeKey) throw invalid('changeKey');
  const start = instantOfGraphDateTime(event.start);
  const end = instantOfGraphDateTime(event.end);
  if (!start || !end) throw invalid('start or end');

  const recurrenceZone =
    isRecord(event.recurrence) && isRecord(event.recurrence.range) ? event.recurrence.range.recurrenceTimeZone : undefined;
  const timeZone =
    (typeof event.originalStartTimeZone === 'string' ? ianaZoneOf(event.originalStartTimeZone) : undefined) ??
    (typeof recurrenceZone === 'string' ? ianaZoneOf(recurrenceZone) : undefined) ??
    'UTC';
  const type = eventType(event.type);
  const subject = typeof event.subject === 'string' ? event.subject : '';
  const body = bodyOf(event.body);
  const customProperties = customPropertiesValue(event.singleValueExtendedProperties, options.addinId);
  const propertyMarker = markerFromCustomProperties(customProperties);
  // The body's join block names the meeting only when the custom property does not, and is asked
  // about only when there is no marker (reconcile.ts): with the add-in's property, the usual case,
  // the body is parsed only if someone asks (parsing it is most of what observing an event costs).
  let found: { block: ReturnType<typeof findJoinBlock> } | undefined;
  const joinBlock = (): ReturnType<typeof findJoinBlock> => {
    if (found) return found.block;
    try {
      found = {
        block: body.content === '' ? undefined : findJoinBlock(body.content, body.contentType, { joinLinkHosts: options.joinLinkHosts }),
      };
    } catch {
      // A body the finder cannot read holds no block we could act on.
      found = { block: undefined };
    }
    return found.block;
  };
  const block = propertyMarker ? undefined : joinBlock();
  const marker: EventMarkerRef | undefined = propertyMarker
    ? { meetingId: propertyMarker.meetingId, source: 'property' }
    : block?.meetingId
      ? { meetingId: block.meetingId, source: 'joinBlock' }
      : undefined;

  const series = type === 'seriesMaster' ? recurrenceOf(event.recurrence, timeZone) : { hash: null };
  const seriesZone = (typeof recurrenceZone === 'string' ? ianaZoneOf(recurrenceZone) : undefined) ?? timeZone;
  const originalStart =
    typeof event.originalStart === 'string' && !Number.isNaN(Date.parse(event.originalStart)) ? new Date(event.originalStart) : undefined;
  const seriesMasterId = typeof event.seriesMasterId === 'string' && event.seriesMasterId !== '' ? event.seriesMasterId : undefined;
  const cancelled = type === 'seriesMaster' ? cancelledOccurrenceStarts(event.cancelledOccurrences, start, seriesZone) : undefined;
  const invitees = inviteesFromAttendees(attendeesOf(event.attendees), { exclude: [organizerOf(event.organizer)] });

  return {
    eventId,
    changeKey,
    type,
    ...(seriesMasterId ? { seriesMasterId } : {}),
    ...(originalStart ? { originalStart } : {}),
    start,
    end,
    isAllDay: event.isAllDay === true,
    isCancelled: event.isCancelled === true,
    isOrganizer: event.isOrganizer !== false,
    subjectHash: options.fingerprint(subject),
    title: webexTitle(subject),
    timeZone,
    recurrenceHash: series.hash,
    ...(series.webex ? { recurrence: series.webex } : {}),
    ...(marker ? { marker } : {}),
    get hasJoinBlock() {
      return joinBlock() !== undefined;
    },
    ...(cancelled ? { cancelledOccurrences: cancelled } : {}),
    invitees,
    attendeesHash: options.fingerprint(attendeeSetText(invitees)),
    raw: { body, ...(customProperties !== undefined ? { customProperties } : {}) },
  };
}
