/**
 * Builders of what reconcile reads: an observed event and a link, in step with each other unless a
 * test changes one of them. The event is a Webex meeting's appointment on Monday 4 March 2030,
 * 09:00-09:30 in Los Angeles (17:00 UTC), organizer's zone "Pacific Standard Time".
 */
import type { ObservedEvent } from '../../../../src/server/sync/event-observation';
import type { LinkState, SyncState } from '../../../../src/server/sync/reconcile';

export const START = new Date('2030-03-04T17:00:00Z');
export const END = new Date('2030-03-04T17:30:00Z');
export const MEETING = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const EVENT = 'AAMkAGI2-event-1';
export const OTHER_EVENT = 'AAMkAGI2-event-0';
export const MASTER = 'AAMkAGI2-master-1';
export const WEEKLY_RRULE = 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO';

export const minutes = (n: number): number => n * 60_000;
export const at = (base: Date, deltaMs: number): Date => new Date(base.getTime() + deltaMs);

export function observed(overrides: Partial<ObservedEvent> = {}): ObservedEvent {
  return {
    eventId: EVENT,
    changeKey: 'ck-2',
    type: 'singleInstance',
    start: START,
    end: END,
    isAllDay: false,
    isCancelled: false,
    isOrganizer: true,
    subjectHash: 'subject-hash-1',
    title: 'Quarterly review',
    timeZone: 'America/Los_Angeles',
    recurrenceHash: null,
    marker: { meetingId: MEETING, source: 'property' },
    hasJoinBlock: true,
    invitees: [{ email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', coHost: false }],
    attendeesHash: 'attendees-hash-1',
    raw: { body: { contentType: 'html', content: '' } },
    ...overrides,
  };
}

export function seriesMaster(overrides: Partial<ObservedEvent> = {}): ObservedEvent {
  return observed({
    eventId: MASTER,
    type: 'seriesMaster',
    recurrenceHash: 'recurrence-hash-weekly',
    recurrence: { rrule: WEEKLY_RRULE },
    cancelledOccurrences: [],
    ...overrides,
  });
}

/** An instance of the series: by default the second Monday, moved by nothing. */
export function instance(overrides: Partial<ObservedEvent> = {}): ObservedEvent {
  const originalStart = at(START, 7 * 24 * 60 * minutes(1));
  return observed({
    eventId: 'AAMkAGI2-exception-1',
    type: 'exception',
    seriesMasterId: MASTER,
    originalStart,
    start: originalStart,
    end: at(originalStart, minutes(30)),
    marker: undefined,
    ...overrides,
  });
}

export function stateOf(event: ObservedEvent, changeKey = 'ck-1'): SyncState {
  return {
    changeKey,
    startUtc: event.start,
    endUtc: event.end,
    subjectHash: event.subjectHash,
    recurrenceHash: event.recurrenceHash,
    attendeesHash: event.attendeesHash,
  };
}

export function linkOf(event: ObservedEvent, overrides: Partial<LinkState> = {}): LinkState {
  return { eventId: event.eventId, meetingId: MEETING, lastSynced: stateOf(event), ...overrides };
}
