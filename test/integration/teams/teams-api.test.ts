/**
 * The Teams calling tab's backend against the identity and Graph emulators: every Graph call it
 * makes on the user's behalf, the authorization missing, granted through the consent popup, and
 * revoked, and what reaches the tab when Graph fails.
 */
import { randomBytes } from 'node:crypto';
import { oneOnOneChatId } from '../../../src/emulators/graph/teams-chats';
import type { PeopleResponse, Person, PersonResponse, SpeedDial, SpeedDialsResponse } from '../../../src/core/teams-api-types';
import { SPEED_DIALS_EXTENSION } from '../../../src/server/teams/speed-dials-extension';
import { formAction, hiddenInputs } from '../../../scripts/world/emulator-pages';
import { ADELE, ALEX, CONTOSO, IRINA, MEGAN, startTeamsStack, type ErrorAnswer, type TeamsStack } from './teams-stack';

let stack: TeamsStack;

beforeAll(async () => {
  stack = await startTeamsStack();
});

afterAll(async () => {
  await stack.close();
});

beforeEach(async () => {
  stack.revokeConsent();
  await fetch(`${stack.graph.url}/_emulator/reset`, { method: 'POST' });
  await fetch(`${stack.graph.url}/_emulator/faults`, { method: 'DELETE' });
});

/** The state the popup's first page mints (test/integration/teams/teams-consent-state.test.ts checks it). */
const POPUP_STATE = randomBytes(32).toString('base64url');

/** Follows the consent popup as a browser would: our redirect, the sign-in page, the user's answer. */
async function consentThroughPopup(user: typeof ADELE, forOrganization: boolean): Promise<URL> {
  const start = await fetch(
    `${stack.url}/teams/consent?tenant=${CONTOSO.id}&login_hint=${encodeURIComponent(user.userPrincipalName)}&state=${POPUP_STATE}`,
    { redirect: 'manual' },
  );
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  const page = await fetch(authorize, { redirect: 'manual' });
  const html = await page.text();
  const hidden = hiddenInputs(html);
  const action = formAction(html);
  const body = new URLSearchParams({ ...hidden, login: user.userPrincipalName, passwd: user.password, action: 'accept', consent: 'yes' });
  if (forOrganization) body.set('consent_org', 'yes');
  const submitted = await fetch(new URL(action, stack.identity.url), { method: 'POST', body, redirect: 'manual' });
  return new URL(submitted.headers.get('location') ?? `${stack.identity.url}/no-redirect`);
}

function oboExchanges(): number {
  return Object.entries(stack.identity.state.tokenCounters)
    .filter(([grant]) => grant === 'on_behalf_of')
    .reduce((n, [, count]) => n + count, 0);
}

describe('authorization', () => {
  it('says consent_required when nobody has granted the tab’s Graph permissions', async () => {
    const res = await stack.api<ErrorAnswer>('GET', '/api/teams/me', { token: await stack.ssoToken(ALEX) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('consent_required');
  });

  it('does not take the scheduler’s consent for the tab’s', async () => {
    // An admin consenting to the scheduler grants what its registration requires: not contacts or chats.
    stack.identity.state.grantAdminConsent(CONTOSO.id, stack.config.microsoft.clientId);
    const res = await stack.api<ErrorAnswer>('GET', '/api/teams/contacts', { token: await stack.ssoToken(ALEX) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('consent_required');
  });

  it('opens the consent popup at the identity platform, asking the backend’s app for exactly the tab’s permissions', async () => {
    const start = await fetch(`${stack.url}/teams/consent?tenant=${CONTOSO.id}&state=${POPUP_STATE}`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(start.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    const url = new URL(start.headers.get('location')!);
    expect(`${url.origin}${url.pathname}`).toBe(`${stack.identity.url}/${CONTOSO.id}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('client_id')).toBe(stack.config.microsoft.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${stack.tabBaseUrl}/teams-auth.html`);
    const scopes = url.searchParams
      .get('scope')!
      .split(' ')
      .map((s) => s.replace('https://graph.microsoft.com/', ''));
    expect(scopes.sort()).toEqual(
      [
        'ChannelMember.Read.All',
        'Chat.ReadBasic',
        'Contacts.Read',
        'User.Read',
        'User.Read.All',
        'User.ReadWrite',
        'offline_access',
        'openid',
        'profile',
      ].sort(),
    );
  });

  it('refuses a consent popup for something that is not a tenant', async () => {
    const res = await stack.api<ErrorAnswer>('GET', '/teams/consent?tenant=evil.example%2Fx');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it('works for everyone in the organization once an admin consents for it in the popup', async () => {
    const back = await consentThroughPopup(ADELE, true);
    expect(`${back.origin}${back.pathname}`).toBe(`${stack.tabBaseUrl}/teams-auth.html`);
    expect(back.searchParams.get('code')).toBeTruthy();
    const res = await stack.api<PersonResponse>('GET', '/api/teams/me', { token: await stack.ssoToken(ALEX) });
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ kind: 'user', id: ALEX.id, displayName: ALEX.displayName, email: ALEX.mail });
  });

  it('cannot be granted by a user alone, since two of the permissions need an admin', async () => {
    const back = await consentThroughPopup(ALEX, false);
    expect(back.searchParams.get('code')).toBeNull();
    const res = await stack.api<ErrorAnswer>('GET', '/api/teams/me', { token: await stack.ssoToken(ALEX) });
    expect(res.body.error.code).toBe('consent_required');
  });

  it('says consent_required again once the grant is revoked', async () => {
    stack.grantAdminConsent();
    expect((await stack.api('GET', '/api/teams/me', { token: await stack.ssoToken(ALEX) })).status).toBe(200);
    stack.revokeConsent();
    const res = await stack.api<ErrorAnswer>('GET', '/api/teams/me', { token: await stack.ssoToken(ALEX) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('consent_required');
  });

  it('says interaction_required when Graph refuses the token (a revoked session)', async () => {
    stack.grantAdminConsent();
    await fetch(`${stack.graph.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 401, pathPrefix: '/v1.0/me' }),
    });
    const res = await stack.api<ErrorAnswer>('GET', '/api/teams/me', { token: await stack.ssoToken(ALEX) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('interaction_required');
    // The operator is told too: Graph refusing a fresh token is often the deployment's fault.
    expect(stack.logLines.some((l) => l.includes('"code":"graph_token_refused"'))).toBe(true);
  });

  it('needs the SSO token like every /api route', async () => {
    const res = await stack.api<ErrorAnswer>('GET', '/api/teams/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_missing');
  });
});

describe('with the tab authorized', () => {
  let token: string;

  beforeEach(async () => {
    stack.grantAdminConsent();
    token = await stack.ssoToken(ALEX);
  });

  it('exchanges one SSO token once, however many reads the tab opens with at once', async () => {
    const fresh = await stack.ssoToken(MEGAN);
    const before = oboExchanges();
    const answers = await Promise.all(
      [
        '/api/teams/me',
        '/api/teams/speed-dials',
        '/api/teams/contacts',
        `/api/teams/chats/${encodeURIComponent(oneOnOneChatId(MEGAN.id, ALEX.id))}/members`,
      ].map((p) => stack.api('GET', p, { token: fresh })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(oboExchanges() - before).toBe(1);
  });

  describe('speed dials', () => {
    const dials: SpeedDial[] = [
      { displayName: MEGAN.displayName, number: '+1 425 555 0103', address: MEGAN.mail!, userId: MEGAN.id },
      { displayName: 'Reception desk', address: 'reception@contoso.example' },
      { displayName: 'Patti Fernandez', number: '+1 206 555 0143' },
    ];

    it('start empty', async () => {
      const res = await stack.api<SpeedDialsResponse>('GET', '/api/teams/speed-dials', { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ speedDials: [], max: 12 });
    });

    it('are kept in the user’s open extension, in order, and read back from it', async () => {
      const saved = await stack.api<SpeedDialsResponse>('PUT', '/api/teams/speed-dials', { token, body: { speedDials: dials } });
      expect(saved.status).toBe(200);
      expect(saved.body.speedDials).toEqual(dials);
      const inGraph = (await (await fetch(`${stack.graph.url}/_emulator/users/${ALEX.id}/extensions`)).json()) as {
        value: Array<{ extensionName: string; properties: Record<string, unknown> }>;
      };
      expect(inGraph.value.map((e) => e.extensionName)).toEqual([SPEED_DIALS_EXTENSION]);
      expect(inGraph.value[0]!.properties.names).toEqual(dials.map((d) => d.displayName));
      const read = await stack.api<SpeedDialsResponse>('GET', '/api/teams/speed-dials', { token: await stack.ssoToken(ALEX) });
      expect(read.body.speedDials).toEqual(dials);
    });

    it('are reordered and removed by saving the new list', async () => {
      await stack.api('PUT', '/api/teams/speed-dials', { token, body: { speedDials: dials } });
      const reordered = [dials[2]!, dials[0]!];
      await stack.api('PUT', '/api/teams/speed-dials', { token, body: { speedDials: reordered } });
      expect((await stack.api<SpeedDialsResponse>('GET', '/api/teams/speed-dials', { token })).body.speedDials).toEqual(reordered);
    });

    it('take the extension away when the last one is removed', async () => {
      await stack.api('PUT', '/api/teams/speed-dials', { token, body: { speedDials: dials } });
      const emptied = await stack.api<SpeedDialsResponse>('PUT', '/api/teams/speed-dials', { token, body: { speedDials: [] } });
      expect(emptied.body.speedDials).toEqual([]);
      const inGraph = (await (await fetch(`${stack.graph.url}/_emulator/users/${ALEX.id}/extensions`)).json()) as { value: unknown[] };
      expect(inGraph.value).toEqual([]);
    });

    it('leave nothing in the backend’s database', async () => {
      await stack.api('PUT', '/api/teams/speed-dials', { token, body: { speedDials: dials } });
      const tables = await stack.store.db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      );
      for (const { table_name } of tables) {
        if (table_name.startsWith('pgmigrations') || table_name === 'schema_migrations') continue;
        const rows = await stack.store.db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
        for (const { row } of rows) {
          expect(row).not.toContain(ALEX.id);
          expect(row).not.toContain('Patti');
        }
      }
    });

    it('refuse a list that is not speed dials', async () => {
      const res = await stack.api<ErrorAnswer>('PUT', '/api/teams/speed-dials', {
        token,
        body: { speedDials: [{ displayName: 'Nobody' }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    });

    it('refuse more than fit in the profile', async () => {
      const many = Array.from({ length: 13 }, (_, i) => ({ displayName: `Person ${i}`, number: `+1 555 01${String(i).padStart(2, '0')}` }));
      const tooMany = await stack.api<ErrorAnswer>('PUT', '/api/teams/speed-dials', { token, body: { speedDials: many } });
      expect(tooMany.body.error.code).toBe('speed_dials_full');
      const long = Array.from({ length: 12 }, (_, i) => ({
        displayName: `${'Very long name '.repeat(4)}${i}`,
        number: '+1 425 555 0100',
        address: `someone.with.a.long.address.${i}@a-rather-long-domain.example`,
        userId: ALEX.id,
      }));
      const tooBig = await stack.api<ErrorAnswer>('PUT', '/api/teams/speed-dials', { token, body: { speedDials: long } });
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.code).toBe('speed_dials_full');
    });
  });

  describe('people', () => {
    it('lists the user’s contacts by name, with their numbers and addresses', async () => {
      const res = await stack.api<PeopleResponse>('GET', '/api/teams/contacts', { token });
      expect(res.status).toBe(200);
      const names = res.body.people.map((p) => p.displayName);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
      const patti = res.body.people.find((p) => p.displayName === 'Patti Fernandez');
      expect(patti).toBeUndefined();
      const someone = res.body.people.find((p) => p.phones.length > 0)!;
      expect(someone.kind).toBe('contact');
      expect(someone.email).toMatch(/@/);
    });

    async function addContacts(n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        await fetch(`${stack.graph.url}/_emulator/users/${ALEX.id}/contacts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ displayName: `Extra ${String(i).padStart(2, '0')}`, mobilePhone: '+1 555 0100' }),
        });
      }
    }

    /** Every page, following the cursors. */
    async function allContacts(): Promise<{ pages: number; ids: string[] }> {
      const ids: string[] = [];
      let pages = 0;
      let cursor: string | undefined;
      do {
        const res = await stack.api<PeopleResponse>('GET', `/api/teams/contacts${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, {
          token,
        });
        expect(res.status).toBe(200);
        pages += 1;
        ids.push(...res.body.people.map((p) => p.id));
        cursor = res.body.next;
      } while (cursor !== undefined && pages < 10);
      return { pages, ids };
    }

    it('pages through many contacts with a cursor', async () => {
      await addContacts(55);
      const first = await stack.api<PeopleResponse>('GET', '/api/teams/contacts', { token });
      expect(first.body.people).toHaveLength(50);
      expect(first.body.next).toBeDefined();
      const { pages, ids } = await allContacts();
      expect(pages).toBe(2);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThan(55);
    });

    it('pages to the end when Graph pages with $skiptoken (the nextLink followed as given)', async () => {
      await addContacts(55);
      const skipPaged = await allContacts();
      const paging = await fetch(`${stack.graph.url}/_emulator/paging`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contacts: 'skiptoken' }),
      });
      expect(paging.status).toBe(200);
      const tokenPaged = await allContacts();
      expect(tokenPaged).toEqual(skipPaged);
    });

    it('refuses a cursor that is not a link to the contacts on the configured Graph', async () => {
      const elsewhere = Buffer.from('https://evil.example/v1.0/me/contacts?$skip=50').toString('base64url');
      for (const cursor of [elsewhere, '50']) {
        const res = await stack.api<ErrorAnswer>('GET', `/api/teams/contacts?cursor=${cursor}`, { token });
        expect([cursor, res.status, res.body.error?.code]).toEqual([cursor, 400, 'invalid_request']);
      }
    });

    it('reads one contact by its id', async () => {
      const list = await stack.api<PeopleResponse>('GET', '/api/teams/contacts', { token });
      const one = list.body.people[0]!;
      const res = await stack.api<PersonResponse>('GET', `/api/teams/contacts/${encodeURIComponent(one.id)}`, { token });
      expect(res.status).toBe(200);
      expect(res.body.person).toEqual(one);
    });

    it('finds colleagues in the directory by the start of a name', async () => {
      const res = await stack.api<PeopleResponse>('GET', '/api/teams/directory?q=pet', { token });
      expect(res.status).toBe(200);
      expect(res.body.people.map((p) => p.id)).toEqual([IRINA.id]);
      expect(res.body.people[0]!.phones).toEqual([{ kind: 'business', number: IRINA.businessPhones[0] }]);
    });

    it('searches for text with quotes as that text: its quotes cannot close a $search clause and open one that matches everyone', async () => {
      // Passed through as typed, this would make `... OR "displayName:" OR ...`: an empty term, the whole directory.
      const hostile = 'nobody" OR "displayName:';
      const mark = stack.graphRequests.mark();
      const res = await stack.api<PeopleResponse>('GET', `/api/teams/directory?q=${encodeURIComponent(hostile)}`, { token });
      expect(res.status).toBe(200);
      const searches = stack.graphRequests
        .since(mark)
        .filter((e) => e.method === 'GET' && e.url.startsWith('/v1.0/users?'))
        .map((e) => new URL(e.url, stack.graph.url).searchParams.get('$search'));
      // As Graph received it: each clause one quoted term, the user's quotes dropped.
      expect(searches).toEqual([
        '"displayName:nobody OR displayName:" OR "mail:nobody OR displayName:" OR "userPrincipalName:nobody OR displayName:"',
      ]);
      expect(res.body.people).toEqual([]);
    });

    it('refuses an empty search', async () => {
      const res = await stack.api<ErrorAnswer>('GET', '/api/teams/directory?q=%20', { token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    });

    it('reads a directory user, and their photo when they have one', async () => {
      const res = await stack.api<PersonResponse>('GET', `/api/teams/users/${MEGAN.id}`, { token });
      expect(res.body.person).toMatchObject({ kind: 'user', id: MEGAN.id, jobTitle: MEGAN.jobTitle });
      const photo = await stack.api('GET', `/api/teams/users/${MEGAN.id}/photo`, { token });
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/jpeg');
      expect(photo.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
      const none = await stack.api<ErrorAnswer>('GET', `/api/teams/users/${IRINA.id}/photo`, { token });
      expect(none.status).toBe(404);
      expect(none.body.error.code).toBe('photo_not_found');
    });
  });

  describe('chats and channels', () => {
    it('gives the other member of a one-on-one chat, with the numbers from the directory', async () => {
      const res = await stack.api<PeopleResponse>(
        'GET',
        `/api/teams/chats/${encodeURIComponent(oneOnOneChatId(ALEX.id, MEGAN.id))}/members`,
        { token },
      );
      expect(res.status).toBe(200);
      expect(res.body.people).toEqual<Person[]>([
        {
          kind: 'user',
          id: MEGAN.id,
          displayName: MEGAN.displayName,
          jobTitle: MEGAN.jobTitle,
          companyName: CONTOSO.displayName,
          email: MEGAN.mail!,
          phones: [{ kind: 'business', number: MEGAN.businessPhones[0]! }],
        },
      ]);
    });

    it('says not_a_member for a chat of others, and not_found for no chat', async () => {
      const others = await stack.api<ErrorAnswer>(
        'GET',
        `/api/teams/chats/${encodeURIComponent(oneOnOneChatId(MEGAN.id, IRINA.id))}/members`,
        { token },
      );
      expect(others.status).toBe(403);
      expect(others.body.error.code).toBe('not_a_member');
      const none = await stack.api<ErrorAnswer>('GET', `/api/teams/chats/${encodeURIComponent('19:nothing@thread.v2')}/members`, { token });
      expect(none.status).toBe(404);
      expect(none.body.error.code).toBe('not_found');
    });

    it('gives the other members of a channel', async () => {
      const chats = (await (await fetch(`${stack.graph.url}/_emulator/users/${ALEX.id}/chats`)).json()) as {
        teams: Array<{ id: string; channels: Array<{ id: string; displayName: string }> }>;
      };
      const team = chats.teams[0]!;
      const general = team.channels.find((c) => c.displayName === 'General')!;
      const res = await stack.api<PeopleResponse>('GET', `/api/teams/teams/${team.id}/channels/${encodeURIComponent(general.id)}/members`, {
        token,
      });
      expect(res.status).toBe(200);
      expect(res.body.people.map((p) => p.id).sort()).toEqual(
        CONTOSO.users
          .filter((u) => u.id !== ALEX.id)
          .map((u) => u.id)
          .sort(),
      );
      expect(res.body.people.every((p) => p.phones.length > 0)).toBe(true);
    });

    it('refuses ids that are not Teams ids', async () => {
      const res = await stack.api<ErrorAnswer>('GET', '/api/teams/chats/not-a-chat/members', { token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    });
  });

  describe('when Graph fails', () => {
    it('says graph_unavailable with a Retry-After', async () => {
      await fetch(`${stack.graph.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 503, retryAfter: 1, pathPrefix: '/v1.0/me/contacts' }),
      });
      const res = await stack.api<ErrorAnswer>('GET', '/api/teams/contacts', { token });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('graph_unavailable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // The other reads of the tab are not affected.
      expect((await stack.api('GET', '/api/teams/speed-dials', { token })).status).toBe(200);
    });
  });
});
