/**
 * Tenants are kept apart: a token of the seeded Fabrikam tenant reads and changes nothing of
 * Contoso's — not a meeting, not the admin page, not the authorization — and the organization
 * Webex token of one organization never schedules in another organization's name.
 */
import { ADELE, ALEX, CONTOSO, FABIAN, FABRIKAM, ROSA, startAdminStack, type AdminStack, type CookieJar } from './admin-stack';

let stack: AdminStack;
let contosoAdmin: CookieJar;
let fabrikamAdmin: CookieJar;
let contosoMeetingId: string;

interface ErrorBody {
  error: { code: string };
}

const draft = (subject: string) => ({
  subject,
  start: new Date(Date.now() + 4 * 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  end: new Date(Date.now() + 4 * 24 * 3600_000 + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  timeZone: 'UTC',
});

beforeAll(async () => {
  stack = await startAdminStack();
  contosoAdmin = (await stack.adminSignIn(ADELE)).jar;
  await stack.adminConsent(contosoAdmin, ADELE);
  fabrikamAdmin = (await stack.adminSignIn(FABIAN)).jar;
  const created = await stack.api<{ id: string }>('POST', '/api/meetings', {
    token: await stack.userToken(ALEX),
    body: draft('Contoso only'),
  });
  if (created.status !== 201) throw new Error(`setup: ${created.status} ${created.text}`);
  contosoMeetingId = created.body.id;
});

afterAll(async () => {
  await stack?.close();
});

describe('a token of another tenant', () => {
  it('cannot read, change or delete a Contoso meeting (404 meeting_not_found, the meeting unchanged)', async () => {
    const rosa = await stack.userToken(ROSA);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { subject: 'Taken over' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await stack.api<ErrorBody>(method, `/api/meetings/${contosoMeetingId}`, { token: rosa, ...(body ? { body } : {}) });
      expect([method, res.status, res.body.error.code]).toEqual([method, 404, 'meeting_not_found']);
    }
    const [meeting] = stack.webex.meetings({ hostEmail: ALEX.mail as string }).filter((m) => m.id === contosoMeetingId);
    expect(meeting).toMatchObject({ title: 'Contoso only', deleted: false });
  });

  it('cannot withdraw a Contoso user’s calendar subscription: its own withdrawal touches its own tenant only', async () => {
    await stack.api('GET', '/api/me', { token: await stack.userToken(ALEX) });
    await waitFor(async () => (await stack.store.subscriptions.listForUser(CONTOSO.id, ALEX.id)).length === 1);
    const [subscription] = await stack.store.subscriptions.listForUser(CONTOSO.id, ALEX.id);
    expect((await stack.api('DELETE', '/api/microsoft/link', { token: await stack.userToken(ROSA) })).status).toBe(204);
    expect(await stack.store.subscriptions.listForUser(CONTOSO.id, ALEX.id)).toEqual([subscription]);
    expect(stack.graph.subscriptions.all().map((s) => s.id)).toContain(subscription?.id);
  });
});

describe('the admin session of another tenant', () => {
  it('is given to Fabrikam’s admin for Fabrikam only', async () => {
    const session = await stack.api<{ tenantId: string }>('GET', '/admin/api/session', { cookies: fabrikamAdmin });
    expect(session.body.tenantId).toBe(FABRIKAM.id);
  });

  it('cannot read or revoke Contoso (403 admin_other_tenant)', async () => {
    const session = await stack.api<{ csrfToken: string }>('GET', '/admin/api/session', { cookies: fabrikamAdmin });
    const read = await stack.api<ErrorBody>('GET', `/admin/api/tenants/${CONTOSO.id}`, { cookies: fabrikamAdmin });
    expect([read.status, read.body.error.code]).toEqual([403, 'admin_other_tenant']);
    const revoke = await stack.api<ErrorBody>('POST', `/admin/api/tenants/${CONTOSO.id}/revoke`, {
      cookies: fabrikamAdmin,
      headers: { 'x-csrf-token': session.body.csrfToken },
    });
    expect([revoke.status, revoke.body.error.code]).toEqual([403, 'admin_other_tenant']);
    expect(await stack.store.tenants.get(CONTOSO.id)).toMatchObject({ mode: 'admin' });
  });

  it('cannot record Contoso’s consent as its own', async () => {
    const start = await fetch(`${stack.url}/admin/consent/start`, { redirect: 'manual', headers: { cookie: fabrikamAdmin.header() } });
    fabrikamAdmin.take(start.headers);
    const state = new URL(start.headers.get('location') as string).searchParams.get('state') as string;
    expect(new URL(start.headers.get('location') as string).pathname).toBe(`/${FABRIKAM.id}/v2.0/adminconsent`);
    const forged = await stack.api<string>(
      'GET',
      `/admin/consent/callback?admin_consent=True&tenant=${CONTOSO.id}&state=${encodeURIComponent(state)}`,
      { cookies: fabrikamAdmin },
    );
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('data-code="admin_consent_tenant_mismatch"');
    expect(await stack.store.tenants.get(FABRIKAM.id)).toBeUndefined();
  });
});

describe('the organization’s Webex token', () => {
  it('does not schedule for another organization’s users, even once that tenant is in admin mode (403 webex_host_not_allowed)', async () => {
    await stack.adminConsent(fabrikamAdmin, FABIAN);
    expect(await stack.store.tenants.get(FABRIKAM.id)).toMatchObject({ mode: 'admin' });
    const refused = await stack.api<ErrorBody>('POST', '/api/meetings', {
      token: await stack.userToken(ROSA),
      body: draft('In whose name?'),
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'webex_host_not_allowed']);
    expect(stack.webex.meetings({ hostEmail: ROSA.mail as string })).toEqual([]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
