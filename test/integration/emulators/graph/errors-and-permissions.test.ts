import { adele, alex, call, eventBody, fabrikam, GraphErrorShape, GraphKit, rosa, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

const adeleEvents = `/v1.0/users/${adele.id}/events`;

async function expectError(res: { status: number; body: GraphErrorShape }, status: number, code: string) {
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
}

describe('Graph error bodies and headers', () => {
  it('an error has Graph’s body, and request-id and client-request-id headers echo into it', async () => {
    const res = await call<GraphErrorShape>(kit.url, '/v1.0/me', { headers: { 'client-request-id': 'my-correlation-id' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message: expect.any(String),
        innerError: {
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
          'request-id': res.headers.get('request-id'),
          'client-request-id': 'my-correlation-id',
        },
      },
    });
    expect(res.headers.get('client-request-id')).toBe('my-correlation-id');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('without a client-request-id the request id stands for both', async () => {
    const res = await call(kit.url, '/v1.0/users', { token: app });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('client-request-id')).toBe(res.headers.get('request-id'));
  });
});

describe('authentication', () => {
  it('a missing, malformed, foreign-signed, expired or non-Graph token is 401 InvalidAuthenticationToken', async () => {
    const tokens = [
      undefined,
      'not-a-jwt',
      await kit.foreignToken(),
      await kit.appToken(undefined, { exp: Math.floor(Date.now() / 1000) - 60 }),
      await kit.appToken(undefined, { aud: 'api://some-other-api' }),
    ];
    for (const token of tokens)
      await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/users', { token }), 401, 'InvalidAuthenticationToken');
  });

  it('authentication comes before routing: an unknown path without a token is 401', async () => {
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/nowhere'), 401, 'InvalidAuthenticationToken');
  });
});

describe('permissions', () => {
  it('an app without User.Read.All or Directory.Read.All may not read users', async () => {
    const token = await kit.appToken(['Calendars.ReadWrite']);
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/users', { token }), 403, 'Authorization_RequestDenied');
    await expectError(await call<GraphErrorShape>(kit.url, `/v1.0/users/${alex.id}`, { token }), 403, 'Authorization_RequestDenied');
  });

  it('an app with Directory.Read.All reads users', async () => {
    const res = await call(kit.url, `/v1.0/users/${alex.id}`, { token: await kit.appToken(['Directory.Read.All']) });
    expect(res.status).toBe(200);
  });

  it('an app needs a Calendars role to read events and Calendars.ReadWrite to write them', async () => {
    const none = await kit.appToken(['User.Read.All']);
    await expectError(await call<GraphErrorShape>(kit.url, adeleEvents, { token: none }), 403, 'ErrorAccessDenied');
    const readOnly = await kit.appToken(['Calendars.Read']);
    expect((await call(kit.url, adeleEvents, { token: readOnly })).status).toBe(200);
    const post = await call<GraphErrorShape>(kit.url, adeleEvents, {
      method: 'POST',
      token: readOnly,
      body: eventBody('Nope', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
    });
    await expectError(post, 403, 'ErrorAccessDenied');
    expect(kit.emulator.events.all()).toEqual([]);
  });

  it('a signed-in user reads their own profile and calendar, but not another user’s calendar', async () => {
    const token = await kit.userToken(adele.id);
    expect((await call(kit.url, `/v1.0/users/${adele.id}`, { token })).status).toBe(200);
    expect((await call(kit.url, '/v1.0/me/events', { token })).status).toBe(200);
    expect((await call(kit.url, `/v1.0/users/${adele.userPrincipalName}/calendar/events`, { token })).status).toBe(200);
    await expectError(await call<GraphErrorShape>(kit.url, `/v1.0/users/${alex.id}/events`, { token }), 403, 'ErrorAccessDenied');
  });

  it('a signed-in user with only User.Read may not list the directory or read their calendar', async () => {
    const token = await kit.userToken(adele.id, 'User.Read');
    expect((await call(kit.url, '/v1.0/me', { token })).status).toBe(200);
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/users', { token }), 403, 'Authorization_RequestDenied');
    await expectError(await call<GraphErrorShape>(kit.url, `/v1.0/users/${alex.id}`, { token }), 403, 'Authorization_RequestDenied');
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/me/events', { token }), 403, 'ErrorAccessDenied');
  });

  it('/me with an app-only token is a 400', async () => {
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/me', { token: app }), 400, 'BadRequest');
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/me/events', { token: app }), 400, 'BadRequest');
  });

  it('an app of one tenant does not find another tenant’s users or mailboxes', async () => {
    await expectError(
      await call<GraphErrorShape>(kit.url, `/v1.0/users/${rosa.userPrincipalName}`, { token: app }),
      404,
      'Request_ResourceNotFound',
    );
    await expectError(await call<GraphErrorShape>(kit.url, `/v1.0/users/${rosa.id}/events`, { token: app }), 404, 'ErrorInvalidUser');
    const fabrikamApp = await kit.appToken(undefined, { tid: fabrikam.id });
    expect((await call(kit.url, `/v1.0/users/${rosa.id}/events`, { token: fabrikamApp })).status).toBe(200);
    await expectError(await call<GraphErrorShape>(kit.url, adeleEvents, { token: fabrikamApp }), 404, 'ErrorInvalidUser');
  });
});

describe('request errors', () => {
  it('an unknown segment is 400, an unknown version is 400', async () => {
    await expectError(await call<GraphErrorShape>(kit.url, '/v1.0/groups', { token: app }), 400, 'BadRequest');
    await expectError(await call<GraphErrorShape>(kit.url, `/v1.0/users/${adele.id}/drive`, { token: app }), 400, 'BadRequest');
    await expectError(await call<GraphErrorShape>(kit.url, '/v2.0/me', { token: app }), 400, 'BadRequest');
  });

  it('a method the resource does not take is 405', async () => {
    const put = await call<GraphErrorShape>(kit.url, adeleEvents, { method: 'PUT', token: app, body: {} });
    await expectError(put, 405, 'Request_BadRequest');
    await expectError(
      await call<GraphErrorShape>(kit.url, `/v1.0/users/${adele.id}`, { method: 'DELETE', token: app }),
      405,
      'Request_BadRequest',
    );
  });

  it('a body that is not JSON is 415; malformed or empty JSON is 400', async () => {
    const text = await call<GraphErrorShape>(kit.url, adeleEvents, {
      method: 'POST',
      token: app,
      body: 'subject=x',
      headers: { 'Content-Type': 'text/plain' },
    });
    await expectError(text, 415, 'BadRequest');
    await expectError(
      await call<GraphErrorShape>(kit.url, adeleEvents, { method: 'POST', token: app, body: '{"subject":' }),
      400,
      'BadRequest',
    );
    await expectError(await call<GraphErrorShape>(kit.url, adeleEvents, { method: 'POST', token: app }), 400, 'BadRequest');
  });

  it('an unknown or mistyped property is 400 RequestBodyRead', async () => {
    const unknown = await call<GraphErrorShape>(kit.url, adeleEvents, {
      method: 'POST',
      token: app,
      body: eventBody('x', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'UTC', { colour: 'red' }),
    });
    await expectError(unknown, 400, 'RequestBodyRead');
    const mistyped = await call<GraphErrorShape>(kit.url, adeleEvents, {
      method: 'POST',
      token: app,
      body: eventBody('x', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'UTC', { isAllDay: 'yes' }),
    });
    await expectError(mistyped, 400, 'RequestBodyRead');
    const badEnum = await call<GraphErrorShape>(kit.url, adeleEvents, {
      method: 'POST',
      token: app,
      body: eventBody('x', '2026-11-24T09:00:00', '2026-11-24T10:00:00', 'UTC', { showAs: 'sleeping' }),
    });
    await expectError(badEnum, 400, 'RequestBodyRead');
  });

  it('an event without start or end is refused', async () => {
    const res = await call<GraphErrorShape>(kit.url, adeleEvents, { method: 'POST', token: app, body: { subject: 'When?' } });
    await expectError(res, 400, 'ErrorPropertyValidationFailure');
  });

  it('read-only properties sent back in a body are ignored', async () => {
    const created = kit.emulator.createEvent(adele.id, eventBody('Round trip', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const { id: _id, ...resource } = created.resource;
    const res = await call<{ subject: string; id: string }>(kit.url, `${adeleEvents}/${created.id}`, {
      method: 'PATCH',
      token: app,
      body: { ...resource, subject: 'Round trip 2' },
    });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Round trip 2');
  });

  it('an unknown event is 404 ErrorItemNotFound', async () => {
    const created = kit.emulator.createEvent(adele.id, eventBody('Temp', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    kit.emulator.events.delete(adele.id, created.event.key);
    await expectError(await call<GraphErrorShape>(kit.url, `${adeleEvents}/${created.id}`, { token: app }), 404, 'ErrorItemNotFound');
    await expectError(
      await call<GraphErrorShape>(kit.url, `${adeleEvents}/${created.id}`, { method: 'PATCH', token: app, body: { subject: 'x' } }),
      404,
      'ErrorItemNotFound',
    );
    await expectError(
      await call<GraphErrorShape>(kit.url, `${adeleEvents}/${created.id}`, { method: 'DELETE', token: app }),
      404,
      'ErrorItemNotFound',
    );
  });
});

describe('injected faults', () => {
  it('an injected 429 carries Retry-After and Exchange’s throttling error, then the call succeeds again', async () => {
    const fault = await call(kit.url, '/_emulator/faults', {
      method: 'POST',
      body: { status: 429, retryAfter: 7, count: 1, pathPrefix: '/v1.0/users' },
    });
    expect(fault.status).toBe(201);
    const throttled = await call<GraphErrorShape>(kit.url, adeleEvents, { token: app, headers: { 'client-request-id': 'throttled-1' } });
    await expectError(throttled, 429, 'ApplicationThrottled');
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.headers.get('client-request-id')).toBe('throttled-1');
    expect(throttled.body.error.innerError['client-request-id']).toBe('throttled-1');
    expect((await call(kit.url, adeleEvents, { token: app })).status).toBe(200);
  });

  it('a reset clears the faults', async () => {
    await call(kit.url, '/_emulator/faults', { method: 'POST', body: { status: 503 } });
    kit.emulator.reset();
    expect((await call(kit.url, adeleEvents, { token: app })).status).toBe(200);
  });
});
