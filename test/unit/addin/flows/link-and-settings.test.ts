import { linkWebex } from '../../../../src/addin/flows/link-webex';
import { cacheSettings, cachedSettings, saveSettings, SETTINGS_CACHE_KEY } from '../../../../src/addin/flows/settings-cache';
import { DEFAULT_SETTINGS } from '../../../../src/addin/api/api-types';
import { openDialogForMessage } from '../../../../src/addin/office/office-dialog';
import { roamingSettings } from '../../../../src/addin/office/roaming-settings';
import { fakeApi } from '../fake-api';
import { fakeOutlook, type FakeOutlook } from '../fake-outlook';

let outlook: FakeOutlook;
let uninstall: () => void = () => undefined;
function setUp(overrides: Parameters<typeof fakeOutlook>[0] = {}) {
  outlook = fakeOutlook(overrides);
  uninstall = outlook.install();
}
afterEach(() => uninstall());

describe('linking Webex', () => {
  it('opens the backend’s link in a dialog and succeeds when the page reports linked', async () => {
    setUp({ dialogScript: { message: JSON.stringify({ type: 'webex-link', status: 'linked' }) } });
    await expect(linkWebex({ api: fakeApi(), openDialog: (url) => openDialogForMessage(url) })).resolves.toBeUndefined();
    expect(outlook.state.dialogs[0]?.url).toBe('http://localhost:3001/auth/webex/start?state=s1');
  });

  it('fails with the code the page reports', async () => {
    setUp({ dialogScript: { message: JSON.stringify({ type: 'webex-link', status: 'failed', code: 'webex_access_denied' }) } });
    await expect(linkWebex({ api: fakeApi(), openDialog: (url) => openDialogForMessage(url) })).rejects.toMatchObject({ code: 'webex_access_denied' });
  });

  it('fails with webex_link_cancelled when the user closes the window', async () => {
    setUp({ dialogScript: { closeWith: 12006 } });
    await expect(linkWebex({ api: fakeApi(), openDialog: (url) => openDialogForMessage(url) })).rejects.toMatchObject({ code: 'webex_link_cancelled' });
  });

  it('fails with webex_link_failed on a message it does not understand', async () => {
    setUp({ dialogScript: { message: 'hello' } });
    await expect(linkWebex({ api: fakeApi(), openDialog: (url) => openDialogForMessage(url) })).rejects.toMatchObject({ code: 'webex_link_failed' });
  });
});

describe('the settings cache in roaming settings', () => {
  it('is written only when the settings change', async () => {
    setUp();
    const roaming = roamingSettings();
    await expect(cacheSettings(roaming, { ...DEFAULT_SETTINGS })).resolves.toBe(true);
    await expect(cacheSettings(roaming, { ...DEFAULT_SETTINGS })).resolves.toBe(false);
    expect(outlook.state.writes.roaming).toBe(1);
    expect(cachedSettings(roaming)).toEqual(DEFAULT_SETTINGS);
  });

  it('reads nothing from a missing or damaged entry', () => {
    setUp({ roaming: { [SETTINGS_CACHE_KEY]: '{not json' } });
    expect(cachedSettings(roamingSettings())).toBeUndefined();
  });

  it('saving settings stores them in the backend, then caches what the backend answers', async () => {
    setUp();
    const api = fakeApi();
    const settings = await saveSettings({ api, roaming: roamingSettings() }, { addToEveryNewMeeting: true });
    expect(settings.addToEveryNewMeeting).toBe(true);
    expect(api.me.settings.addToEveryNewMeeting).toBe(true);
    expect(cachedSettings(roamingSettings())?.addToEveryNewMeeting).toBe(true);
  });
});
