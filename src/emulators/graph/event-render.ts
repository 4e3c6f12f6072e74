/**
 * A stored event as Graph v1.0 returns it: every property of the event resource, in Graph's order,
 * start and end in UTC unless the caller asked for another zone (`Prefer: outlook.timezone`), ids in
 * the form the caller asked for (`Prefer: IdType`). All-day events are floating: their midnight
 * boundaries are shown as is, labelled with the requested zone.
 */
import { encodeEventId, IdType } from './event-ids';
import type { EventTime, StoredEvent } from './event-model';
import { formatGraphDateTime, formatGraphTimestamp, localOf, ResolvedTimeZone } from './time-zones';

export interface Mailbox {
  displayName: string;
  address: string;
}

export interface RenderOptions {
  idType: IdType;
  /** Requested with Prefer: outlook.timezone; UTC when absent. */
  timeZone?: ResolvedTimeZone;
  /** Requested with Prefer: outlook.body-content-type; the stored type (text shown as HTML) when absent. */
  bodyContentType?: 'text' | 'html';
  /** The owner of the calendar: the organizer of events created in it. */
  owner: Mailbox;
}

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Plain text of an HTML body, roughly as Exchange derives it. */
export function htmlToText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/gi, '')
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>\r\n');
  return `<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n<div>${escaped}</div>\r\n</body>\r\n</html>\r\n`;
}

function bodyPreview(ev: StoredEvent): string {
  const text = ev.body.contentType === 'html' ? htmlToText(ev.body.content) : ev.body.content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

function renderTime(t: EventTime, isAllDay: boolean, zone: ResolvedTimeZone | undefined): { dateTime: string; timeZone: string } {
  const label = zone?.name ?? 'UTC';
  if (isAllDay) return { dateTime: formatGraphDateTime(t.local), timeZone: label };
  return { dateTime: formatGraphDateTime(localOf(t.instant, zone?.iana ?? 'UTC')), timeZone: label };
}

export type EventIdentity = Pick<StoredEvent, 'mailboxId' | 'key'> &
  Partial<Pick<StoredEvent, 'seriesMasterKey' | 'originalStart' | 'type'>>;

/** The id Graph gives an event: an instance of a series is named by its master and original start. */
export function eventId(ev: EventIdentity, idType: IdType): string {
  if (
    (ev.type === 'occurrence' || ev.type === 'exception') &&
    ev.seriesMasterKey &&
    ev.originalStart !== null &&
    ev.originalStart !== undefined
  ) {
    return encodeEventId(idType, ev.mailboxId, ev.seriesMasterKey, ev.originalStart);
  }
  return encodeEventId(idType, ev.mailboxId, ev.key);
}

/** Graph's DateTimeOffset spelling for originalStart ("2026-11-24T17:00:00Z"). */
function formatOffsetDateTime(instant: number): string {
  return new Date(instant).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * The v1.0 names of a series' cancelled occurrences, "OID.{master id}.{yyyy-MM-dd}" (the
 * occurrence's original start date in the recurrence's zone), returned only when selected.
 */
export function cancelledOccurrenceIds(ev: StoredEvent, idType: IdType, iana: string): string[] {
  const masterId = eventId(ev, idType);
  return ev.cancelledOccurrences.map((start) => {
    const local = localOf(start, iana);
    const date = `${String(local.year).padStart(4, '0')}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
    return `OID.${masterId}.${date}`;
  });
}

/** The full resource. singleValueExtendedProperties are not part of it: they appear only when expanded. */
export function renderEvent(ev: StoredEvent, options: RenderOptions): Record<string, unknown> {
  const id = eventId(ev, options.idType);
  const restId = eventId(ev, 'rest');
  const wantsText = options.bodyContentType === 'text';
  const body =
    wantsText && ev.body.contentType === 'html'
      ? { contentType: 'text', content: htmlToText(ev.body.content) }
      : !wantsText && ev.body.contentType === 'text'
        ? { contentType: 'html', content: textToHtml(ev.body.content) }
        : { ...ev.body };
  const organizer = { emailAddress: { name: options.owner.displayName, address: options.owner.address } };
  return {
    '@odata.etag': `W/"${ev.changeKey}"`,
    id,
    createdDateTime: formatGraphTimestamp(ev.createdAt),
    lastModifiedDateTime: formatGraphTimestamp(ev.lastModifiedAt),
    changeKey: ev.changeKey,
    categories: [...ev.categories],
    transactionId: ev.transactionId,
    originalStartTimeZone: ev.start.timeZone,
    originalEndTimeZone: ev.end.timeZone,
    iCalUId: ev.iCalUId,
    reminderMinutesBeforeStart: ev.reminderMinutesBeforeStart,
    isReminderOn: ev.isReminderOn,
    hasAttachments: false,
    subject: ev.subject,
    bodyPreview: bodyPreview(ev),
    importance: ev.importance,
    sensitivity: ev.sensitivity,
    isAllDay: ev.isAllDay,
    isCancelled: ev.isCancelled,
    isOrganizer: true,
    responseRequested: ev.responseRequested,
    seriesMasterId: ev.seriesMasterKey ? eventId({ mailboxId: ev.mailboxId, key: ev.seriesMasterKey }, options.idType) : null,
    showAs: ev.showAs,
    type: ev.type,
    // Only instances of a series carry originalStart; single instances and masters do not.
    ...(ev.originalStart !== null && (ev.type === 'occurrence' || ev.type === 'exception')
      ? { originalStart: formatOffsetDateTime(ev.originalStart) }
      : {}),
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(restId)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: ev.isOnlineMeeting,
    onlineMeetingProvider: ev.onlineMeetingProvider,
    allowNewTimeProposals: ev.allowNewTimeProposals,
    isDraft: ev.isDraft,
    hideAttendees: ev.hideAttendees,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    body,
    start: renderTime(ev.start, ev.isAllDay, options.timeZone),
    end: renderTime(ev.end, ev.isAllDay, options.timeZone),
    location: structuredClone(ev.location),
    locations: structuredClone(ev.locations),
    recurrence: ev.recurrence ? structuredClone(ev.recurrence) : null,
    attendees: structuredClone(ev.attendees),
    organizer,
    onlineMeeting: ev.onlineMeeting ? structuredClone(ev.onlineMeeting) : null,
  };
}

/** Property names a client may $select or $filter on. */
export const EVENT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'transactionId',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'iCalUId',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'hasAttachments',
  'subject',
  'bodyPreview',
  'importance',
  'sensitivity',
  'isAllDay',
  'isCancelled',
  'isOrganizer',
  'responseRequested',
  'seriesMasterId',
  'showAs',
  'type',
  'originalStart',
  'webLink',
  'onlineMeetingUrl',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'isDraft',
  'hideAttendees',
  'responseStatus',
  'body',
  'start',
  'end',
  'location',
  'locations',
  'recurrence',
  'attendees',
  'organizer',
  'onlineMeeting',
  'singleValueExtendedProperties',
  'cancelledOccurrences',
] as const;
