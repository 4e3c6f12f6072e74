import { ConfidentialClientApplication } from '@azure/msal-node';
import { LOCAL_APP } from '../../../../src/server/config';
import type { IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import {
  ADMIN_REDIRECT,
  BACKEND_ID,
  FABRIKAM,
  expectAadsts,
  loadPage,
  msalAuthority,
  redirectParams,
  startIdentityEmulator,
  submitPage,
  verifyToken,
} from './identity-fixture';

const FABRIKAM_ADMIN = FABRIKAM.users.find((u) => u.isTenantAdmin)!;
const FABRIKAM_USER = FABRIKAM.users.find((u) => !u.isTenantAdmin)!;

let emulator: IdentityEmulator;

beforeAll(async () => {
  emulator = await startIdentityEmulator();
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.reset());

function consentUrl(tenant: string, v2 = true, redirectUri = ADMIN_REDIRECT): string {
  const u = new URL(`${emulator.url}/${tenant}/${v2 ? 'v2.0/' : ''}adminconsent`);
  u.searchParams.set('client_id', BACKEND_ID);
  u.searchParams.set('redirect_uri', redirectUri);
  u.searchParams.set('state', 'st-1');
  if (v2) u.searchParams.set('scope', 'https://graph.microsoft.com/.default');
  return u.toString();
}

async function consentAs(url: string, user: { userPrincipalName: string; password: string }, action: 'accept' | 'cancel' = 'accept') {
  const page = await loadPage(url);
  expect(page.status).toBe(200);
  return redirectParams((await submitPage(emulator.url, page, { login: user.userPrincipalName, passwd: user.password, action })).location);
}

const appToken = () =>
  new ConfidentialClientApplication({
    auth: { clientId: BACKEND_ID, ...msalAuthority(emulator, FABRIKAM.id), clientSecret: LOCAL_APP.backendClientSecret },
  }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });

describe('tenant admin consent', () => {
  it('lists the application and delegated permissions the app requires on the consent page', async () => {
    const page = await loadPage(consentUrl('organizations'));
    expect(page.html).toContain('data-testid="identity-accept"');
    expect(page.html).toContain(`data-testid="identity-user-${FABRIKAM_ADMIN.userPrincipalName}"`);
    expect(page.html).toMatch(/Directory\.Read\.All <span class="upn">\(Microsoft Graph, application/);
    expect(page.html).toMatch(/User\.Read <span class="upn">\(Microsoft Graph, delegated/);
  });

  it('redirects with admin_consent=True, the tenant and the granted scope, and the app then gets its roles', async () => {
    expect(await expectAadsts(appToken())).toBe('AADSTS7000229');
    const params = await consentAs(consentUrl('organizations'), FABRIKAM_ADMIN);
    expect(params.get('admin_consent')).toBe('True');
    expect(params.get('tenant')).toBe(FABRIKAM.id);
    expect(params.get('state')).toBe('st-1');
    expect(params.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['https://graph.microsoft.com/Calendars.ReadWrite', 'https://graph.microsoft.com/User.Read.All']),
    );

    const recorded = emulator.state.adminConsent(FABRIKAM.id, BACKEND_ID);
    expect(recorded).toEqual(expect.objectContaining({ grantedBy: FABRIKAM_ADMIN.id, grantedAt: expect.any(String) }));
    const claims = await verifyToken(emulator, (await appToken())!.accessToken);
    expect([...(claims.roles as string[])].sort()).toEqual(['Calendars.ReadWrite', 'Directory.Read.All', 'User.Read.All']);
  });

  it('answers the v1.0 admin consent endpoint without a scope parameter', async () => {
    const params = await consentAs(consentUrl(FABRIKAM.id, false), FABRIKAM_ADMIN);
    expect(params.get('admin_consent')).toBe('True');
    expect(params.get('tenant')).toBe(FABRIKAM.id);
    expect(params.has('scope')).toBe(false);
  });

  it('sends a user who is not an administrator back with access_denied and AADSTS90094', async () => {
    const params = await consentAs(consentUrl(FABRIKAM.id), FABRIKAM_USER);
    expect(params.get('admin_consent')).toBe('True');
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS90094:/);
    expect(params.get('state')).toBe('st-1');
    expect(emulator.state.adminConsent(FABRIKAM.id, BACKEND_ID)).toBeUndefined();
  });

  it('sends consent_required with AADSTS65004 when the admin cancels', async () => {
    const params = await consentAs(consentUrl(FABRIKAM.id), FABRIKAM_ADMIN, 'cancel');
    expect(params.get('error')).toBe('consent_required');
    expect(params.get('error_description')).toMatch(/^AADSTS65004:/);
  });

  it('shows an error page for a redirect URI the app did not register (AADSTS50011)', async () => {
    const page = await loadPage(consentUrl(FABRIKAM.id, true, 'https://elsewhere.example/done'));
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-error-code="AADSTS50011"');
  });

  it('keeps consent revocable: after DELETE the app is refused again', async () => {
    await consentAs(consentUrl(FABRIKAM.id), FABRIKAM_ADMIN);
    await appToken();
    expect((await fetch(`${emulator.url}/_emulator/consents/${FABRIKAM.id}/${BACKEND_ID}`, { method: 'DELETE' })).status).toBe(204);
    expect(await expectAadsts(appToken())).toBe('AADSTS7000229');
  });
});
