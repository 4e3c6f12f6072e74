/**
 * Admin mode end to end against the emulators: a tenant admin signs in to the admin page and
 * grants admin consent; from then on a user of the tenant adds meetings with no consent and no
 * Webex link of their own — the organization's Webex token schedules them for the user's email,
 * checked against the tenant's verified domains — and the backend reads the calendar with the
 * app's own certificate-signed token. Revoking stops all of it.
 */
import { decodeJwt } from 'jose';
import { createAppOnlyTokenProvider } from '../../../src/server/graph';
import { ADELE, ALEX, CookieJar, CONTOSO, MEGAN, NOMAIL, OUTSIDER, SERVICE_TOKEN, startAdminStack, type AdminStack } from './admin-stack';
import { cspDirectives, NONCE } from '../../helpers/csp';

let stack: AdminStack;
let admin: CookieJar;

const draft = (subject: string) => ({
  subject,
  start: new Date(Date.now() + 3 * 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  end: new Date(Date.now() + 3 * 24 * 3600_000 + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  timeZone: 'Europe/Berlin',
});

interface ErrorBody {
  error: { code: string };
}

beforeAll(async () => {
  stack = await startAdminStack();
  admin = (await stack.adminSignIn(ADELE)).jar;
  const consent = await stack.adminConsent(admin, ADELE);
  if (consent.status !== 200) throw new Error(`admin consent ended with ${consent.status}: ${consent.text.slice(0, 300)}`);
});

afterAll(async () => {
  await stack?.close();
});

describe('admin consent', () => {
  it('is granted by a tenant admin from the admin page and records the tenant in admin mode', async () => {
    const overview = await stack.api<{ mode: string; adminConsentedAt: string | null; webexScheduling: string }>(
      'GET',
      `/admin/api/tenants/${CONTOSO.id}`,
      { cookies: admin },
    );
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({ mode: 'admin', webexScheduling: 'organization' });
    expect(overview.body.adminConsentedAt).not.toBeNull();
    expect(stack.identity.state.adminConsent(CONTOSO.id, stack.config.microsoft.clientId)).toBeDefined();
  });

  it('lets the backend read the tenant with its own certificate-signed token and the three application permissions', async () => {
    const token = await createAppOnlyTokenProvider(stack.config.microsoft).getAccessToken(CONTOSO.id);
    const claims = decodeJwt(token);
    expect(claims.appidacr).toBe('2');
    expect([...(claims.roles as string[])].sort()).toEqual(['Calendars.ReadWrite', 'Directory.Read.All', 'User.Read.All']);
  });

  it('shows the page in the admin’s language', async () => {
    const page = await stack.api<string>('GET', '/admin', { cookies: admin, headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="ru">');
    expect(page.text).toContain('data-mode="admin"');
    expect(cspDirectives(page.headers.get('content-security-policy'))).toEqual({
      'default-src': ["'none'"],
      'style-src': [NONCE],
      'img-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
    });
  });

  it('gives no session to a user who is not an administrator (403 admin_role_required)', async () => {
    const { jar, answer } = await stack.adminSignIn(MEGAN);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('data-code="admin_role_required"');
    const session = await stack.api<ErrorBody>('GET', '/admin/api/session', { cookies: jar });
    expect([session.status, session.body.error.code]).toEqual([401, 'admin_sign_in_required']);
  });

  it('is not recorded from a callback the browser did not start here', async () => {
    const forged = await stack.api<string>('GET', `/admin/consent/callback?admin_consent=True&tenant=${CONTOSO.id}&state=forged`, {
      cookies: admin,
    });
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('data-code="authorization_flow_invalid"');
  });
});

describe('a user of an admin-mode tenant', () => {
  it('is told that nothing is needed of them', async () => {
    const me = await stack.api<Record<string, unknown>>('GET', '/api/me', { token: await stack.userToken(ALEX) });
    expect(me.body).toMatchObject({
      tenantMode: 'admin',
      calendarAccess: 'organization',
      webexScheduling: 'organization',
      requiredActions: [],
    });
  });

  it('adds a meeting with no consent and no Webex link: the organization’s token schedules it for the user’s mail', async () => {
    const token = await stack.userToken(ALEX);
    const created = await stack.api<{ id: string }>('POST', '/api/meetings', { token, body: draft('Quarterly review') });
    expect(created.status).toBe(201);
    const inWebex = stack.webex.meetings({ hostEmail: ALEX.mail as string });
    expect(inWebex.map((m) => m.id)).toContain(created.body.id);
    expect(await stack.store.users.get(CONTOSO.id, ALEX.id)).toMatchObject({ webexLinked: false });
    expect(await stack.store.msalCaches.get(CONTOSO.id, ALEX.id)).toBeUndefined();

    // Reading, changing and deleting it go through the organization's token too.
    expect((await stack.api('GET', `/api/meetings/${created.body.id}`, { token })).status).toBe(200);
    const patched = await stack.api<{ title: string }>('PATCH', `/api/meetings/${created.body.id}`, {
      token,
      body: { subject: 'Quarterly review (moved)' },
    });
    expect([patched.status, patched.body.title]).toEqual([200, 'Quarterly review (moved)']);
    expect((await stack.api('DELETE', `/api/meetings/${created.body.id}`, { token })).status).toBe(204);
  });

  it('without a mail is scheduled for by user principal name', async () => {
    stack.webex.addPerson({ email: NOMAIL.userPrincipalName, displayName: NOMAIL.displayName, orgId: CONTOSO.id });
    const created = await stack.api<{ id: string }>('POST', '/api/meetings', {
      token: await stack.userToken(NOMAIL),
      body: draft('Stand-up'),
    });
    expect(created.status).toBe(201);
    expect(stack.webex.meetings({ hostEmail: NOMAIL.userPrincipalName }).map((m) => m.id)).toContain(created.body.id);
  });

  it('whose mail is outside the organization’s verified domains gets no meeting (403 host_domain_not_verified)', async () => {
    const refused = await stack.api<ErrorBody>('POST', '/api/meetings', {
      token: await stack.userToken(OUTSIDER),
      body: draft('Not in my name'),
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'host_domain_not_verified']);
    expect(stack.webex.meetings({ hostEmail: OUTSIDER.mail as string })).toEqual([]);
  });

  it('has their calendar followed with the app’s own token, and the admin page counts them', async () => {
    await stack.api('GET', '/api/me', { token: await stack.userToken(MEGAN) });
    await waitFor(async () => (await stack.store.subscriptions.listForUser(CONTOSO.id, MEGAN.id)).length === 1);
    expect(stack.graph.subscriptions.all().some((s) => s.resource.toLowerCase() === `users/${MEGAN.id}/events`)).toBe(true);
    const overview = await stack.api<{ users: { synced: number }; subscriptions: { active: number } }>(
      'GET',
      `/admin/api/tenants/${CONTOSO.id}`,
      { cookies: admin },
    );
    expect(overview.body.users.synced).toBeGreaterThanOrEqual(1);
    expect(overview.body.subscriptions.active).toBeGreaterThanOrEqual(1);
  });

  it('shows the tenant’s recent sync errors by code on the admin page', async () => {
    await stack.store.syncErrors.record({ tenantId: CONTOSO.id, userId: ALEX.id, code: 'all_day_not_supported' });
    await stack.store.syncErrors.record({ tenantId: CONTOSO.id, userId: ALEX.id, code: 'all_day_not_supported' });
    const overview = await stack.api<{ syncErrors: { byCode: Record<string, number> } }>('GET', `/admin/api/tenants/${CONTOSO.id}`, {
      cookies: admin,
    });
    expect(overview.body.syncErrors.byCode).toEqual({ all_day_not_supported: 2 });
    const page = await stack.api<string>('GET', '/admin', { cookies: admin });
    expect(page.text).toContain('<code>all_day_not_supported</code></td><td>2</td>');
  });

  it('never has an email address of theirs written to the logs', () => {
    const logged = stack.logLines.join('\n');
    for (const address of [ALEX.mail, NOMAIL.userPrincipalName, OUTSIDER.mail, SERVICE_TOKEN])
      expect(logged).not.toContain(address as string);
  });
});

describe('revoking the tenant', () => {
  it('needs the session’s anti-forgery token', async () => {
    const refused = await stack.api<ErrorBody>('POST', `/admin/api/tenants/${CONTOSO.id}/revoke`, { cookies: admin });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'admin_csrf_invalid']);
  });

  it('deletes the subscriptions in Graph and here, and stops meetings for the tenant’s users', async () => {
    const session = await stack.api<{ csrfToken: string }>('GET', '/admin/api/session', { cookies: admin });
    const revoked = await stack.api<{ subscriptions: number; subscriptionsLeftInGraph: number }>(
      'POST',
      `/admin/api/tenants/${CONTOSO.id}/revoke`,
      {
        cookies: admin,
        headers: { 'x-csrf-token': session.body.csrfToken },
      },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.subscriptions).toBeGreaterThanOrEqual(1);
    expect(revoked.body.subscriptionsLeftInGraph).toBe(0);
    expect(stack.graph.subscriptions.all().filter((s) => s.tenantId === CONTOSO.id)).toEqual([]);
    expect(await stack.store.subscriptions.listForUser(CONTOSO.id, MEGAN.id)).toEqual([]);
    expect(await stack.store.tenants.get(CONTOSO.id)).toMatchObject({ mode: 'individual', adminConsentedAt: null });

    const token = await stack.userToken(ALEX);
    const refused = await stack.api<ErrorBody>('POST', '/api/meetings', { token, body: draft('After revoke') });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'webex_not_linked']);
    const me = await stack.api<{ requiredActions: string[] }>('GET', '/api/me', { token });
    expect(me.body.requiredActions).toEqual(['link_webex', 'authorize_calendar']);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
