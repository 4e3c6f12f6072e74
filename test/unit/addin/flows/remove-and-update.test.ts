import { MARKER_PROPERTY_NAME } from '../../../../src/core/marker';
import { addMeeting } from '../../../../src/addin/flows/add-meeting';
import { findMeetingOnItem } from '../../../../src/addin/flows/find-meeting-on-item';
import { removeMeeting } from '../../../../src/addin/flows/remove-meeting';
import { updateMeetingFromItem } from '../../../../src/addin/flows/update-meeting-from-item';
import { harness, type Harness } from '../flow-harness';

let h: Harness;
afterEach(() => h.uninstall());

describe('removing the Webex meeting', () => {
  it('deletes it and takes the block, the location link and the marker out, leaving the user’s text', async () => {
    h = harness({ customProperties: { other: 1 } });
    const original = h.outlook.state.body;
    await addMeeting(h.deps);

    await expect(removeMeeting(h.deps)).resolves.toEqual({ status: 'removed', meetingId: 'a1b2c3d4e5f6' });
    expect(h.api.meetings.size).toBe(0);
    expect(h.outlook.state.body).toBe(original);
    expect(h.outlook.state.customLocations).toEqual([]);
    expect(h.outlook.state.customProperties).toEqual({ other: 1 });
  });

  it('takes the link out of the location text, keeping the room', async () => {
    h = harness({ sets: { Mailbox: '1.7' }, location: 'Room 4' });
    await addMeeting(h.deps);
    await removeMeeting(h.deps);
    expect(h.outlook.state.location).toBe('Room 4');
  });

  it('still cleans the item when the meeting is already gone from Webex', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.api.meetings.clear();
    await expect(removeMeeting(h.deps)).resolves.toMatchObject({ status: 'removed' });
    expect(h.outlook.state.customProperties[MARKER_PROPERTY_NAME]).toBeUndefined();
  });

  it('does nothing on an item without a meeting', async () => {
    h = harness();
    await expect(removeMeeting(h.deps)).resolves.toEqual({ status: 'none' });
    expect(h.api.calls).toEqual([]);
    expect(h.outlook.state.writes).toMatchObject({ body: 0, location: 0, customProperties: 0 });
  });

  it('keeps the item as it is when the backend cannot delete the meeting', async () => {
    h = harness();
    await addMeeting(h.deps);
    const body = h.outlook.state.body;
    h.api.fail('deleteMeeting', 'webex_unavailable', 503, 30);
    await expect(removeMeeting(h.deps)).rejects.toMatchObject({ code: 'webex_unavailable', retryAfterSeconds: 30 });
    expect(h.outlook.state.body).toBe(body);
  });
});

describe('finding the meeting on the item', () => {
  it('reads the marker first, then the join block', async () => {
    h = harness();
    await expect(findMeetingOnItem(h.deps)).resolves.toBeUndefined();
    await addMeeting(h.deps);
    await expect(findMeetingOnItem(h.deps)).resolves.toMatchObject({ meetingId: 'a1b2c3d4e5f6', source: 'marker' });
    h.outlook.state.customProperties = {};
    await expect(findMeetingOnItem(h.deps)).resolves.toMatchObject({ meetingId: 'a1b2c3d4e5f6', source: 'body' });
  });
});

describe('following a change of time or recurrence', () => {
  it('sends the new time to the backend', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.outlook.state.start = new Date('2030-03-05T15:00:00Z');
    h.outlook.state.end = new Date('2030-03-05T15:45:00Z');
    const result = await updateMeetingFromItem(h.deps);
    expect(result).toMatchObject({ status: 'updated', meeting: { start: '2030-03-05T15:00:00.000Z' } });
    expect(h.api.calls).toEqual(['createMeeting', 'updateMeeting']);
  });

  it('sends a new recurrence, and null when the series became a single appointment', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.outlook.state.recurrence = {
      recurrenceType: 'daily',
      recurrenceProperties: { interval: 2 },
      seriesTime: { startDate: '2030-03-04', startTime: 'T09:00:00:000', duration: 60 },
    };
    await expect(updateMeetingFromItem(h.deps)).resolves.toMatchObject({ meeting: { recurrence: 'FREQ=DAILY;INTERVAL=2' } });
    h.outlook.state.recurrence = null;
    await expect(updateMeetingFromItem(h.deps)).resolves.toMatchObject({ meeting: { recurrence: null } });
  });

  it('does nothing for an item without a meeting', async () => {
    h = harness();
    await expect(updateMeetingFromItem(h.deps)).resolves.toEqual({ status: 'none' });
    expect(h.api.calls).toEqual([]);
  });

  it('refuses a change to an all-day appointment without calling the backend', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.outlook.state.isAllDay = true;
    await expect(updateMeetingFromItem(h.deps)).rejects.toMatchObject({ code: 'all_day_not_supported' });
    expect(h.api.calls).toEqual(['createMeeting']);
  });
});
