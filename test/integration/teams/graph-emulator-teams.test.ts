/**
 * The Graph emulator's resources for the Teams calling tab, over HTTPS as the backend calls them:
 * personal contacts, open extensions on the user, the directory search, photos, and the members
 * of chats and channels — with the permissions and error codes of the real service.
 */
import { oneOnOneChatId } from '../../../src/emulators/graph/teams-chats';
import {
  ADELE,
  ALEX,
  CONTOSO,
  graphCall,
  IRINA,
  MEGAN,
  ROSA,
  startGraphKit,
  type ErrorBody,
  type GraphKit,
  type UserChats,
} from './graph-kit';

let kit: GraphKit;

beforeAll(async () => {
  kit = await startGraphKit();
});

afterAll(async () => {
  await kit.close();
});

beforeEach(async () => {
  await graphCall(kit.url, '/_emulator/reset', { method: 'POST' });
});

interface Collection<T = Record<string, unknown>> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
  '@odata.context'?: string;
}

describe('personal contacts', () => {
  it('lists the signed-in user’s contacts by display name, ten to a page, with a next link', async () => {
    const token = await kit.token(ALEX);
    for (let i = 0; i < 8; i++) {
      await graphCall(kit.url, `/_emulator/users/${ALEX.id}/contacts`, {
        method: 'POST',
        body: { displayName: `Zed ${i}`, businessPhones: [`+1 555 010${i}`] },
      });
    }
    const first = await graphCall<Collection>(kit.url, '/v1.0/me/contacts', { token });
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(10);
    const names = first.body.value.map((c) => c.displayName as string);
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
    const link = new URL(first.body['@odata.nextLink']!);
    expect(link.searchParams.get('$skip')).toBe('10');
    const next = await graphCall<Collection>(kit.url, link.pathname + link.search, { token });
    expect(next.body.value.length).toBeGreaterThan(0);
    expect(next.body['@odata.nextLink']).toBeUndefined();
  });

  it('returns only the selected properties, plus the id', async () => {
    const token = await kit.token(ALEX);
    const res = await graphCall<Collection>(kit.url, '/v1.0/me/contacts?$select=displayName,businessPhones&$top=2', { token });
    expect(res.status).toBe(200);
    expect(
      Object.keys(res.body.value[0]!)
        .filter((k) => !k.startsWith('@odata'))
        .sort(),
    ).toEqual(['businessPhones', 'displayName', 'id']);
  });

  it('reads one contact by an id that needs URL encoding', async () => {
    const token = await kit.token(ALEX);
    const list = await graphCall<Collection<{ id: string; displayName: string }>>(kit.url, '/v1.0/me/contacts?$top=1', { token });
    const contact = list.body.value[0]!;
    expect(contact.id).toMatch(/=$/);
    const res = await graphCall(kit.url, `/v1.0/me/contacts/${encodeURIComponent(contact.id)}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe(contact.displayName);
  });

  it('answers ErrorItemNotFound for a contact of someone else', async () => {
    const megansFirst = (
      await graphCall<Collection<{ id: string }>>(kit.url, '/v1.0/me/contacts?$top=1', { token: await kit.token(MEGAN) })
    ).body.value[0]!;
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/me/contacts/${encodeURIComponent(megansFirst.id)}`, {
      token: await kit.token(ALEX),
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ErrorItemNotFound');
  });

  it('refuses a malformed id with ErrorInvalidIdMalformed', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/me/contacts/${encodeURIComponent('not an id!')}`, {
      token: await kit.token(ALEX),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ErrorInvalidIdMalformed');
  });

  it('needs Contacts.Read', async () => {
    const res = await graphCall<ErrorBody>(kit.url, '/v1.0/me/contacts', { token: await kit.token(ALEX, 'User.Read') });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ErrorAccessDenied');
  });

  it('does not let a delegated caller read another user’s contacts', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/users/${MEGAN.id}/contacts`, { token: await kit.token(ALEX) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ErrorAccessDenied');
  });
});

describe('open extensions on the user', () => {
  const NAME = 'org.example.speedDials';

  it('creates an extension whose id is its name, and reads it back', async () => {
    const token = await kit.token(ALEX);
    const created = await graphCall(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: NAME, version: 1, items: ['a', 'b'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.openTypeExtension',
      extensionName: NAME,
      id: NAME,
      version: 1,
      items: ['a', 'b'],
    });
    const read = await graphCall(kit.url, `/v1.0/me/extensions/${NAME}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.items).toEqual(['a', 'b']);
  });

  it('refuses a second extension of the same name with NameAlreadyExists', async () => {
    const token = await kit.token(ALEX);
    const body = { '@odata.type': '#microsoft.graph.openTypeExtension', extensionName: NAME, v: 1 };
    expect((await graphCall(kit.url, '/v1.0/me/extensions', { method: 'POST', token, body })).status).toBe(201);
    const again = await graphCall<ErrorBody>(kit.url, '/v1.0/me/extensions', { method: 'POST', token, body });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NameAlreadyExists');
  });

  it('replaces every custom property on update: what the body leaves out is deleted', async () => {
    const token = await kit.token(ALEX);
    await graphCall(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: NAME, a: 'one', b: 'two' },
    });
    const patched = await graphCall(kit.url, `/v1.0/me/extensions/${NAME}`, {
      method: 'PATCH',
      token,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', b: 'three' },
    });
    expect(patched.status).toBe(204);
    const read = await graphCall(kit.url, `/v1.0/me/extensions/${NAME}`, { token });
    expect(read.body.b).toBe('three');
    expect(read.body).not.toHaveProperty('a');
  });

  it('deletes an extension, after which it is not found', async () => {
    const token = await kit.token(ALEX);
    await graphCall(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: NAME },
    });
    expect((await graphCall(kit.url, `/v1.0/me/extensions/${NAME}`, { method: 'DELETE', token })).status).toBe(204);
    const read = await graphCall<ErrorBody>(kit.url, `/v1.0/me/extensions/${NAME}`, { token });
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('keeps to primitive values and arrays of them', async () => {
    const res = await graphCall<ErrorBody>(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token: await kit.token(ALEX),
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: NAME, nested: { a: 1 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('holds at most 2 KB per extension', async () => {
    const res = await graphCall<ErrorBody>(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token: await kit.token(ALEX),
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: NAME, big: 'x'.repeat(2100) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('Request_BadRequest');
  });

  it('allows two extensions per app and user, not three', async () => {
    const token = await kit.token(ALEX);
    for (const n of ['one', 'two']) {
      expect(
        (
          await graphCall(kit.url, '/v1.0/me/extensions', {
            method: 'POST',
            token,
            body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: `org.example.${n}` },
          })
        ).status,
      ).toBe(201);
    }
    const third = await graphCall<ErrorBody>(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: 'org.example.three' },
    });
    expect(third.status).toBe(400);
    expect(third.body.error.code).toBe('Request_BadRequest');
  });

  it('reads with User.Read but writes only with User.ReadWrite', async () => {
    const readOnly = await kit.token(ALEX, 'User.Read');
    const write = await graphCall<ErrorBody>(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token: readOnly,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: NAME },
    });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('Authorization_RequestDenied');
    expect((await graphCall(kit.url, '/v1.0/me/extensions', { token: readOnly })).status).toBe(200);
  });
});

describe('directory search', () => {
  it('needs ConsistencyLevel: eventual', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/users?$search=${encodeURIComponent('"displayName:alex"')}`, {
      token: await kit.token(ALEX),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('Request_UnsupportedQuery');
  });

  it('matches the start of any word of the display name, or the start of the address', async () => {
    const token = await kit.token(ALEX);
    const headers = { ConsistencyLevel: 'eventual' };
    const byWord = await graphCall<Collection<{ id: string }>>(
      kit.url,
      `/v1.0/users?$search=${encodeURIComponent('"displayName:wil"')}&$count=true`,
      { token, headers },
    );
    expect(byWord.status).toBe(200);
    expect(byWord.body.value.map((u) => u.id)).toEqual([ALEX.id]);
    expect(byWord.body['@odata.count']).toBe(1);
    const either = await graphCall<Collection<{ id: string }>>(
      kit.url,
      `/v1.0/users?$search=${encodeURIComponent('"displayName:megan" OR "mail:irina"')}&$orderby=displayName`,
      { token, headers },
    );
    expect(either.body.value.map((u) => u.id)).toEqual([IRINA.id, MEGAN.id]);
  });

  it('stays within the caller’s tenant', async () => {
    const res = await graphCall<Collection>(kit.url, `/v1.0/users?$search=${encodeURIComponent('"displayName:rosa"')}`, {
      token: await kit.token(ALEX),
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect(res.body.value).toEqual([]);
  });

  it('refuses a clause without a property name', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/users?$search=${encodeURIComponent('"alex"')}`, {
      token: await kit.token(ALEX),
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('Request_UnsupportedQuery');
  });

  it('needs a permission to read other users', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/users?$search=${encodeURIComponent('"displayName:a"')}`, {
      token: await kit.token(ALEX, 'User.Read'),
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Authorization_RequestDenied');
  });

  it('leaves /users without $search to the directory listing', async () => {
    const res = await graphCall<Collection>(kit.url, '/v1.0/users', { token: await kit.token(ALEX) });
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(CONTOSO.users.length);
  });
});

describe('profile photos', () => {
  it('serves a user’s photo as JPEG', async () => {
    const res = await graphCall(kit.url, `/v1.0/users/${MEGAN.id}/photo/$value`, { token: await kit.token(ALEX) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
  });

  it('answers ImageNotFound for a user without a photo', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/v1.0/users/${IRINA.id}/photo/$value`, { token: await kit.token(ALEX) });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ImageNotFound');
  });
});

describe('chat and channel members', () => {
  it('lists both members of a one-on-one chat on the beta endpoint, with their addresses', async () => {
    const res = await graphCall<Collection<{ userId: string; email: string; '@odata.type': string }>>(
      kit.url,
      `/beta/me/chats/${encodeURIComponent(oneOnOneChatId(ALEX.id, MEGAN.id))}/members`,
      { token: await kit.token(ALEX) },
    );
    expect(res.status).toBe(200);
    expect(res.body['@odata.count']).toBe(2);
    expect(res.body.value.map((m) => m.userId).sort()).toEqual([ALEX.id, MEGAN.id].sort());
    expect(res.body.value.find((m) => m.userId === MEGAN.id)?.email).toBe(MEGAN.mail);
    expect(res.body.value[0]!['@odata.type']).toBe('#microsoft.graph.aadUserConversationMember');
  });

  it('refuses a chat the caller is not in', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/beta/me/chats/${encodeURIComponent(oneOnOneChatId(MEGAN.id, IRINA.id))}/members`, {
      token: await kit.token(ALEX),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Forbidden');
  });

  it('does not find a chat with someone of another tenant', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/beta/me/chats/${encodeURIComponent(oneOnOneChatId(ALEX.id, ROSA.id))}/members`, {
      token: await kit.token(ALEX),
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NotFound');
  });

  it('needs a chat scope such as Chat.ReadBasic', async () => {
    const res = await graphCall<ErrorBody>(kit.url, `/beta/me/chats/${encodeURIComponent(oneOnOneChatId(ALEX.id, MEGAN.id))}/members`, {
      token: await kit.token(ALEX, 'User.Read'),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Forbidden');
  });

  it('lists the members of a channel of the caller’s team, and refuses a private channel they are not in', async () => {
    const token = await kit.token(IRINA);
    const mine = await graphCall<UserChats>(kit.url, `/_emulator/users/${ADELE.id}/chats`);
    const team = mine.body.teams[0]!;
    const general = team.channels.find((c) => c.displayName === 'General')!;
    const support = team.channels.find((c) => c.displayName === 'Support')!;
    const members = await graphCall<Collection>(kit.url, `/v1.0/teams/${team.id}/channels/${encodeURIComponent(general.id)}/members`, {
      token,
    });
    expect(members.status).toBe(200);
    expect(members.body.value).toHaveLength(CONTOSO.users.length);
    const megan = await kit.token(MEGAN);
    const refused = await graphCall<ErrorBody>(kit.url, `/v1.0/teams/${team.id}/channels/${encodeURIComponent(support.id)}/members`, {
      token: megan,
    });
    expect(refused.status).toBe(403);
    const noScope = await graphCall<ErrorBody>(kit.url, `/v1.0/teams/${team.id}/channels/${encodeURIComponent(general.id)}/members`, {
      token: await kit.token(IRINA, 'Chat.ReadBasic'),
    });
    expect(noScope.status).toBe(403);
    expect(noScope.body.error.code).toBe('Forbidden');
  });

  it('offers the dev host a user’s chats: one-on-one with each colleague and the group chat', async () => {
    const res = await graphCall<UserChats>(kit.url, `/_emulator/users/${ALEX.id}/chats`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.body.chats.filter((c) => c.chatType === 'oneOnOne')).toHaveLength(CONTOSO.users.length - 1);
    expect(res.body.chats.some((c) => c.chatType === 'group' && c.topic === 'Launch planning')).toBe(true);
  });
});

describe('with the rest of the emulator', () => {
  it('answers these resources inside $batch, in parallel', async () => {
    const token = await kit.token(ALEX);
    const res = await graphCall<{ responses: Array<{ id: string; status: number }> }>(kit.url, '/v1.0/$batch', {
      method: 'POST',
      token,
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/me' },
          { id: '2', method: 'GET', url: '/me/contacts?$top=5' },
          { id: '3', method: 'GET', url: '/me/extensions' },
          { id: '4', method: 'GET', url: `/me/chats/${encodeURIComponent(oneOnOneChatId(ALEX.id, MEGAN.id))}/members` },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.body.responses.map((r) => [r.id, r.status]))).toEqual({ '1': 200, '2': 200, '3': 200, '4': 200 });
  });

  it('leaves calendar requests to the calendar routes', async () => {
    const res = await graphCall<Collection>(kit.url, '/v1.0/me/events', { token: await kit.token(ALEX, 'Calendars.Read') });
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([]);
  });

  it('forgets extensions and added contacts on reset', async () => {
    const token = await kit.token(ALEX);
    await graphCall(kit.url, '/v1.0/me/extensions', {
      method: 'POST',
      token,
      body: { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: 'org.example.x' },
    });
    await graphCall(kit.url, `/_emulator/users/${ALEX.id}/contacts`, { method: 'POST', body: { displayName: 'Temporary Person' } });
    const before = (await graphCall<Collection>(kit.url, '/v1.0/me/contacts?$top=100', { token })).body.value.length;
    await graphCall(kit.url, '/_emulator/reset', { method: 'POST' });
    expect((await graphCall<Collection>(kit.url, '/v1.0/me/extensions', { token })).body.value).toEqual([]);
    expect((await graphCall<Collection>(kit.url, '/v1.0/me/contacts?$top=100', { token })).body.value.length).toBe(before - 1);
  });
});
