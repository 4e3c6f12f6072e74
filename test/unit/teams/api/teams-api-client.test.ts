import { createTeamsApi, needsAuthorization, TeamsApiError } from '../../../../src/teams/api/teams-api';

interface Sent {
  url: string;
  method: string;
  authorization: string;
  body?: string;
}

function fakeBackend(answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const sent: Sent[] = [];
  const fetchFake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization') ?? '',
      body: init?.body as string | undefined,
    });
    const next = answers.shift() ?? { status: 500 };
    return new Response(next.body === undefined ? null : JSON.stringify(next.body), {
      status: next.status,
      headers: { 'content-type': 'application/json', ...next.headers },
    });
  };
  return { sent, fetch: fetchFake as typeof fetch };
}

function fakeHost() {
  let n = 0;
  const requests: boolean[] = [];
  return {
    requests,
    getSsoToken: async (o?: { forceRefresh?: boolean }) => {
      requests.push(o?.forceRefresh === true);
      n += 1;
      return `token-${n}`;
    },
  };
}

describe('the tab’s client of the backend', () => {
  it('sends the SSO token and the JSON body to /api/teams', async () => {
    const backend = fakeBackend([{ status: 200, body: { speedDials: [], max: 12 } }]);
    const api = createTeamsApi({ baseUrl: 'https://backend.example/', host: fakeHost(), fetch: backend.fetch });
    await api.saveSpeedDials([]);
    expect(backend.sent).toEqual([
      { url: 'https://backend.example/api/teams/speed-dials', method: 'PUT', authorization: 'Bearer token-1', body: '{"speedDials":[]}' },
    ]);
  });

  it('encodes ids and queries in the path', async () => {
    const backend = fakeBackend([
      { status: 200, body: { people: [] } },
      { status: 200, body: { people: [] } },
    ]);
    const api = createTeamsApi({ baseUrl: 'https://b.example', host: fakeHost(), fetch: backend.fetch });
    await api.chatMembers('19:a_b@unq.gbl.spaces');
    await api.searchDirectory('a&b=c');
    expect(backend.sent.map((s) => s.url)).toEqual([
      'https://b.example/api/teams/chats/19%3Aa_b%40unq.gbl.spaces/members',
      'https://b.example/api/teams/directory?q=a%26b%3Dc',
    ]);
  });

  it('gets a fresh token once when the backend refuses a stale one', async () => {
    const backend = fakeBackend([
      { status: 401, body: { error: { code: 'token_expired', message: 'x' } } },
      { status: 200, body: { person: { kind: 'user', id: 'u', displayName: 'U', phones: [] } } },
    ]);
    const host = fakeHost();
    const api = createTeamsApi({ baseUrl: 'https://b.example', host, fetch: backend.fetch });
    await expect(api.me()).resolves.toMatchObject({ id: 'u' });
    expect(host.requests).toEqual([false, true]);
    expect(backend.sent.map((s) => s.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('reports the backend’s code, and which codes call for authorizing', async () => {
    const backend = fakeBackend([{ status: 403, body: { error: { code: 'consent_required', message: 'Authorize' } } }]);
    const api = createTeamsApi({ baseUrl: 'https://b.example', host: fakeHost(), fetch: backend.fetch });
    const error = await api.contacts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamsApiError);
    expect((error as TeamsApiError).code).toBe('consent_required');
    expect(needsAuthorization(error)).toBe(true);
    expect(needsAuthorization(new TeamsApiError('graph_unavailable', 503, 'x'))).toBe(false);
  });

  it('keeps Retry-After, and calls a failed connection network_error', async () => {
    const busy = fakeBackend([
      { status: 503, body: { error: { code: 'graph_unavailable', message: 'x' } }, headers: { 'Retry-After': '5' } },
    ]);
    const error = (await createTeamsApi({ baseUrl: 'https://b.example', host: fakeHost(), fetch: busy.fetch })
      .speedDials()
      .catch((e: unknown) => e)) as TeamsApiError;
    expect([error.code, error.retryAfterSeconds]).toEqual(['graph_unavailable', 5]);
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const offline = (await createTeamsApi({ baseUrl: 'https://b.example', host: fakeHost(), fetch: down })
      .speedDials()
      .catch((e: unknown) => e)) as TeamsApiError;
    expect(offline.code).toBe('network_error');
  });

  it('answers no photo with undefined', async () => {
    const backend = fakeBackend([{ status: 404, body: { error: { code: 'photo_not_found', message: 'x' } } }]);
    await expect(
      createTeamsApi({ baseUrl: 'https://b.example', host: fakeHost(), fetch: backend.fetch }).photo('u'),
    ).resolves.toBeUndefined();
  });
});
