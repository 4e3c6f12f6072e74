import { MARKER_PROPERTY_NAME } from '../../../../src/core/marker';
import { addMeeting } from '../../../../src/addin/flows/add-meeting';
import { FlowError } from '../../../../src/addin/flows/flow-error';
import { fakeApi } from '../fake-api';
import { harness, type Harness } from '../flow-harness';

let h: Harness;
afterEach(() => h.uninstall());

const LINK = 'https://contoso.webex.com/contoso/j.php?MTID=m0123456789abcdef';

describe('adding a Webex meeting', () => {
  it('creates the meeting from the appointment and writes the join block, the location and the marker', async () => {
    h = harness({ sets: { Mailbox: '1.13' } });
    const result = await addMeeting(h.deps);

    expect(result).toMatchObject({ status: 'added', meeting: { id: 'a1b2c3d4e5f6' } });
    expect(h.api.drafts).toEqual([
      {
        subject: 'Quarterly planning',
        start: '2030-03-04T09:00:00.000Z',
        end: '2030-03-04T10:00:00.000Z',
        timeZone: 'UTC',
        isAllDay: false,
      },
    ]);
    expect(h.outlook.state.body).toContain('Join Webex meeting');
    expect(h.outlook.state.body).toContain(LINK.replace(/&/g, '&amp;'));
    expect(h.outlook.state.body).toContain('Agenda: numbers');
    expect(h.outlook.state.customLocations).toEqual([LINK]);
    expect(h.outlook.state.customProperties[MARKER_PROPERTY_NAME]).toEqual({
      version: 1,
      meetingId: 'a1b2c3d4e5f6',
      createdAt: '2030-01-01T00:00:00.000Z',
    });
    expect(h.outlook.state.writes.body).toBe(1);
  });

  it('invites the attendees (required and optional, not the organizer), Webex to send them nothing, with the alternate hosts chosen', async () => {
    h = harness({
      requiredAttendees: [
        { emailAddress: 'megan.bowen@contoso.example', displayName: 'Megan Bowen' },
        { emailAddress: 'Alex.Wilber@contoso.example', displayName: 'Alex Wilber' },
      ],
      optionalAttendees: [{ emailAddress: 'guest@example.org', displayName: 'guest@example.org' }],
    });
    await addMeeting(h.deps, { type: 'scheduled' }, ['MEGAN.BOWEN@contoso.example']);
    expect(h.api.drafts[0]?.invitees).toEqual([
      { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', coHost: true },
      { email: 'guest@example.org', coHost: false },
    ]);
  });

  it('invites nobody to a personal room meeting, and refuses more attendees than Webex invites before creating anything', async () => {
    const attendees = Array.from({ length: 1001 }, (_, n) => ({ emailAddress: `p${n}@example.org`, displayName: `P ${n}` }));
    h = harness({ requiredAttendees: attendees });
    await addMeeting(h.deps, { type: 'personalRoom' });
    expect(h.api.drafts[0]?.invitees).toBeUndefined();
    h.uninstall();

    h = harness({ requiredAttendees: attendees });
    await expect(addMeeting(h.deps, { type: 'scheduled' })).rejects.toMatchObject({ code: 'too_many_invitees' });
    expect(h.api.calls).not.toContain('createMeeting');
  });

  it('a second time changes nothing and creates no meeting', async () => {
    h = harness();
    await addMeeting(h.deps);
    const before = JSON.stringify(h.outlook.state);
    const callsBefore = h.api.calls.length;

    await expect(addMeeting(h.deps)).resolves.toEqual({ status: 'alreadyAdded', meetingId: 'a1b2c3d4e5f6' });
    expect(JSON.stringify(h.outlook.state)).toBe(before);
    expect(h.api.calls.length).toBe(callsBefore);
  });

  it('recognizes a meeting by its join block when the marker is missing', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.outlook.state.customProperties = {};
    await expect(addMeeting(h.deps)).resolves.toEqual({ status: 'alreadyAdded', meetingId: 'a1b2c3d4e5f6' });
    expect(h.api.drafts).toHaveLength(1);
  });

  it('writes a plain-text block into a text body', async () => {
    h = harness({ bodyType: 'text', body: 'Agenda: numbers' });
    await addMeeting(h.deps);
    expect(h.outlook.state.body.startsWith('Agenda: numbers\n\n')).toBe(true);
    expect(h.outlook.state.body).toContain(`Join Webex meeting: ${LINK}`);
    expect(h.outlook.state.body).not.toMatch(/<[a-z]/i);
  });

  it('writes the block in the organizer’s Office language', async () => {
    h = harness({ displayLanguage: 'ru-RU' });
    await addMeeting(h.deps);
    expect(h.outlook.state.body).toContain('Подключиться к совещанию Webex');
  });

  it('puts the link into the location text where enhanced locations are not supported, keeping the room', async () => {
    h = harness({ sets: { Mailbox: '1.7' }, location: 'Room 4' });
    await addMeeting(h.deps);
    expect(h.outlook.state.location).toBe(`Room 4; ${LINK}`);
    expect(h.outlook.state.customLocations).toEqual([]);
  });

  it('passes the chosen options to the backend', async () => {
    h = harness();
    await addMeeting(h.deps, { type: 'personalRoom', joinBeforeHost: true });
    expect(h.api.drafts[0]?.options).toEqual({ type: 'personalRoom', joinBeforeHost: true });
  });

  it('sends a recurring appointment’s pattern as an RRULE in the series’ zone', async () => {
    h = harness({
      recurrence: {
        recurrenceType: 'weekly',
        recurrenceProperties: { interval: 1, days: ['mon', 'wed'] },
        seriesTime: { startDate: '2030-03-04', startTime: 'T09:00:00:000', duration: 60 },
        recurrenceTimeZone: { name: 'Pacific Standard Time' },
      },
    });
    await addMeeting(h.deps);
    expect(h.api.drafts[0]).toMatchObject({ recurrence: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE', timeZone: 'Pacific Standard Time' });
  });

  it('refuses a pattern Webex cannot hold, before creating anything', async () => {
    h = harness({
      recurrence: {
        recurrenceType: 'monthly',
        recurrenceProperties: { interval: 1, dayOfWeek: 'weekday', weekNumber: 'last' },
        seriesTime: { startDate: '2030-03-29', startTime: 'T09:00:00:000', duration: 60 },
      },
    });
    await expect(addMeeting(h.deps)).rejects.toMatchObject({ code: 'invalid_recurrence' });
    expect(h.api.calls).toEqual([]);
  });

  it('refuses an all-day appointment with a clear code and creates nothing', async () => {
    h = harness({ isAllDay: true, start: new Date('2030-03-04T00:00:00Z'), end: new Date('2030-03-05T00:00:00Z') });
    const error = await addMeeting(h.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect(error).toMatchObject({ code: 'all_day_not_supported' });
    expect(h.api.calls).toEqual([]);
    expect(h.outlook.state.writes).toMatchObject({ body: 0, location: 0, customLocations: 0, customProperties: 0 });
  });

  it('takes a midnight-to-midnight appointment for all-day where the client cannot say', async () => {
    h = harness({ isAllDay: undefined, start: new Date('2030-03-04T00:00:00Z'), end: new Date('2030-03-06T00:00:00Z') });
    await expect(addMeeting(h.deps)).rejects.toMatchObject({ code: 'all_day_not_supported' });
  });

  it('refuses an appointment longer than Webex allows and creates nothing', async () => {
    h = harness({ start: new Date('2030-03-04T09:00:00Z'), end: new Date('2030-03-05T10:00:00Z') });
    await expect(addMeeting(h.deps)).rejects.toMatchObject({ code: 'meeting_too_long' });
    expect(h.api.calls).toEqual([]);
  });

  it('leaves the item untouched when the backend refuses', async () => {
    const api = fakeApi();
    api.fail('createMeeting', 'webex_not_linked', 409);
    h = harness({}, api);
    await expect(addMeeting(h.deps)).rejects.toMatchObject({ code: 'webex_not_linked', status: 409 });
    expect(h.outlook.state.writes).toMatchObject({ body: 0, location: 0, customLocations: 0, customProperties: 0 });
  });

  it('deletes the new meeting again and takes the block out when Outlook refuses to store the marker', async () => {
    h = harness({ failures: { 'customProperties.saveAsync': { code: 9017, name: 'InternalServerError' } } });
    const original = h.outlook.state.body;
    await expect(addMeeting(h.deps)).rejects.toMatchObject({ code: 'InternalServerError' });
    expect(h.api.calls).toEqual(['createMeeting', 'deleteMeeting']);
    expect(h.api.meetings.size).toBe(0);
    expect(h.outlook.state.body).toBe(original);
    expect(h.outlook.state.customLocations).toEqual([]);
  });

  it('never writes the host key, and leaves the password out when the user asked so', async () => {
    h = harness({}, fakeApi({ meeting: { excludePassword: true, ...({ hostKey: '808080' } as object) } }));
    await addMeeting(h.deps);
    expect(h.outlook.state.body).not.toContain('808080');
    expect(h.outlook.state.body).not.toContain('Xy7pQr2s');
    expect(h.outlook.state.body).not.toContain('99772772');
  });
});
