import {
  handleAppointmentChanged,
  handleNewAppointment,
  NOTIFICATION_KEY,
  type LaunchEventDeps,
} from '../../../../src/addin/launchevent/launchevent';
import { SETTINGS_CACHE_KEY } from '../../../../src/addin/flows/settings-cache';
import { addMeeting } from '../../../../src/addin/flows/add-meeting';
import { localJoinBlockOps } from '../../../../src/addin/flows/local-join-block-ops';
import { remoteJoinBlockOps } from '../../../../src/addin/flows/remote-join-block-ops';
import { MARKER_PROPERTY_NAME } from '../../../../src/core/marker';
import { showNotification } from '../../../../src/addin/office/item-notifications';
import { roamingSettings } from '../../../../src/addin/office/roaming-settings';
import { DEFAULT_SETTINGS } from '../../../../src/addin/api/api-types';
import { fakeApi, type FakeApi } from '../fake-api';
import { harness as flowHarness, type Harness } from '../flow-harness';
import type { FakeOutlookState } from '../fake-outlook';

let h: Harness;
afterEach(() => h.uninstall());

/** The launch event's flows, as launchevent.ts wires them: the join block's work is the backend's. */
function harness(state: Partial<FakeOutlookState> = {}, api: FakeApi = fakeApi()): Harness {
  return flowHarness(state, api, remoteJoinBlockOps);
}

function launchDeps(): LaunchEventDeps {
  return { flow: () => h.deps, roaming: roamingSettings(), notify: (kind, message) => showNotification(NOTIFICATION_KEY, kind, message) };
}

/** The item as the task pane leaves it after adding a meeting (its own parser), and what the backend was asked since. */
async function withMeetingAddedInThePane(): Promise<void> {
  await addMeeting({ ...h.deps, joinBlocks: localJoinBlockOps });
  h.api.calls.length = 0;
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

  it('has the backend write the block: the same body as the task pane writes itself', async () => {
    const settings = { [SETTINGS_CACHE_KEY]: { ...DEFAULT_SETTINGS, addToEveryNewMeeting: true } };
    const state = {
      roaming: settings,
      displayLanguage: 'fr-FR',
      body: '<html><body><div>Ordre du jour &amp; budget&nbsp;: Q3</div></body></html>',
    };
    h = flowHarness(state);
    await addMeeting(h.deps, { type: 'scheduled', joinBeforeHost: false });
    const written = h.outlook.state.body;
    h.uninstall();

    h = harness(state);
    await expect(handleNewAppointment(launchDeps())).resolves.toBe('added');
    // A new body names no Webex meeting: nothing to find, so only the write is asked.
    expect(h.api.calls).toEqual(['createMeeting', 'writeJoinBlock']);
    expect(h.outlook.state.body).toBe(written);
    expect(h.outlook.state.body).toContain('Rejoindre la réunion Webex');
  });

  it('leaves an appointment that already has a block in its body as it is', async () => {
    h = harness({ roaming: { [SETTINGS_CACHE_KEY]: { ...DEFAULT_SETTINGS, addToEveryNewMeeting: true } } });
    await withMeetingAddedInThePane();
    delete h.outlook.state.customProperties[MARKER_PROPERTY_NAME];
    await expect(handleNewAppointment(launchDeps())).resolves.toBe('alreadyAdded');
    expect(h.api.calls).toEqual(['findJoinBlock']);
  });

  it('says so in the user’s language when the body is too large for the backend, and leaves no meeting behind', async () => {
    const api = fakeApi();
    api.fail('writeJoinBlock', 'body_too_large', 413);
    h = harness({ roaming: { [SETTINGS_CACHE_KEY]: { ...DEFAULT_SETTINGS, addToEveryNewMeeting: true } }, displayLanguage: 'de-DE' }, api);
    await expect(handleNewAppointment(launchDeps())).resolves.toBe('failed');
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]).toMatchObject({
      type: 'errorMessage',
      message:
        'Die Terminbeschreibung ist zu groß, um sie hier zu bearbeiten. Öffnen Sie „Webex-Optionen“, um die Besprechung hinzuzufügen oder zu ändern.',
    });
    expect(h.api.calls).toEqual(['createMeeting', 'writeJoinBlock', 'deleteMeeting']);
    expect(h.api.meetings.size).toBe(0);
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
  it('updates the Webex meeting at once, named by the marker: the body is not sent anywhere', async () => {
    h = harness();
    await withMeetingAddedInThePane();
    h.outlook.state.start = new Date('2030-03-04T11:00:00Z');
    h.outlook.state.end = new Date('2030-03-04T12:00:00Z');
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('updated');
    expect(h.api.meetings.get('a1b2c3d4e5f6')?.start).toBe('2030-03-04T11:00:00.000Z');
    expect(h.api.calls).toEqual(['updateMeeting']);
  });

  it('without the marker (a copied item), asks the backend which meeting the body’s block names', async () => {
    h = harness();
    await withMeetingAddedInThePane();
    delete h.outlook.state.customProperties[MARKER_PROPERTY_NAME];
    h.outlook.state.start = new Date('2030-03-04T11:00:00Z');
    h.outlook.state.end = new Date('2030-03-04T12:00:00Z');
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('updated');
    expect(h.api.calls).toEqual(['findJoinBlock', 'updateMeeting']);
    expect(h.api.meetings.get('a1b2c3d4e5f6')?.start).toBe('2030-03-04T11:00:00.000Z');
  });

  it('without the marker, and a body too large for the backend, says so', async () => {
    h = harness();
    await withMeetingAddedInThePane();
    delete h.outlook.state.customProperties[MARKER_PROPERTY_NAME];
    h.api.fail('findJoinBlock', 'body_too_large', 413);
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('failed');
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]?.message).toBe(
      'This appointment’s description is too large to handle here. Open “Webex options” to add or update the meeting.',
    );
  });

  it('does nothing on an appointment without a meeting', async () => {
    h = harness();
    await expect(handleAppointmentChanged(launchDeps())).resolves.toBe('none');
    expect(h.api.calls).toEqual([]);
  });

  it('explains a change Webex cannot follow', async () => {
    h = harness();
    await withMeetingAddedInThePane();
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
