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

const BACKEND = 'http://localhost:3001';
const COMPLETION = 'c'.repeat(43);
const consented = JSON.stringify({ type: 'webex-link', status: 'consented', completion: COMPLETION });
const openDialog = (url: string) => openDialogForMessage(url, { height: 70, width: 40, expectedOrigins: [BACKEND] });

describe('linking Webex', () => {
  it('opens the backend’s link in a dialog, then completes the link with the page’s code and the user’s own token', async () => {
    setUp({ dialogScript: { message: consented } });
    const api = fakeApi();
    await expect(linkWebex({ api, openDialog })).resolves.toEqual({ email: 'alex.wilber@contoso.example' });
    expect(outlook.state.dialogs[0]?.url).toBe(`${BACKEND}/auth/webex/start?state=s1`);
    expect(api.completions).toEqual([COMPLETION]);
  });

  it('fails with the code the page reports, and completes nothing', async () => {
    setUp({ dialogScript: { message: JSON.stringify({ type: 'webex-link', status: 'failed', code: 'webex_access_denied' }) } });
    const api = fakeApi();
    await expect(linkWebex({ api, openDialog })).rejects.toMatchObject({ code: 'webex_access_denied' });
    expect(api.completions).toEqual([]);
  });

  it('fails with webex_link_cancelled when the user closes the window', async () => {
    setUp({ dialogScript: { closeWith: 12006 } });
    await expect(linkWebex({ api: fakeApi(), openDialog })).rejects.toMatchObject({ code: 'webex_link_cancelled' });
  });

  it('fails with webex_link_failed on a message it does not understand, or a consent without a code', async () => {
    for (const message of [
      'hello',
      JSON.stringify({ type: 'webex-link', status: 'linked' }),
      JSON.stringify({ type: 'webex-link', status: 'consented' }),
    ]) {
      setUp({ dialogScript: { message } });
      const api = fakeApi();
      await expect(linkWebex({ api, openDialog })).rejects.toMatchObject({ code: 'webex_link_failed' });
      expect(api.completions).toEqual([]);
      uninstall();
    }
  });

  it('ignores a message from another origin and takes the backend page’s', async () => {
    setUp({
      sets: { Mailbox: '1.13', DialogOrigin: '1.1' },
      dialogScript: {
        before: [
          {
            message: JSON.stringify({ type: 'webex-link', status: 'consented', completion: 'e'.repeat(43) }),
            origin: 'https://evil.example',
          },
        ],
        message: consented,
        origin: BACKEND,
      },
    });
    const api = fakeApi();
    await linkWebex({ api, openDialog });
    expect(api.completions).toEqual([COMPLETION]);
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
