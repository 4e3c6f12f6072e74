/**
 * The organization's default meeting template (docs/admin-guide.md): a tenant admin picks one of
 * the organization's Webex templates on the admin page; the add-in learns it from GET /api/me, and
 * a meeting of a user who chose no template of their own is created from it in Webex. A user's own
 * template wins; a default Webex no longer knows does not stop meetings being made. Only a
 * signed-in admin of the tenant changes it, with the session's form token.
 */
import { ALEX, CookieJar, CONTOSO, FABIAN, FABRIKAM, MEGAN, startConsentedAdminStack, type AdminStack } from './admin-stack';

let stack: AdminStack;
let admin: CookieJar;

interface ErrorBody {
  error: { code: string };
}
interface Details {
  id: string;
  options: { lobby?: string; audio?: { type: string } };
}
interface Me {
  settings: { templateId: string };
  organizationDefaults?: { templateId: string };
}

const draft = (subject: string) => ({
  subject,
  start: new Date(Date.now() + 3 * 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  end: new Date(Date.now() + 3 * 24 * 3600_000 + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  timeZone: 'Europe/Berlin',
});

/** The page's choices of the default template: [id, label, selected]. */
function templateChoices(html: string): Array<[string, string, boolean]> {
  const select = /<select name="templateId" data-testid="admin-default-template"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => [
    m[1] as string,
    m[3] as string,
    m[2] !== undefined,
  ]);
}

const csrfOf = async (jar: CookieJar) =>
  (await stack.api<{ csrfToken: string }>('GET', '/admin/api/session', { cookies: jar })).body.csrfToken;

const post = (jar: CookieJar, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}/admin/default-template`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { cookie: jar.header(), ...headers },
    redirect: 'manual',
  });

beforeAll(async () => {
  ({ stack, admin } = await startConsentedAdminStack());
});

afterAll(async () => {
  await stack?.close();
});

describe('the organization’s default meeting template', () => {
  let team: string;

  it('is chosen on the admin page among the organization’s Webex templates, and saved with a notice', async () => {
    const page = await stack.api<string>('GET', '/admin', { cookies: admin });
    const choices = templateChoices(page.text);
    expect(choices[0]).toEqual(['', 'None', true]);
    const found = choices.find(([, label]) => label.startsWith('Team meeting'));
    expect(found).toBeDefined();
    team = (found as [string, string, boolean])[0];

    const saved = await post(admin, { csrf: await csrfOf(admin), templateId: team });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/admin?done=template_saved']);
    const after = await stack.api<string>('GET', '/admin?done=template_saved', { cookies: admin, headers: { 'accept-language': 'ru' } });
    expect(after.text).toContain('data-notice="template_saved"');
    expect(after.text).toContain('Сохранено');
    expect(templateChoices(after.text).find(([, , selected]) => selected)?.[0]).toBe(team);
    expect((await stack.store.tenants.get(CONTOSO.id))?.defaultTemplateId).toBe(team);
  });

  it('is what GET /api/me tells the add-in, beside the user’s own (empty) template setting', async () => {
    const me = await stack.api<Me>('GET', '/api/me', { token: await stack.userToken(ALEX) });
    expect(me.body.settings.templateId).toBe('');
    expect(me.body.organizationDefaults).toEqual({ templateId: team });
  });

  it('creates the meeting of a user without a template of their own from it in Webex', async () => {
    const token = await stack.userToken(ALEX);
    const created = await stack.api<Details>('POST', '/api/meetings', { token, body: draft('Planning') });
    expect(created.status).toBe(201);
    // What the team template sets (src/emulators/webex/meeting-templates.ts).
    expect(created.body.options).toMatchObject({ lobby: 'allowJoinWithLobby', audio: { type: 'VoIP' } });
  });

  it('yields to the user’s own template', async () => {
    const token = await stack.userToken(MEGAN);
    const choices = (
      await stack.api<{ templates: Array<{ id: string; isDefault: boolean }> }>('GET', '/api/webex/meeting-choices', { token })
    ).body.templates;
    const standard = choices.find((t) => t.isDefault)?.id as string;
    expect(standard).toBeDefined();
    expect((await stack.api('PUT', '/api/me/settings', { token, body: { templateId: standard } })).status).toBe(200);
    const created = await stack.api<Details>('POST', '/api/meetings', { token, body: draft('Own template') });
    expect(created.status).toBe(201);
    expect(created.body.options.lobby).not.toBe('allowJoinWithLobby');
    expect(created.body.options.audio?.type).not.toBe('VoIP');
  });

  it('is left out when Webex no longer knows it: the meeting is made without a template', async () => {
    const gone = Buffer.from('contoso.webex.com:deleted-template:en_US').toString('base64url');
    const api = await stack.api<{ templateId: string }>('POST', `/admin/api/tenants/${CONTOSO.id}/default-template`, {
      cookies: admin,
      headers: { 'x-csrf-token': await csrfOf(admin) },
      body: { templateId: gone },
    });
    expect([api.status, api.body.templateId]).toEqual([200, gone]);
    const page = await stack.api<string>('GET', '/admin', { cookies: admin });
    expect(templateChoices(page.text).find(([, , selected]) => selected)?.[0]).toBe(gone);

    const before = stack.webex.meetings().length;
    const created = await stack.api<Details>('POST', '/api/meetings', {
      token: await stack.userToken(ALEX),
      body: draft('After the template went'),
    });
    expect(created.status).toBe(201);
    expect(created.body.options.lobby).not.toBe('allowJoinWithLobby');
    expect(stack.webex.meetings()).toHaveLength(before + 1);
  });

  it('is cleared with “None”', async () => {
    const cleared = await post(admin, { csrf: await csrfOf(admin), templateId: '' });
    expect(cleared.status).toBe(303);
    expect((await stack.store.tenants.get(CONTOSO.id))?.defaultTemplateId).toBeNull();
    const me = await stack.api<Me>('GET', '/api/me', { token: await stack.userToken(ALEX) });
    expect(me.body.organizationDefaults).toEqual({ templateId: '' });
  });

  it('refuses what is not a template id', async () => {
    const bad = await post(admin, { csrf: await csrfOf(admin), templateId: 'x/y' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('data-code="admin_template_invalid"');
    expect((await stack.store.tenants.get(CONTOSO.id))?.defaultTemplateId).toBeNull();
  });

  it('is not changed by a cross-site form: without the session’s form token the post is refused', async () => {
    const forged = await post(admin, { templateId: 'Zm9yZ2Vk' }, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('data-code="admin_csrf_invalid"');
    const wrong = await post(admin, { csrf: 'not-the-session-token', templateId: 'Zm9yZ2Vk' });
    expect(wrong.status).toBe(403);
    const api = await stack.api<ErrorBody>('POST', `/admin/api/tenants/${CONTOSO.id}/default-template`, {
      cookies: admin,
      body: { templateId: 'Zm9yZ2Vk' },
    });
    expect([api.status, api.body.error.code]).toEqual([403, 'admin_csrf_invalid']);
    expect((await stack.store.tenants.get(CONTOSO.id))?.defaultTemplateId).toBeNull();
  });

  it('is not changed by a user who is not an administrator, nor without signing in', async () => {
    const { jar } = await stack.adminSignIn(MEGAN);
    const refused = await post(jar, { csrf: 'anything', templateId: 'Zm9yZ2Vk' });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('data-code="admin_sign_in_required"');
    const anonymous = await post(new CookieJar(), { csrf: 'anything', templateId: 'Zm9yZ2Vk' });
    expect(anonymous.status).toBe(401);
    expect((await stack.store.tenants.get(CONTOSO.id))?.defaultTemplateId).toBeNull();
  });

  it('is not changed by another organization’s admin', async () => {
    const { jar } = await stack.adminSignIn(FABIAN);
    const csrf = await csrfOf(jar);
    const api = await stack.api<ErrorBody>('POST', `/admin/api/tenants/${CONTOSO.id}/default-template`, {
      cookies: jar,
      headers: { 'x-csrf-token': csrf },
      body: { templateId: 'Zm9yZ2Vk' },
    });
    expect([api.status, api.body.error.code]).toEqual([403, 'admin_other_tenant']);
    // The page's form sets the admin's own tenant's default only.
    const own = await post(jar, { csrf, templateId: 'Zm9yZ2Vk' });
    expect(own.status).toBe(303);
    expect((await stack.store.tenants.get(FABRIKAM.id))?.defaultTemplateId).toBe('Zm9yZ2Vk');
    expect((await stack.store.tenants.get(CONTOSO.id))?.defaultTemplateId).toBeNull();
  });
});
