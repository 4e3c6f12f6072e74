/**
 * The admin page's session ends on the server, not only in the browser: a copy of the cookie
 * taken before signing out is refused afterwards, and the admin role that opened the session is
 * looked up again at least every five minutes, so that an admin removed from Global Administrator
 * (or whose sign-in sessions were revoked) loses the page within five minutes. The backend's clock
 * is moved by the tests; Microsoft's side is the identity emulator, whose control surface takes
 * the role away.
 */
import { ADELE, CONTOSO, CookieJar, startAdminStack, type AdminStack } from './admin-stack';

interface ErrorBody {
  error: { code: string };
}

const FIVE_MINUTES_MS = 5 * 60_000;

let stack: AdminStack;
let offsetMs = 0;

beforeAll(async () => {
  stack = await startAdminStack({
    adjustDeps: (deps) => {
      deps.clock = () => new Date(Date.now() + offsetMs);
    },
  });
});

afterAll(async () => {
  await stack?.close();
});

afterEach(async () => {
  await setTenantAdmin(true);
  await fetch(`${stack.identity.url}/_emulator/faults`, { method: 'DELETE' });
});

async function setTenantAdmin(isTenantAdmin: boolean): Promise<void> {
  const res = await fetch(`${stack.identity.url}/_emulator/users/${CONTOSO.id}/${ADELE.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ isTenantAdmin }),
  });
  if (res.status !== 200) throw new Error(`the identity emulator answered ${res.status}`);
}

/** Signs Adele in; the jar holds her session. */
async function signedInAdmin(): Promise<CookieJar> {
  const { jar, answer } = await stack.adminSignIn(ADELE);
  if (answer.status !== 200) throw new Error(`the admin sign-in ended with ${answer.status}`);
  return jar;
}

/** A second browser holding a copy of the jar's cookies (someone who copied the cookie). */
function copyOf(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  copy.take(new Headers([['set-cookie', jar.header()]]));
  return copy;
}

const session = (jar: CookieJar) =>
  stack.api<{ tenantId: string; csrfToken: string } & ErrorBody>('GET', '/admin/api/session', { cookies: jar });
const refreshes = () => stack.identity.state.tokenCounters.refresh_token ?? 0;

describe('signing out of the admin page', () => {
  it('ends the session on the server: a copy of the cookie taken before is refused (401 admin_sign_in_required)', async () => {
    const jar = await signedInAdmin();
    const copied = copyOf(jar);
    const before = await session(copied);
    expect([before.status, before.body.tenantId]).toEqual([200, CONTOSO.id]);

    const signedOut = await stack.api<string>('POST', '/admin/sign-out', { cookies: jar, body: { csrf: before.body.csrfToken } });
    expect([signedOut.status, signedOut.headers.get('location')]).toEqual([303, '/admin?done=signed_out']);
    expect(jar.has('wso_admin')).toBe(false);

    const replayed = await session(copied);
    expect([replayed.status, replayed.body.error?.code]).toEqual([401, 'admin_sign_in_required']);
    const overview = await stack.api<ErrorBody>('GET', `/admin/api/tenants/${CONTOSO.id}`, { cookies: copied });
    expect([overview.status, overview.body.error?.code]).toEqual([401, 'admin_sign_in_required']);
    const page = await stack.api<string>('GET', '/admin', { cookies: copied });
    expect(page.text).not.toContain('name="csrf"');
    expect(page.text).toContain('href="/admin/sign-in"');
  });

  it('leaves the admin’s other sessions alone', async () => {
    const other = await signedInAdmin();
    const jar = await signedInAdmin();
    const { body } = await session(jar);
    await stack.api('POST', '/admin/sign-out', { cookies: jar, body: { csrf: body.csrfToken } });
    expect((await session(other)).status).toBe(200);
  });
});

describe('the admin role', () => {
  it('is looked up again after five minutes, and a session whose role is intact goes on', async () => {
    const jar = await signedInAdmin();
    const atSignIn = refreshes();
    offsetMs += FIVE_MINUTES_MS - 60_000;
    expect((await session(jar)).status).toBe(200);
    expect(refreshes()).toBe(atSignIn);

    offsetMs += 60_000 + 1_000;
    expect((await session(jar)).status).toBe(200);
    expect(refreshes()).toBe(atSignIn + 1);
    // Checked: the next five minutes need no other look-up.
    expect((await session(jar)).status).toBe(200);
    expect(refreshes()).toBe(atSignIn + 1);
  });

  it('taken away ends the session within five minutes (403 admin_role_required, then 401 admin_sign_in_required)', async () => {
    const jar = await signedInAdmin();
    await setTenantAdmin(false);
    offsetMs += FIVE_MINUTES_MS + 1_000;

    const refused = await session(jar);
    expect([refused.status, refused.body.error?.code]).toEqual([403, 'admin_role_required']);
    // Given back, the role does not revive the ended session: the admin signs in again.
    await setTenantAdmin(true);
    const after = await session(jar);
    expect([after.status, after.body.error?.code]).toEqual([401, 'admin_sign_in_required']);
  });

  it('taken away shows the admin page with the code, and no longer the tenant', async () => {
    const jar = await signedInAdmin();
    await setTenantAdmin(false);
    offsetMs += FIVE_MINUTES_MS + 1_000;
    const page = await stack.api<string>('GET', '/admin', { cookies: jar });
    expect(page.status).toBe(403);
    expect(page.text).toContain('data-code="admin_role_required"');
    expect(page.text).not.toContain('name="csrf"');
  });

  it('cannot be looked up once Microsoft revoked the admin’s sign-in sessions: the session ends (401 admin_sign_in_required)', async () => {
    const jar = await signedInAdmin();
    stack.identity.revokeUser(CONTOSO.id, ADELE.id);
    offsetMs += FIVE_MINUTES_MS + 1_000;
    const refused = await session(jar);
    expect([refused.status, refused.body.error?.code]).toEqual([401, 'admin_sign_in_required']);
  });

  it('cannot be looked up while Microsoft is unavailable: 503 microsoft_unavailable, and the session goes on once it is back', async () => {
    const jar = await signedInAdmin();
    const fault = await fetch(`${stack.identity.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 503, retryAfter: 0, pathPrefix: `/${CONTOSO.id}/oauth2/v2.0/token` }),
    });
    expect(fault.status).toBe(201);
    offsetMs += FIVE_MINUTES_MS + 1_000;
    const unavailable = await session(jar);
    expect([unavailable.status, unavailable.body.error?.code]).toEqual([503, 'microsoft_unavailable']);

    await fetch(`${stack.identity.url}/_emulator/faults`, { method: 'DELETE' });
    expect((await session(jar)).status).toBe(200);
  });
});
