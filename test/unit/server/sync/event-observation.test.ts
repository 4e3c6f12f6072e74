import { renderJoinBlockHtml, joinBlockStringsFor } from '../../../../src/core/join-block';
import { customPropertiesWithMarker, buildMarker } from '../../../../src/core/marker';
import { cancelledOccurrenceStarts, instantOfGraphDateTime, observeEvent } from '../../../../src/server/sync/event-observation';
import { SyncError } from '../../../../src/server/sync/sync-error';

const ADDIN_ID = 'e11830dd-13a2-4b11-9012-8e90508d3f44';
// Graph returns the property set GUID in lower case.
const PROPERTY_ID = `String {00020329-0000-0000-c000-000000000046} Name cecp-${ADDIN_ID}`;
const fingerprint = (value: string) => `fp(${value})`;
const options = { addinId: ADDIN_ID, fingerprint };

const block = renderJoinBlockHtml(
  { meetingId: 'meeting-from-block', meetingNumber: '25551234567', webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m0123' },
  joinBlockStringsFor('en-US'),
);

function graphEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'AAMkAD-1',
    changeKey: 'DwAAABYAAAA1',
    subject: 'Budget',
    type: 'singleInstance',
    isAllDay: false,
    isCancelled: false,
    isOrganizer: true,
    start: { dateTime: '2030-11-25T17:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2030-11-25T17:30:00.0000000', timeZone: 'UTC' },
    originalStartTimeZone: 'Pacific Standard Time',
    originalEndTimeZone: 'Pacific Standard Time',
    recurrence: null,
    body: { contentType: 'html', content: `<html><body><p>Agenda</p>${block}</body></html>` },
    singleValueExtendedProperties: [
      {
        id: PROPERTY_ID,
        value: customPropertiesWithMarker(undefined, buildMarker({ meetingId: 'meeting-from-marker', createdAt: '2030-11-01T00:00:00Z' })),
      },
    ],
    ...overrides,
  };
}

describe('observeEvent', () => {
  it('reads times in UTC and maps the Windows zone of the organizer to IANA', () => {
    const event = observeEvent(graphEvent(), options);
    expect(event.start.toISOString()).toBe('2030-11-25T17:00:00.000Z');
    expect(event.end.toISOString()).toBe('2030-11-25T17:30:00.000Z');
    expect(event.timeZone).toBe('America/Los_Angeles');
  });

  it('takes the marker from the custom property, matching its id whatever the case of the GUID', () => {
    expect(observeEvent(graphEvent(), options).marker).toEqual({ meetingId: 'meeting-from-marker', source: 'property' });
  });

  it('falls back to the join block when the custom property is missing', () => {
    const event = observeEvent(graphEvent({ singleValueExtendedProperties: undefined }), options);
    expect(event.marker).toEqual({ meetingId: 'meeting-from-block', source: 'joinBlock' });
    expect(event.hasJoinBlock).toBe(true);
  });

  it('sees neither marker nor block in an ordinary event', () => {
    const event = observeEvent(
      graphEvent({ singleValueExtendedProperties: undefined, body: { contentType: 'html', content: '<p>Lunch</p>' } }),
      options,
    );
    expect(event.marker).toBeUndefined();
    expect(event.hasJoinBlock).toBe(false);
  });

  it('keeps the subject out of what it returns, except as a fingerprint and the Webex title', () => {
    const event = observeEvent(graphEvent({ subject: 'Salary talk with Megan' }), options);
    expect(event.subjectHash).toBe('fp(Salary talk with Megan)');
    expect(event.title).toBe('Salary talk with Megan');
  });

  it('invites the attendees, not the rooms nor the organizer, each address once; the link gets only a fingerprint', () => {
    const event = observeEvent(
      graphEvent({
        organizer: { emailAddress: { address: 'Alex.Wilber@contoso.example', name: 'Alex Wilber' } },
        attendees: [
          { type: 'required', emailAddress: { address: 'megan.bowen@contoso.example', name: 'Megan Bowen' } },
          { type: 'optional', emailAddress: { address: 'guest@example.org', name: 'guest@example.org' } },
          { type: 'resource', emailAddress: { address: 'room-1@contoso.example', name: 'Room 1' } },
          { type: 'required', emailAddress: { address: 'alex.wilber@contoso.example', name: 'Alex Wilber' } },
          { type: 'required', emailAddress: { address: 'MEGAN.BOWEN@contoso.example', name: 'Megan' } },
        ],
      }),
      options,
    );
    expect(event.invitees).toEqual([
      { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', coHost: false },
      { email: 'guest@example.org', coHost: false },
    ]);
    expect(event.attendeesHash).toBe('fp(guest@example.org\nmegan.bowen@contoso.example)');
    // The same people in another order, or spelt in capitals, are the same set.
    const reordered = observeEvent(
      graphEvent({
        attendees: [
          { emailAddress: { address: 'Guest@Example.org' } },
          { type: 'required', emailAddress: { address: 'megan.bowen@contoso.example' } },
        ],
      }),
      options,
    );
    expect(reordered.attendeesHash).toBe(event.attendeesHash);
    expect(observeEvent(graphEvent(), options).attendeesHash).toBe('fp()');
  });

  it('gives a series master its recurrence hash and Webex rule', () => {
    const event = observeEvent(
      graphEvent({
        type: 'seriesMaster',
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
          range: { type: 'numbered', startDate: '2030-11-25', numberOfOccurrences: 10, recurrenceTimeZone: 'Pacific Standard Time' },
        },
      }),
      options,
    );
    expect(event.recurrence).toEqual({ rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=10' });
    expect(event.recurrenceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says why Webex cannot take a recurrence instead of failing', () => {
    const event = observeEvent(
      graphEvent({
        type: 'seriesMaster',
        recurrence: {
          pattern: {
            type: 'relativeMonthly',
            interval: 1,
            daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
            index: 'last',
          },
          range: { type: 'noEnd', startDate: '2030-11-25', recurrenceTimeZone: 'Pacific Standard Time' },
        },
      }),
      options,
    );
    expect(event.recurrence).toEqual({ errorCode: 'recurrence_unsupported' });
  });

  it('refuses an answer without an id, a changeKey or times', () => {
    expect(() => observeEvent(graphEvent({ changeKey: undefined }), options)).toThrow(SyncError);
    expect(() => observeEvent({ id: 'x', changeKey: 'y' }, options)).toThrow(expect.objectContaining({ code: 'graph_response_invalid' }));
  });
});

describe('instantOfGraphDateTime', () => {
  it('reads a dateTime in a named zone, across the DST change', () => {
    expect(instantOfGraphDateTime({ dateTime: '2030-03-11T09:00:00.0000000', timeZone: 'Pacific Standard Time' })?.toISOString()).toBe(
      '2030-03-11T16:00:00.000Z',
    );
    expect(instantOfGraphDateTime({ dateTime: '2030-03-04T09:00:00.0000000', timeZone: 'Pacific Standard Time' })?.toISOString()).toBe(
      '2030-03-04T17:00:00.000Z',
    );
  });
});

describe('cancelledOccurrenceStarts', () => {
  it('turns OID names into original starts at the series time of day, in the series zone', () => {
    const starts = cancelledOccurrenceStarts(
      ['OID.AAMkAD-master.2030-03-11', 'OID.AAMkAD-master.2030-03-04'],
      new Date('2030-03-04T17:00:00Z'),
      'America/Los_Angeles',
    );
    expect(starts?.map((d) => d.toISOString())).toEqual(['2030-03-04T17:00:00.000Z', '2030-03-11T16:00:00.000Z']);
  });

  it('is undefined when Graph did not say', () => {
    expect(cancelledOccurrenceStarts(undefined, new Date(), 'UTC')).toBeUndefined();
  });
});
