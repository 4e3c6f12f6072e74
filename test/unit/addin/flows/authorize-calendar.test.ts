import { completeCalendarAuthorization, startCalendarAuthorization } from '../../../../src/addin/flows/authorize-calendar';
import { nextRequiredAction, requiredActionsOf } from '../../../../src/addin/flows/next-required-action';
import { DEFAULT_SETTINGS, type MeResponse } from '../../../../src/addin/api/api-types';
import { forwardTarget } from '../../../../src/addin/auth/dialog-forward';
import { openDialogForMessage } from '../../../../src/addin/office/office-dialog';
import { fakeApi } from '../fake-api';
import { fakeOutlook, type FakeOutlook } from '../fake-outlook';

let outlook: FakeOutlook;
let uninstall: () => void = () => undefined;
function setUp(overrides: Parameters<typeof fakeOutlook>[0] = {}) {
  outlook = fakeOutlook(overrides);
  uninstall = outlook.install();
}
afterEach(() => uninstall());

const CONSENT_URL = 'http://localhost:3001/auth/microsoft/start?state=s2';
const openDialog = (url: string) => openDialogForMessage(url, { height: 70, width: 40, expectedOrigins: ['http://localhost:3001'] });

describe('starting the calendar authorization', () => {
  it('is done at once when the backend exchanged the user’s token on their behalf', async () => {
    const api = fakeApi();
    api.microsoftLink = { status: 'linked' };
    await expect(startCalendarAuthorization({ api })).resolves.toEqual({ status: 'linked' });
  });

  it('needs nothing of the user where the organization authorized the app', async () => {
    const api = fakeApi();
    api.microsoftLink = { status: 'not_required' };
    await expect(startCalendarAuthorization({ api })).resolves.toEqual({ status: 'linked' });
  });

  it('gives the consent page to open when Microsoft needs the user’s consent', async () => {
    await expect(startCalendarAuthorization({ api: fakeApi() })).resolves.toEqual({ status: 'consent_required', url: CONSENT_URL });
  });

  it('passes the backend’s error code on', async () => {
    const api = fakeApi();
    api.fail('startMicrosoftLink', 'microsoft_unavailable', 503, 30);
    await expect(startCalendarAuthorization({ api })).rejects.toMatchObject({ code: 'microsoft_unavailable', retryAfterSeconds: 30 });
  });
});

describe('the calendar authorization dialog', () => {
  it('succeeds when the page reports the calendar linked', async () => {
    setUp({ dialogScript: { message: JSON.stringify({ type: 'microsoft-link', status: 'linked' }) } });
    await expect(completeCalendarAuthorization({ openDialog }, CONSENT_URL)).resolves.toBeUndefined();
    expect(outlook.state.dialogs[0]?.url).toBe(CONSENT_URL);
  });

  it('fails with the code the page reports', async () => {
    setUp({
      dialogScript: { message: JSON.stringify({ type: 'microsoft-link', status: 'failed', code: 'authorization_account_mismatch' }) },
    });
    await expect(completeCalendarAuthorization({ openDialog }, CONSENT_URL)).rejects.toMatchObject({
      code: 'authorization_account_mismatch',
    });
  });

  it('fails with calendar_authorization_failed on a code it does not know or a message of another flow', async () => {
    setUp({ dialogScript: { message: JSON.stringify({ type: 'microsoft-link', status: 'failed', code: 'something_new' }) } });
    await expect(completeCalendarAuthorization({ openDialog }, CONSENT_URL)).rejects.toMatchObject({
      code: 'calendar_authorization_failed',
    });
    uninstall();
    setUp({ dialogScript: { message: JSON.stringify({ type: 'webex-link', status: 'linked' }) } });
    await expect(completeCalendarAuthorization({ openDialog }, CONSENT_URL)).rejects.toMatchObject({
      code: 'calendar_authorization_failed',
    });
  });

  it('fails with calendar_authorization_cancelled when the user closes the window', async () => {
    setUp({ dialogScript: { closeWith: 12006 } });
    await expect(completeCalendarAuthorization({ openDialog }, CONSENT_URL)).rejects.toMatchObject({
      code: 'calendar_authorization_cancelled',
    });
  });

  it('starts on a backend page the add-in’s dialog page agrees to forward to', () => {
    expect(forwardTarget(`?next=${encodeURIComponent(CONSENT_URL)}`, 'http://localhost:3001')).toBe(CONSENT_URL);
  });
});

describe('the next thing the pane asks of the user', () => {
  const me = (overrides: Partial<MeResponse>): MeResponse => ({
    tenantId: 't',
    userId: 'u',
    tenantMode: 'individual',
    webexLinked: true,
    settings: { ...DEFAULT_SETTINGS },
    ...overrides,
  });

  it('follows the backend’s order, skipping what the user put off', () => {
    const both = me({ webexLinked: false, requiredActions: ['link_webex', 'authorize_calendar'] });
    expect(nextRequiredAction(both)).toBe('link_webex');
    expect(nextRequiredAction(me({ requiredActions: ['authorize_calendar'] }))).toBe('authorize_calendar');
    expect(nextRequiredAction(me({ requiredActions: ['authorize_calendar'] }), new Set(['authorize_calendar']))).toBeUndefined();
    expect(nextRequiredAction(me({ requiredActions: [] }))).toBeUndefined();
  });

  it('asks only for Webex when an older backend sends no requiredActions', () => {
    expect(requiredActionsOf(me({ webexLinked: false }))).toEqual(['link_webex']);
    expect(requiredActionsOf(me({ webexLinked: true }))).toEqual([]);
  });
});
