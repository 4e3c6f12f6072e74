import { runAddMeetingCommand, NOTIFICATION_KEY } from '../../../../src/addin/commands/commands';
import { AuthError } from '../../../../src/addin/auth/auth-error';
import { showNotification } from '../../../../src/addin/office/item-notifications';
import { fakeApi } from '../fake-api';
import { harness, type Harness } from '../flow-harness';

let h: Harness;
afterEach(() => h.uninstall());

function commandDeps(getToken: jest.Mock = jest.fn(async () => 'token')) {
  return {
    flow: h.deps,
    tokens: { getToken },
    notify: (kind: 'progress' | 'information' | 'error', message: string) => showNotification(NOTIFICATION_KEY, kind, message),
  };
}

describe('the "Add Webex meeting" command', () => {
  it('signs in (interaction allowed), adds the meeting and says so in the info bar', async () => {
    h = harness();
    const getToken = jest.fn(async () => 'token');
    await runAddMeetingCommand(commandDeps(getToken));
    expect(getToken).toHaveBeenCalledWith({ interactive: true });
    expect(h.api.drafts).toHaveLength(1);
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]).toMatchObject({
      type: 'informationalMessage',
      message: 'Webex meeting added.',
    });
  });

  it('run twice, says the appointment already has a meeting and changes nothing', async () => {
    h = harness();
    await runAddMeetingCommand(commandDeps());
    const body = h.outlook.state.body;
    await runAddMeetingCommand(commandDeps());
    expect(h.api.drafts).toHaveLength(1);
    expect(h.outlook.state.body).toBe(body);
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]?.message).toBe('This appointment already has a Webex meeting.');
  });

  it('reports an all-day appointment as an error in the user’s language', async () => {
    h = harness({ isAllDay: true, displayLanguage: 'de-DE' });
    await runAddMeetingCommand(commandDeps());
    expect(h.api.calls).toEqual([]);
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]).toMatchObject({ type: 'errorMessage' });
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]?.message).toContain('ganztägig');
  });

  it('points to the pane when Webex is not linked', async () => {
    const api = fakeApi();
    api.fail('createMeeting', 'webex_not_linked', 409);
    h = harness({}, api);
    await runAddMeetingCommand(commandDeps());
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]?.message).toContain('Webex options');
  });

  it('points to the pane when sign-in fails, and creates nothing', async () => {
    h = harness();
    await runAddMeetingCommand(commandDeps(jest.fn(async () => Promise.reject(new AuthError('sign_in_cancelled', 'closed')))));
    expect(h.api.calls).toEqual([]);
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]?.message).toMatch(/sign-in window was closed/);
  });

  it('still adds the meeting when the client refuses info-bar messages', async () => {
    h = harness({ failures: { 'notificationMessages.replaceAsync': { code: 9037, name: 'NumberOfNotificationMessagesExceeded' } } });
    await runAddMeetingCommand(commandDeps());
    expect(h.api.drafts).toHaveLength(1);
  });
});

describe('the function file', () => {
  it('registers the command under the manifest’s name and completes the event even when it cannot run', async () => {
    h = harness();
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../../../src/addin/commands/commands');
    });
    const handler = h.outlook.state.associated.addWebexMeeting as (event: { completed(): void }) => void;
    expect(typeof handler).toBe('function');
    // No build-injected configuration in a test: the command fails, says so, and completes.
    await new Promise<void>((resolve) => handler({ completed: resolve }));
    expect(h.outlook.state.notifications[NOTIFICATION_KEY]).toMatchObject({ type: 'errorMessage' });
  });
});
