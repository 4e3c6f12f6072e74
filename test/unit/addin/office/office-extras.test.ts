import { loadCustomProperties } from '../../../../src/addin/office/custom-properties';
import { onItemChanged } from '../../../../src/addin/office/item-events';
import { showNotification, removeNotification } from '../../../../src/addin/office/item-notifications';
import {
  displayLanguage,
  isSetSupported,
  officeTheme,
  onOfficeThemeChanged,
  userTimeZone,
  whenOfficeReady,
} from '../../../../src/addin/office/office-context';
import { messageParent, openDialogForMessage } from '../../../../src/addin/office/office-dialog';
import { roamingSettings } from '../../../../src/addin/office/roaming-settings';
import { fakeOutlook, type FakeOutlook } from '../fake-outlook';

let outlook: FakeOutlook;
let uninstall: () => void = () => undefined;

function setUp(overrides: Parameters<typeof fakeOutlook>[0] = {}): FakeOutlook {
  outlook = fakeOutlook(overrides);
  uninstall = outlook.install();
  return outlook;
}

afterEach(() => uninstall());

describe('custom properties', () => {
  it('are stored only when saved', async () => {
    setUp({ customProperties: { other: 'kept' } });
    const props = await loadCustomProperties();
    props.set('webexMeeting', { meetingId: 'm1' });
    expect(outlook.state.customProperties).toEqual({ other: 'kept' });
    await props.save();
    expect(outlook.state.customProperties).toEqual({ other: 'kept', webexMeeting: { meetingId: 'm1' } });
    expect(props.get('other')).toBe('kept');
  });

  it('are removed by name', async () => {
    setUp({ customProperties: { webexMeeting: { meetingId: 'm1' } } });
    const props = await loadCustomProperties();
    props.remove('webexMeeting');
    await props.save();
    expect(outlook.state.customProperties).toEqual({});
  });

  it('reject loading and saving with the Office error code', async () => {
    setUp({ failures: { loadCustomPropertiesAsync: { code: 9002, name: 'GenericResponseError' } } });
    await expect(loadCustomProperties()).rejects.toMatchObject({ code: 'GenericResponseError' });
    uninstall();
    setUp({ failures: { 'customProperties.saveAsync': { code: 9017, name: 'InternalServerError' } } });
    const props = await loadCustomProperties();
    await expect(props.save()).rejects.toMatchObject({ code: 'InternalServerError' });
  });
});

describe('item events', () => {
  it('report time and recurrence changes until the pane stops listening', async () => {
    setUp();
    const seen: string[] = [];
    const stop = await onItemChanged(['time', 'recurrence'], (c) => seen.push(c));
    outlook.fireItemEvent('olkAppointmentTimeChanged');
    outlook.fireItemEvent('olkRecurrenceChanged');
    await stop();
    outlook.fireItemEvent('olkAppointmentTimeChanged');
    expect(seen).toEqual(['time', 'recurrence']);
  });

  it('register nothing below Mailbox 1.7', async () => {
    setUp({ sets: { Mailbox: '1.5' } });
    await onItemChanged(['time'], () => undefined);
    expect(outlook.state.itemHandlers).toEqual({});
  });

  it('reject registration with the Office error code', async () => {
    setUp({ failures: { 'item.addHandlerAsync': { code: 5001, name: 'InternalError' } } });
    await expect(onItemChanged(['time'], () => undefined)).rejects.toMatchObject({ code: 'InternalError' });
  });
});

describe('notifications', () => {
  it('replace the message under one key, informational ones with the manifest icon', async () => {
    setUp();
    await showNotification('webex', 'progress', 'Adding…');
    await showNotification('webex', 'information', 'Added.');
    expect(outlook.state.notifications).toEqual({
      webex: { type: 'informationalMessage', message: 'Added.', icon: 'Icon.16', persistent: false },
    });
    await removeNotification('webex');
    expect(outlook.state.notifications).toEqual({});
  });

  it('cut messages to the 150 characters Outlook accepts', async () => {
    setUp();
    await showNotification('webex', 'error', 'x'.repeat(400));
    expect(outlook.state.notifications.webex?.message).toHaveLength(150);
  });

  it('reject with the Office error code', async () => {
    setUp({ failures: { 'notificationMessages.replaceAsync': { code: 9037, name: 'NumberOfNotificationMessagesExceeded' } } });
    await expect(showNotification('webex', 'error', 'x')).rejects.toMatchObject({ code: 'NumberOfNotificationMessagesExceeded' });
  });
});

describe('roaming settings', () => {
  it('keep values and save them', async () => {
    setUp();
    const roaming = roamingSettings();
    roaming.set('a', { b: 1 });
    await roaming.save();
    expect(roaming.get('a')).toEqual({ b: 1 });
    expect(outlook.state.writes.roaming).toBe(1);
  });

  it('reject saving with the Office error code', async () => {
    setUp({ failures: { 'roamingSettings.saveAsync': { code: 9057, name: 'RoamingSettingsTooLarge' } } });
    await expect(roamingSettings().save()).rejects.toMatchObject({ code: 'RoamingSettingsTooLarge' });
  });

  it('are unavailable outside Office', () => {
    expect(() => roamingSettings().get('a')).toThrow(expect.objectContaining({ code: 'office_unavailable' }));
  });
});

describe('the host context', () => {
  it('gives the display language, the theme and the user time zone', async () => {
    setUp({ displayLanguage: 'ru-RU', timeZone: 'Russian Standard Time' });
    expect(displayLanguage()).toBe('ru-RU');
    expect(userTimeZone()).toBe('Russian Standard Time');
    expect(officeTheme()).toEqual(expect.objectContaining({ bodyBackgroundColor: '#FFFFFF' }));
    await expect(whenOfficeReady()).resolves.toEqual({ host: 'Outlook' });
  });

  it('checks requirement sets by version', () => {
    setUp({ sets: { Mailbox: '1.10', NestedAppAuth: '1.1' } });
    expect(isSetSupported('Mailbox', '1.8')).toBe(true);
    expect(isSetSupported('Mailbox', '1.11')).toBe(false);
    expect(isSetSupported('NestedAppAuth', '1.1')).toBe(true);
  });

  it('outside Office, has no language and falls back to the browser time zone', async () => {
    expect(displayLanguage()).toBeUndefined();
    expect(userTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(isSetSupported('Mailbox', '1.8')).toBe(false);
    await expect(whenOfficeReady()).resolves.toEqual({ host: null });
  });

  it('reports theme changes from Mailbox 1.14 on', async () => {
    setUp({ sets: { Mailbox: '1.14' } });
    const seen: unknown[] = [];
    const stop = await onOfficeThemeChanged((t) => seen.push(t));
    outlook.state.mailboxHandlers.officeThemeChanged?.({});
    expect(seen).toHaveLength(1);
    await stop();
    expect(outlook.state.mailboxHandlers).toEqual({});
  });
});

describe('dialogs', () => {
  const PANE = 'https://localhost:3000';
  const options = { height: 60, width: 30, expectedOrigins: [PANE] };

  it('resolve with the first message the page sends', async () => {
    setUp({ dialogScript: { message: '{"type":"webex-link","status":"consented"}' } });
    await expect(openDialogForMessage(`${PANE}/auth-dialog.html`, options)).resolves.toBe('{"type":"webex-link","status":"consented"}');
    expect(outlook.state.dialogs[0]?.url).toBe(`${PANE}/auth-dialog.html`);
  });

  it('ignore messages from origins the flow does not expect, and from nowhere where the client says where messages come from', async () => {
    setUp({
      sets: { Mailbox: '1.13', DialogOrigin: '1.1' },
      dialogScript: {
        before: [{ message: 'forged', origin: 'https://evil.example' }, { message: 'unsigned' }],
        message: 'real',
        origin: PANE,
      },
    });
    await expect(openDialogForMessage(`${PANE}/auth-dialog.html`, options)).resolves.toBe('real');
  });

  it('take a message without an origin from clients that never say where messages come from', async () => {
    setUp({ dialogScript: { message: 'older client' } });
    await expect(openDialogForMessage(`${PANE}/auth-dialog.html`, options)).resolves.toBe('older client');
  });

  it('reject with DialogClosed when the user closes the dialog', async () => {
    setUp({ dialogScript: { closeWith: 12006 } });
    await expect(openDialogForMessage(`${PANE}/x`, options)).rejects.toMatchObject({ code: 'DialogClosed', officeCode: 12006 });
  });

  it('reject with the dialog error when it cannot open', async () => {
    setUp({ dialogScript: { failWith: 12007 } });
    await expect(openDialogForMessage(`${PANE}/x`, options)).rejects.toMatchObject({ code: 'DialogAlreadyOpen' });
  });

  it('send messages to the parent from inside a dialog, addressed to the pane’s origin where the client can, and refuse outside one', () => {
    expect(() => messageParent('x', PANE)).toThrow(expect.objectContaining({ code: 'office_unavailable' }));
    setUp();
    messageParent('hello', PANE);
    uninstall();
    setUp({ sets: { Mailbox: '1.13', DialogOrigin: '1.1' } });
    messageParent('hello', PANE);
    expect(outlook.state.dialogs).toEqual([{ url: 'messageParent', options: 'hello', targetOrigin: PANE }]);
  });
});
