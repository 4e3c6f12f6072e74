import { createApiClient } from '../../../../src/addin/api/api-client';

function respond(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function client(responses: Response[], getToken = jest.fn(async (_o?: { forceRefresh?: boolean }) => 'token-1')) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next;
  });
  return {
    api: createApiClient({ baseUrl: 'http://localhost:3001/', tokens: { getToken }, fetch: fetch as unknown as typeof globalThis.fetch }),
    calls,
    getToken,
  };
}

describe('the backend client', () => {
  it('sends the bearer token and JSON, and reads JSON back', async () => {
    const { api, calls } = client([respond(201, { id: 'm1' })]);
    await expect(api.createMeeting({ subject: 's', start: 'a', end: 'b', timeZone: 'UTC' })).resolves.toEqual({ id: 'm1' });
    expect(calls[0]?.url).toBe('http://localhost:3001/api/meetings');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer token-1');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ subject: 's', start: 'a', end: 'b', timeZone: 'UTC' });
  });

  it('turns the API’s error shape into an ApiError with its code, status, request id and Retry-After', async () => {
    const { api } = client([
      respond(503, { error: { code: 'webex_unavailable', message: 'later', requestId: 'r1' } }, { 'Retry-After': '30' }),
    ]);
    await expect(api.getMeeting('m1')).rejects.toMatchObject({
      name: 'ApiError',
      code: 'webex_unavailable',
      status: 503,
      requestId: 'r1',
      retryAfterSeconds: 30,
    });
  });

  it('retries once with a fresh token after a 401', async () => {
    const getToken = jest.fn(async (o?: { forceRefresh?: boolean }) => (o?.forceRefresh ? 'token-2' : 'token-1'));
    const { api, calls } = client(
      [respond(401, { error: { code: 'token_expired', message: 'x', requestId: 'r' } }), respond(200, { tenantId: 't' })],
      getToken,
    );
    await expect(api.getMe()).resolves.toEqual({ tenantId: 't' });
    expect((calls[1]?.init.headers as Record<string, string>).Authorization).toBe('Bearer token-2');
  });

  it('gives up after the second 401 with the API’s code', async () => {
    const refused = () => respond(401, { error: { code: 'token_audience', message: 'x', requestId: 'r' } });
    const { api } = client([refused(), refused()]);
    await expect(api.getMe()).rejects.toMatchObject({ code: 'token_audience', status: 401 });
  });

  it('reports an unreachable backend as network_error and a foreign answer as server_error', async () => {
    await expect(client([]).api.getMe()).rejects.toMatchObject({ code: 'network_error', status: 0 });
    await expect(client([new Response('<html>Bad gateway</html>', { status: 502 })]).api.getMe()).rejects.toMatchObject({
      code: 'server_error',
      status: 502,
    });
  });

  it('deletes, links and unlinks with the right methods and paths', async () => {
    const { api, calls } = client([
      respond(204),
      respond(200, { url: 'http://x' }),
      respond(204),
      respond(200, { settings: { password: false } }),
    ]);
    await api.deleteMeeting('a/b');
    await expect(api.startWebexLink()).resolves.toEqual({ url: 'http://x' });
    await api.unlinkWebex();
    await expect(api.updateSettings({ password: false })).resolves.toEqual({ password: false });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'DELETE http://localhost:3001/api/meetings/a%2Fb',
      'POST http://localhost:3001/api/webex/link',
      'DELETE http://localhost:3001/api/webex/link',
      'PUT http://localhost:3001/api/me/settings',
    ]);
  });
});

describe('the backend client, for the calendar authorization', () => {
  it('asks the backend to follow the calendar and withdraws it with the right methods and paths', async () => {
    const { api, calls } = client([
      respond(200, { status: 'consent_required', url: 'http://localhost:3001/auth/microsoft/start?state=s' }),
      respond(204),
    ]);
    await expect(api.startMicrosoftLink()).resolves.toEqual({
      status: 'consent_required',
      url: 'http://localhost:3001/auth/microsoft/start?state=s',
    });
    await api.unlinkMicrosoft();
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'POST http://localhost:3001/api/microsoft/link',
      'DELETE http://localhost:3001/api/microsoft/link',
    ]);
  });
});

describe('the paths under a meeting', () => {
  it('put /sync, /sync/retry and /invitees under the meeting, the calendar owner named after them (and after the alternate-host check) for a delegate', async () => {
    for (const owner of [undefined, 'alex.wilber@contoso.example']) {
      const calls: string[] = [];
      const fetch = jest.fn(async (url: string | URL | Request) => {
        calls.push(String(url));
        return respond(200, { items: [], state: 'inStep' });
      });
      const api = createApiClient({
        baseUrl: 'http://localhost:3001',
        tokens: { getToken: async () => 'token-1' },
        fetch: fetch as unknown as typeof globalThis.fetch,
        calendarOwner: async () => owner,
      });
      await api.getSyncState('m 1');
      await api.retrySync('m 1');
      await api.getInvitees('m 1');
      await api.setInvitees('m 1', []);
      await api.alternateHostCandidates(['a@contoso.example']);
      const query = owner ? `?onBehalfOf=${encodeURIComponent(owner)}` : '';
      expect(calls).toEqual([
        ...['/sync', '/sync/retry', '/invitees', '/invitees'].map((under) => `http://localhost:3001/api/meetings/m%201${under}${query}`),
        `http://localhost:3001/api/webex/alternate-hosts${query}`,
      ]);
    }
  });
});
