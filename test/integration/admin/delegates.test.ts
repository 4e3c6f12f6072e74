/**
 * Delegates against the emulators: Megan is Alex's delegate with write access (the seed), Irina is
 * nobody's. A delegate adds, changes and removes a Webex meeting for the calendar's owner, named by
 * `onBehalfOf` (the owner's mailbox or user id); the meeting is the owner's — hosted by the owner
 * in Webex, recorded as the owner's — and the backend checks the delegate's right itself, reading
 * the owner's calendar with the delegate's own delegated token (on-behalf-of,
 * Calendars.ReadWrite.Shared), never trusting the client.
 *
 * First individual mode (no admin consent yet): the owner must have linked Webex and turned on
 * "Let my Outlook delegates add Webex meetings for me"; the owner's own grant schedules. Then the
 * admin consents, and the organization's token schedules for the owner with hostEmail.
 */
import { ADELE, ALEX, CONTOSO, IRINA, MEGAN, startAdminStack, type AdminStack } from './admin-stack';

let stack: AdminStack;

interface ErrorBody {
  error: { code: string };
}
interface Meeting {
  id: string;
  title: string;
}
interface Delegation {
  owner: { userId: string; displayName?: string };
  webexScheduling: 'organization' | 'personal';
  ready: boolean;
  ownerActions: string[];
}
type LinkAnswer = { status: 'linked' | 'not_required' } | { status: 'consent_required'; url: string };

const draft = (subject: string, days = 4) => ({
  subject,
  start: new Date(Date.now() + days * 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  end: new Date(Date.now() + days * 24 * 3600_000 + 1800_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  timeZone: 'Europe/Berlin',
});

const forAlex = `onBehalfOf=${encodeURIComponent(ALEX.userPrincipalName)}`;
const alexMail = (ALEX.mail as string).toLowerCase();

/** Lets the backend follow the user's own calendar, as the pane asks every user of an individual-mode tenant. */
async function authorizeCalendar(user: typeof MEGAN): Promise<void> {
  const token = await stack.userToken(user);
  const link = await stack.api<LinkAnswer>('POST', '/api/microsoft/link', { token });
  if (link.body.status === 'consent_required') {
    const page = await stack.authorizeCalendar(link.body.url, user);
    if (page.status !== 200) throw new Error(`the calendar authorization of ${user.userPrincipalName} ended with ${page.status}`);
  }
}

beforeAll(async () => {
  stack = await startAdminStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('individual mode', () => {
  it('refuses a delegate whose owner never linked Webex, and says what the owner must do', async () => {
    await authorizeCalendar(MEGAN);
    const megan = await stack.userToken(MEGAN);
    const status = await stack.api<Delegation>('GET', `/api/delegation?owner=${encodeURIComponent(ALEX.userPrincipalName)}`, {
      token: megan,
    });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      owner: { userId: ALEX.id, displayName: ALEX.displayName },
      webexScheduling: 'personal',
      ready: false,
    });
    expect(status.body.ownerActions).toEqual(['link_webex', 'allow_delegates', 'authorize_calendar']);

    const refused = await stack.api<ErrorBody>('POST', `/api/meetings?${forAlex}`, { token: megan, body: draft('For Alex') });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'owner_webex_not_linked']);
  });

  it('refuses a delegate while the owner has not turned on “Let my Outlook delegates add Webex meetings for me” (off by default)', async () => {
    const alex = await stack.userToken(ALEX);
    expect((await stack.linkWebex(alex, ALEX)).status).toBe(200);
    const me = await stack.api<{ settings: { allowDelegates: boolean } }>('GET', '/api/me', { token: alex });
    expect(me.body.settings.allowDelegates).toBe(false);

    const refused = await stack.api<ErrorBody>('POST', `/api/meetings?${forAlex}`, {
      token: await stack.userToken(MEGAN),
      body: draft('For Alex'),
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'owner_delegation_disabled']);
    expect(stack.webex.meetings({ hostEmail: alexMail })).toEqual([]);
  });

  let meeting: Meeting;

  it('lets the delegate add a meeting hosted by the owner with the owner’s Webex grant, once the owner allows it', async () => {
    const alex = await stack.userToken(ALEX);
    const saved = await stack.api<{ settings: { allowDelegates: boolean } }>('PUT', '/api/me/settings', {
      token: alex,
      body: { allowDelegates: true },
    });
    expect(saved.body.settings.allowDelegates).toBe(true);

    const megan = await stack.userToken(MEGAN);
    const status = await stack.api<Delegation>('GET', `/api/delegation?owner=${encodeURIComponent(ALEX.mail as string)}`, { token: megan });
    expect(status.body).toMatchObject({ ready: true, ownerActions: ['authorize_calendar'] });

    const created = await stack.api<Meeting>('POST', `/api/meetings?${forAlex}`, { token: megan, body: draft('Planning for Alex') });
    expect(created.status).toBe(201);
    meeting = created.body;
    const [inWebex] = stack.webex.meetings().filter((m) => m.id === meeting.id);
    expect(inWebex?.hostEmail).toBe(alexMail);
    // The meeting row is the owner's: the delegate owns nothing.
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, meeting.id)).toBeDefined();
    expect(await stack.store.meetings.get(CONTOSO.id, MEGAN.id, meeting.id)).toBeUndefined();
    // Megan never linked Webex: it was not needed.
    expect(await stack.store.users.get(CONTOSO.id, MEGAN.id)).toMatchObject({ webexLinked: false });
  });

  it('lets the delegate read, change and the owner see the same meeting; the host stays the owner', async () => {
    const megan = await stack.userToken(MEGAN);
    const read = await stack.api<Meeting>('GET', `/api/meetings/${meeting.id}?onBehalfOf=${ALEX.id}`, { token: megan });
    expect([read.status, read.body.title]).toEqual([200, 'Planning for Alex']);
    const changed = await stack.api<Meeting>('PATCH', `/api/meetings/${meeting.id}?${forAlex}`, {
      token: megan,
      body: { subject: 'Planning for Alex (v2)' },
    });
    expect([changed.status, changed.body.title]).toEqual([200, 'Planning for Alex (v2)']);
    expect(stack.webex.meetings().find((m) => m.id === meeting.id)?.hostEmail).toBe(alexMail);

    const byOwner = await stack.api<Meeting>('GET', `/api/meetings/${meeting.id}`, { token: await stack.userToken(ALEX) });
    expect(byOwner.body.title).toBe('Planning for Alex (v2)');
    // Without onBehalfOf the delegate has no such meeting of their own.
    expect((await stack.api<ErrorBody>('GET', `/api/meetings/${meeting.id}`, { token: megan })).body.error.code).toBe('meeting_not_found');
  });

  it('lets the delegate read the owner’s sync state and invitees, and retry the sync, like the owner', async () => {
    const megan = await stack.userToken(MEGAN);
    const sync = await stack.api<{ status: string; problems: unknown[] }>('GET', `/api/meetings/${meeting.id}/sync?${forAlex}`, {
      token: megan,
    });
    expect([sync.status, sync.body]).toEqual([200, { status: 'notLinked', problems: [] }]);
    // Not saved in Outlook yet: the owner's meeting has no event to sync (not "no such meeting").
    const retry = await stack.api<ErrorBody>('POST', `/api/meetings/${meeting.id}/sync/retry?${forAlex}`, { token: megan, body: {} });
    expect([retry.status, retry.body.error.code]).toEqual([409, 'meeting_not_linked']);
    const put = await stack.api<{ items: unknown[] }>('PUT', `/api/meetings/${meeting.id}/invitees?${forAlex}`, {
      token: megan,
      body: { items: [{ email: 'irina.petrova@contoso.example', coHost: true }] },
    });
    expect([put.status, put.body.items]).toEqual([200, [{ email: 'irina.petrova@contoso.example', coHost: true }]]);
    const listed = await stack.api<{ items: Array<{ email: string; coHost: boolean }> }>(
      'GET',
      `/api/meetings/${meeting.id}/invitees?${forAlex}`,
      { token: megan },
    );
    expect([listed.status, listed.body.items.map((i) => [i.email, i.coHost])]).toEqual([200, [['irina.petrova@contoso.example', true]]]);
    // The owner sees the same.
    const byOwner = await stack.api<{ items: Array<{ email: string }> }>('GET', `/api/meetings/${meeting.id}/invitees`, {
      token: await stack.userToken(ALEX),
    });
    expect(byOwner.body.items.map((i) => i.email)).toEqual(['irina.petrova@contoso.example']);
    // Without onBehalfOf the delegate has no such meeting of their own.
    expect((await stack.api<ErrorBody>('GET', `/api/meetings/${meeting.id}/sync`, { token: megan })).body.error.code).toBe(
      'meeting_not_found',
    );
    // The Webex choices are the owner's, asked with the owner's grant (Megan has no Webex link).
    const choices = await stack.api<{ sites: Array<{ siteUrl: string }>; templates: unknown[] }>(
      'GET',
      `/api/webex/meeting-choices?${forAlex}`,
      { token: megan },
    );
    expect([choices.status, choices.body.sites.map((s) => s.siteUrl)]).toEqual([200, ['contoso.webex.com']]);
    expect(choices.body.templates.length).toBeGreaterThan(0);
  });

  it('refuses someone who is not a delegate, whatever the client says (403 delegate_access_required)', async () => {
    await authorizeCalendar(IRINA);
    const irina = await stack.userToken(IRINA);
    for (const [method, path, body] of [
      ['GET', `/api/delegation?owner=${encodeURIComponent(ALEX.userPrincipalName)}`, undefined],
      ['POST', `/api/meetings?${forAlex}`, draft('Not mine')],
      ['GET', `/api/meetings/${meeting.id}?${forAlex}`, undefined],
      ['PATCH', `/api/meetings/${meeting.id}?${forAlex}`, { subject: 'Hijacked' }],
      ['DELETE', `/api/meetings/${meeting.id}?${forAlex}`, undefined],
      ['GET', `/api/meetings/${meeting.id}/sync?${forAlex}`, undefined],
      ['POST', `/api/meetings/${meeting.id}/sync/retry?${forAlex}`, {}],
      ['GET', `/api/meetings/${meeting.id}/invitees?${forAlex}`, undefined],
      ['PUT', `/api/meetings/${meeting.id}/invitees?${forAlex}`, { items: [] }],
      ['POST', `/api/webex/alternate-hosts?${forAlex}`, { emails: ['adele.vance@contoso.example'] }],
      ['GET', `/api/webex/meeting-choices?${forAlex}`, undefined],
      ['GET', `/api/webex/templates/abc?${forAlex}`, undefined],
    ] as const) {
      const refused = await stack.api<ErrorBody>(method, path, { token: irina, ...(body ? { body } : {}) });
      expect([method, refused.status, refused.body.error.code]).toEqual([method, 403, 'delegate_access_required']);
    }
    expect(stack.webex.meetings().find((m) => m.id === meeting.id)?.title).toBe('Planning for Alex (v2)');
  });

  it('refuses the delegate again once the owner turns the setting off', async () => {
    await stack.api('PUT', '/api/me/settings', { token: await stack.userToken(ALEX), body: { allowDelegates: false } });
    const refused = await stack.api<ErrorBody>('PATCH', `/api/meetings/${meeting.id}?${forAlex}`, {
      token: await stack.userToken(MEGAN),
      body: { subject: 'Again' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'owner_delegation_disabled']);
    await stack.api('PUT', '/api/me/settings', { token: await stack.userToken(ALEX), body: { allowDelegates: true } });
  });

  it('takes the right away when the owner removes the delegate in Outlook', async () => {
    const permissions = `${stack.graph.url}/_emulator/users/${ALEX.id}/calendarPermissions`;
    expect((await fetch(`${permissions}/${MEGAN.id}`, { method: 'DELETE' })).status).toBe(204);
    const refused = await stack.api<ErrorBody>('DELETE', `/api/meetings/${meeting.id}?${forAlex}`, { token: await stack.userToken(MEGAN) });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'delegate_access_required']);

    const back = await fetch(permissions, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delegate: MEGAN.id, role: 'delegateWithoutPrivateEventAccess' }),
    });
    expect(back.status).toBe(201);
    const removed = await stack.api('DELETE', `/api/meetings/${meeting.id}?${forAlex}`, { token: await stack.userToken(MEGAN) });
    expect(removed.status).toBe(204);
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, meeting.id)).toBeUndefined();
  });

  it('keeps nothing personal of the owner in the database or the logs', async () => {
    const dump =
      JSON.stringify(await stack.store.db.query('SELECT * FROM users')) +
      JSON.stringify(await stack.store.db.query('SELECT * FROM meetings'));
    expect(dump).not.toContain(ALEX.mail as string);
    expect(stack.logLines.join('\n')).not.toContain(ALEX.mail as string);
    expect(stack.logLines.join('\n')).not.toContain(ALEX.displayName);
  });
});

describe('admin mode', () => {
  beforeAll(async () => {
    const admin = (await stack.adminSignIn(ADELE)).jar;
    const consent = await stack.adminConsent(admin, ADELE);
    if (consent.status !== 200) throw new Error(`admin consent ended with ${consent.status}`);
  });

  it('lets the delegate add a meeting the organization’s token schedules for the owner (hostEmail), whatever the owner’s setting', async () => {
    await stack.api('PUT', '/api/me/settings', { token: await stack.userToken(ALEX), body: { allowDelegates: false } });
    const megan = await stack.userToken(MEGAN);
    const status = await stack.api<Delegation>('GET', `/api/delegation?owner=${encodeURIComponent(ALEX.userPrincipalName)}`, {
      token: megan,
    });
    expect(status.body).toMatchObject({ webexScheduling: 'organization', ready: true, ownerActions: [] });

    const created = await stack.api<Meeting>('POST', `/api/meetings?${forAlex}`, { token: megan, body: draft('Board prep for Alex') });
    expect(created.status).toBe(201);
    const inWebex = stack.webex.meetings().find((m) => m.id === created.body.id);
    expect(inWebex?.hostEmail).toBe(alexMail);
    expect(inWebex?.calls.find((c) => c.operation === 'create')).toMatchObject({ onBehalfOf: alexMail });
    expect(await stack.store.meetings.get(CONTOSO.id, ALEX.id, created.body.id)).toBeDefined();
    // The owner's calendar is followed (app-only), so that later edits reach Webex.
    expect(stack.calendarsAvailable).toContainEqual({ tenantId: CONTOSO.id, userId: ALEX.id });
  });

  it('still refuses someone who is not a delegate (403 delegate_access_required)', async () => {
    const refused = await stack.api<ErrorBody>('POST', `/api/meetings?${forAlex}`, {
      token: await stack.userToken(IRINA),
      body: draft('Not mine'),
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'delegate_access_required']);
  });
});
