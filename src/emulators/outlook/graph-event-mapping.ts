/**
 * What Outlook writes to the mailbox when the user saves an appointment, and what it shows when
 * the user opens one: the form's state as a Graph event and back.
 *
 * Custom properties: Outlook keeps all of one add-in's custom properties on an item as one JSON
 * string in the named property "cecp-<add-in id>" of PS_PUBLIC_STRINGS ([MS-OXCEXT] 2.2.5), which
 * Graph shows as the single-value extended property
 * `String {00020329-0000-0000-C000-000000000046} Name cecp-<add-in id>`. Graph answers with the
 * GUID in lower case, so reading matches the id without regard to case.
 */
import type { AppointmentState, LocationDetailsJson } from './appointment-draft';
import type { EmailAddressJson } from './devhost-bridge';
import { recurrenceFromGraph, recurrenceToGraph, type GraphRecurrence } from './recurrence-graph-mapping';
import { instantOfLocal, isKnownTimeZone, localOfInstant } from './zoned-time';

export const PS_PUBLIC_STRINGS = '{00020329-0000-0000-C000-000000000046}';

/** The add-in id as it appears in the property name: lower case, no braces. */
export function customPropertiesPropertyId(addinId: string): string {
  return `String ${PS_PUBLIC_STRINGS} Name cecp-${addinId.trim().toLowerCase().replace(/[{}]/g, '')}`;
}

export interface MailboxZone {
  /** IANA name: the dev host's clock arithmetic. */
  iana: string;
  /** Windows name: what Outlook writes (originalStartTimeZone) and Office reports. */
  windows: string;
}

const sameId = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

function graphDateTime(instant: number, zone: MailboxZone) {
  return { dateTime: `${localOfInstant(instant, zone.iana, true)}.0000000`, timeZone: zone.windows };
}

function attendee(a: EmailAddressJson, type: 'required' | 'optional') {
  return { type, emailAddress: { address: a.emailAddress, name: a.displayName || a.emailAddress } };
}

/** The Graph event body (POST or PATCH) for the form's state. */
export function appointmentToGraphEvent(state: Readonly<AppointmentState>, addinId: string, zone: MailboxZone): Record<string, unknown> {
  const event: Record<string, unknown> = {
    subject: state.subject,
    body: { contentType: 'html', content: state.bodyHtml },
    start: graphDateTime(state.start, zone),
    end: graphDateTime(state.end, zone),
    isAllDay: state.isAllDay,
    location: { displayName: state.location },
    attendees: [
      ...state.requiredAttendees.map((a) => attendee(a, 'required')),
      ...state.optionalAttendees.map((a) => attendee(a, 'optional')),
    ],
    recurrence: state.recurrence ? recurrenceToGraph(state.recurrence) : null,
  };
  if (state.customProperties !== undefined) {
    event.singleValueExtendedProperties = [{ id: customPropertiesPropertyId(addinId), value: JSON.stringify(state.customProperties) }];
  }
  return event;
}

interface GraphEventLike {
  id?: string;
  subject?: string;
  body?: { contentType?: string; content?: string };
  start?: { dateTime?: string; timeZone?: string };
  end?: { dateTime?: string; timeZone?: string };
  isAllDay?: boolean;
  location?: { displayName?: string };
  locations?: Array<{ displayName?: string; locationEmailAddress?: string; locationType?: string; uniqueId?: string }>;
  attendees?: Array<{ type?: string; emailAddress?: { address?: string; name?: string }; status?: { response?: string } }>;
  recurrence?: GraphRecurrence | null;
  singleValueExtendedProperties?: Array<{ id?: string; value?: string }>;
}

/** Graph's "2025-06-02T08:00:00.0000000" in UTC (what Graph answers without Prefer: outlook.timezone). */
function utcInstant(t: { dateTime?: string; timeZone?: string } | undefined): number | undefined {
  if (!t?.dateTime) return undefined;
  const local = t.dateTime.replace(/\.\d+$/, '');
  // The dev host reads without Prefer: outlook.timezone, so Graph answers in UTC; an IANA zone is read too.
  const zone = t.timeZone && isKnownTimeZone(t.timeZone) ? t.timeZone : 'UTC';
  return zone === 'UTC' ? Date.parse(`${local}Z`) : instantOfLocal(local, zone);
}

function customPropertiesOf(event: GraphEventLike, addinId: string): Record<string, unknown> | undefined {
  const wanted = customPropertiesPropertyId(addinId);
  const prop = (event.singleValueExtendedProperties ?? []).find((p) => typeof p.id === 'string' && sameId(p.id, wanted));
  if (!prop || typeof prop.value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(prop.value) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function recipientsOf(event: GraphEventLike, type: string): EmailAddressJson[] {
  return (event.attendees ?? [])
    .filter((a) => a.type === type)
    .map((a) => ({
      emailAddress: a.emailAddress?.address ?? '',
      displayName: a.emailAddress?.name ?? a.emailAddress?.address ?? '',
      recipientType: 'user',
      appointmentResponse: a.status?.response === 'notResponded' ? 'none' : (a.status?.response ?? 'none'),
    }));
}

/** The form's state for a saved event read from Graph (UTC times, the property expanded). */
export function appointmentFromGraphEvent(event: GraphEventLike, addinId: string, zone: MailboxZone): Partial<AppointmentState> {
  const start = utcInstant(event.start) ?? Date.now();
  const end = utcInstant(event.end) ?? start + 30 * 60_000;
  const locations: LocationDetailsJson[] = (event.locations ?? [])
    .filter((l) => l.displayName)
    .map((l) => ({
      locationIdentifier: { id: l.uniqueId ?? l.displayName ?? '', type: l.locationType === 'conferenceRoom' ? 'room' : 'custom' },
      displayName: l.displayName ?? '',
      emailAddress: l.locationEmailAddress,
      locationType: l.locationType === 'conferenceRoom' ? 'room' : 'custom',
    }));
  const localStart = localOfInstant(start, zone.iana);
  return {
    subject: event.subject ?? '',
    start,
    end,
    isAllDay: event.isAllDay ?? false,
    location: event.location?.displayName ?? '',
    enhancedLocations: locations,
    bodyHtml: event.body?.content ?? '',
    requiredAttendees: recipientsOf(event, 'required'),
    optionalAttendees: recipientsOf(event, 'optional'),
    recurrence: event.recurrence
      ? recurrenceFromGraph(event.recurrence, {
          startTime: localStart.slice(11, 16),
          duration: Math.round((end - start) / 60_000),
          timeZone: zone.windows,
        })
      : null,
    customProperties: customPropertiesOf(event, addinId),
    eventId: event.id,
  };
}
