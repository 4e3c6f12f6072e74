import {
  handleAppointmentChanged,
  handleNewAppointment,
  NOTIFICATION_KEY,
  type LaunchEventDeps,
} from '../../../../src/addin/launchevent/launchevent';
import { SETTINGS_CACHE_KEY } from '../../../../src/addin/flows/settings-cache';
import { addMeeting } from '../../../../src/addin/flows/add-meeting';
import { showNotification } from '../../../../src/addin/office/item-notifications';
import { roamingSettings } from '../../../../src/addin/office/roaming-settings';
import { DEFAULT_SETTINGS } from '../../../../src/addin/api/api-types';
import { fakeApi } from '../fake-api';
import { harness, type Harness } from '../flow-harness';

let h: Harness;
afterEach(() => h.uninstall());

function launchDeps(): LaunchEventDeps {
  return { flow: () => h.deps, roaming: roamingSettings(), notify: (kind, message) => showNotification(NOTIFICATION_KEY, kind, message) };
}

describe('a new appointment (OnNewAppointmentOrganizer)', () => {
  it('gets no meeting, and no network call, unless the user turned that on', async () => {
    h = harness();
    await expect(handleNewAppointment(launchDeps())).resolves.toBe('skipped');
    expect(h.api.calls).toEqual([]);
  });

  it('gets a meeting of the user’s default type when the user turned that on', async () => {
    h = harness({
      roaming: {
        [SETTINGS_CACHE_KEY]: { ...DEFAULT_SETTINGS, addToEveryNewMeeting: true, defaultMeetingType: 'personalRoom', autoRecord: true },
      },
    });
    await expect(handleNewAppointment(launchDeps())).resolves.toBe('added');
    expect(h.api.drafts[0]?.options).toEqual({ type: 'personalRoom', joinBeforeHost: false });
    expect(h.outlook.state.body).toContain('Join Webex meeting');
  });

  it('says what went wrong when the meeting cannot be added', async () => {
    const api = fakeApi();
    api.fail('createMeeting', 'webex_unavailable', 503, 20);
    h = harness({ roaming: { [SETTINGS_CACHE_KEY]: { ...DEFAULT_SETTINGS, addToEveryNewMeeting: true } } }, api);
    await expect(handleNewAppointment(launchDeps())).resolves.toBe('failed');
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]).toMatchObject({
      type: 'errorMessage',
      message: 'Webex is not answering right now. Try again in 20 seconds.',
    });
  });
});

describe('a change of time or recurrence (OnAppointmentTimeChanged, OnAppointmentRecurrenceChanged)', () => {
  it('updates the Webex meeting at once', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.outlook.state.start = new Date('2030-03-04T11:00:00Z');
    h.outlook.state.end = new Date('2030-03-04T12:00:00Z');
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('updated');
    expect(h.api.meetings.get('a1b2c3d4e5f6')?.start).toBe('2030-03-04T11:00:00.000Z');
  });

  it('does nothing on an appointment without a meeting', async () => {
    h = harness();
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('none');
    expect(h.api.calls).toEqual([]);
  });

  it('explains a change Webex cannot follow', async () => {
    h = harness();
    await addMeeting(h.deps);
    h.outlook.state.end = new Date('2030-03-05T12:00:00Z');
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('failed');
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]?.message).toContain('23 hours 59 minutes');
  });
});

describe('the launch-event file', () => {
  it('registers every handler under the manifest’s names and completes each event', async () => {
    h = harness();
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../../../src/addin/launchevent/launchevent');
    });
    const names = Object.keys(h.outlook.state.associated).sort();
    expect(names).toEqual(['onAppointmentRecurrenceChanged', 'onAppointmentTimeChanged', 'onNewAppointmentOrganizer']);
    for (const name of names) {
      const handler = h.outlook.state.associated[name] as (event: { completed(): void }) => void;
      await new Promise<void>((resolve) => handler({ completed: resolve }));
    }
  });
});
