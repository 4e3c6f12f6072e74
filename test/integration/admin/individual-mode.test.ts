/**
 * Individual mode end to end against the emulators: in a tenant no admin authorized, a user lets
 * the backend follow their own calendar (delegated offline_access, Calendars.ReadWrite, User.Read,
 * through Microsoft's consent in an Office dialog), the refresh token is kept only sealed in the
 * store, and from it the sync engine gets the user's Graph token later, on any replica. Withdrawing
 * (the user's own, or the admin's revoke) stops it.
 */
import { decodeJwt } from 'jose';
import { createGraphAccess } from '../../../src/server/sync/graph-access';
import { ADELE, ALEX, CONTOSO, IRINA, MEGAN, startAdminStack, type AdminStack } from './admin-stack';

let stack: AdminStack;

interface ErrorBody {
  error: { code: string };
}
type LinkAnswer = { status: 'linked' | 'not_required' } | { status: 'consent_required'; url: string };

const draft = (subject: string) => ({
  subject,
  start: new Date(Date.now() + 2 * 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  end: new Date(Date.now() + 2 * 24 * 3600_000 + 1800_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  timeZone: 'Europe/Moscow',
});

async function startLink(token: string): Promise<string> {
  const link = await stack.api<LinkAnswer>('POST', '/api/microsoft/link', { token });
  if (link.status !== 200 || link.body.status !== 'consent_required')
    throw new Error(`POST /api/microsoft/link answered ${link.status}: ${link.text}`);
  return link.body.url;
}

beforeAll(async () => {
  stack = await startAdminStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('a user of a tenant no admin authorized', () => {
  it('is asked to link Webex, then to authorize their calendar', async () => {
    const me = await stack.api<Record<string, unknown>>('GET', '/api/me', { token: await stack.userToken(MEGAN) });
    expect(me.body).toMatchObject({
      tenantMode: 'individual',
      calendarAccess: 'required',
      webexScheduling: 'personal',
      requiredActions: ['link_webex', 'authorize_calendar'],
    });
  });

  it('authorizes their calendar through Microsoft’s consent, and the tokens are kept only sealed', async () => {
    const token = await stack.userToken(MEGAN);
    const page = await stack.authorizeCalendar(await startLink(token), MEGAN);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-status="linked"');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');

    const cache = await stack.store.msalCaches.get(CONTOSO.id, MEGAN.id);
    expect(cache).toContain('RefreshToken');
    const [row] = await stack.store.db.query<{ cache_sealed: string }>('SELECT cache_sealed FROM msal_caches WHERE user_id = $1', [
      MEGAN.id,
    ]);
    expect(row?.cache_sealed.startsWith('v1:')).toBe(true);
    expect(row?.cache_sealed).not.toContain(MEGAN.userPrincipalName);

    const me = await stack.api<Record<string, unknown>>('GET', '/api/me', { token });
    expect(me.body).toMatchObject({ calendarAccess: 'user', requiredActions: ['link_webex'] });
  });

  it('has their calendar followed with their own delegated token', async () => {
    const [subscription] = await stack.store.subscriptions.listForUser(CONTOSO.id, MEGAN.id);
    expect(subscription).toBeDefined();
    const inGraph = stack.graph.subscriptions.all().find((s) => s.id === subscription?.id);
    expect(inGraph?.creatorId).toBe(MEGAN.id);
  });

  it('gives the sync engine of any replica the user’s Graph token from the stored cache', async () => {
    const otherReplica = createGraphAccess({ store: stack.store, microsoft: stack.config.microsoft });
    const auth = await otherReplica.authFor(CONTOSO.id, MEGAN.id);
    const claims = decodeJwt(await (auth as { getAccessToken(): Promise<string> }).getAccessToken());
    expect(claims.oid).toBe(MEGAN.id);
    // With the sharing permission and basic profiles, which checking a delegate's right needs.
    expect(String(claims.scp).split(' ').sort()).toEqual([
      'Calendars.ReadWrite',
      'Calendars.ReadWrite.Shared',
      'User.Read',
      'User.ReadBasic.All',
    ]);
  });

  it('adds a meeting with their own linked Webex account', async () => {
    const token = await stack.userToken(MEGAN);
    expect((await stack.linkWebex(token, MEGAN)).status).toBe(200);
    const created = await stack.api<{ id: string }>('POST', '/api/meetings', { token, body: draft('Design review') });
    expect(created.status).toBe(201);
    expect(stack.webex.meetings({ hostEmail: MEGAN.mail as string }).map((m) => m.id)).toContain(created.body.id);
  });

  it('keeps nothing when another account signs in to their authorization', async () => {
    const page = await stack.authorizeCalendar(await startLink(await stack.userToken(IRINA)), ALEX);
    expect(page.status).toBe(403);
    expect(page.text).toContain('data-code="authorization_account_mismatch"');
    expect(await stack.store.msalCaches.get(CONTOSO.id, IRINA.id)).toBeUndefined();
    expect(await stack.store.msalCaches.get(CONTOSO.id, ALEX.id)).toBeUndefined();
  });

  it('cannot use an authorization link twice', async () => {
    const url = await startLink(await stack.userToken(IRINA));
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(302);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('data-code="authorization_flow_invalid"');
  });

  it('withdraws it: the subscription and the stored tokens go; asking again needs no dialog, Microsoft has the consent', async () => {
    const token = await stack.userToken(MEGAN);
    expect((await stack.api('DELETE', '/api/microsoft/link', { token })).status).toBe(204);
    expect(await stack.store.msalCaches.get(CONTOSO.id, MEGAN.id)).toBeUndefined();
    expect(await stack.store.subscriptions.listForUser(CONTOSO.id, MEGAN.id)).toEqual([]);
    expect(stack.graph.subscriptions.all().filter((s) => s.resource.toLowerCase() === `users/${MEGAN.id}/events`)).toEqual([]);

    const again = await stack.api<LinkAnswer>('POST', '/api/microsoft/link', { token });
    expect(again.body).toEqual({ status: 'linked' });
    expect(await stack.store.msalCaches.get(CONTOSO.id, MEGAN.id)).toBeDefined();
  });
});

describe('the admin’s revoke of an individual-mode tenant', () => {
  it('deletes every user’s subscriptions, Microsoft tokens and Webex links', async () => {
    const { jar } = await stack.adminSignIn(ADELE);
    const overview = await stack.api<{ mode: string; users: { calendarAuthorized: number; webexLinked: number } }>(
      'GET',
      `/admin/api/tenants/${CONTOSO.id}`,
      { cookies: jar },
    );
    expect(overview.body).toMatchObject({ mode: 'individual', users: { calendarAuthorized: 1, webexLinked: 1 } });

    const form = (fields: Record<string, string>) =>
      fetch(`${stack.url}/admin/revoke`, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { cookie: jar.header() },
        redirect: 'manual',
      });
    const forged = await form({ csrf: 'not-the-session-token' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('data-code="admin_csrf_invalid"');
    expect(await stack.store.msalCaches.get(CONTOSO.id, MEGAN.id)).toBeDefined();

    const session = await stack.api<{ csrfToken: string }>('GET', '/admin/api/session', { cookies: jar });
    const revoked = await form({ csrf: session.body.csrfToken });
    expect([revoked.status, revoked.headers.get('location')]).toEqual([303, '/admin?done=revoked']);
    const after = await stack.api<{ users: { calendarAuthorized: number; webexLinked: number } }>(
      'GET',
      `/admin/api/tenants/${CONTOSO.id}`,
      { cookies: jar },
    );
    expect(after.body.users).toMatchObject({ calendarAuthorized: 0, webexLinked: 0 });
    expect(await stack.store.msalCaches.get(CONTOSO.id, MEGAN.id)).toBeUndefined();
    expect(stack.graph.subscriptions.all().filter((s) => s.tenantId === CONTOSO.id)).toEqual([]);

    const token = await stack.userToken(MEGAN);
    const refused = await stack.api<ErrorBody>('POST', '/api/meetings', { token, body: draft('After revoke') });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'webex_not_linked']);
  });
});
