/**
 * What every request meets whatever its route: probes, security headers, request ids, CORS for
 * the add-in, JSON-only bodies with a size limit, unknown routes; and the caller's own record
 * (GET /api/me, PUT /api/me/settings).
 */
import { ALEX, CONTOSO, MEGAN, startBackendStack, type BackendStack } from './backend-stack';
import { cspDirectives } from '../../helpers/csp';
import { DEFAULT_USER_SETTINGS } from '../../../src/core/api-types';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

let stack: BackendStack;
let alex: string;

beforeAll(async () => {
  stack = await startBackendStack();
  alex = await stack.userToken(ALEX);
});

afterAll(async () => {
  await stack?.close();
});

describe('the probes', () => {
  it('healthz answers 200 while the process serves, without a token', async () => {
    const res = await stack.api<{ status: string }>('GET', '/healthz');
    expect([res.status, res.body.status]).toEqual([200, 'ok']);
  });

  it('readyz names what is not ready (here the Graph emulator, which is down) and answers 503', async () => {
    const res = await stack.api<{ status: string; checks: Record<string, string> }>('GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'not_ready',
      checks: { database: 'ok', identityEmulator: 'ok', webexEmulator: 'ok', graphEmulator: 'unavailable' },
    });
  });

  it('readyz answers 200 when the database and every emulator answer', async () => {
    const ready = await stack.variant({
      adjustConfig: (config) => {
        // No Graph emulator in this test: any emulator's health probe stands in for it.
        if (config.emulators) config.emulators.graph = config.emulators.webex;
      },
    });
    const res = await ready.api<{ status: string }>('GET', '/readyz');
    expect([res.status, res.body.status]).toEqual([200, 'ready']);
  });
});

describe('every answer', () => {
  it('carries security headers', async () => {
    const res = await stack.api('GET', '/api/me', { token: alex });
    // The API's answers are data: nothing in them may load, run, be framed or post anywhere.
    expect(cspDirectives(res.headers.get('content-security-policy'))).toEqual({
      'default-src': ["'none'"],
      'frame-ancestors': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBeTruthy();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('carries a fresh request id, whatever id the caller sent', async () => {
    const res = await stack.api('GET', '/healthz', { headers: { 'x-request-id': 'forged-id' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('an unknown route', () => {
  it('answers 404 not_found in the error shape', async () => {
    const res = await stack.api<ErrorBody>('GET', '/nothing-here');
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('CORS', () => {
  const addinOrigin = 'https://localhost:3000';

  it('lets the add-in origin call the API, preflight included', async () => {
    const preflight = await stack.api('OPTIONS', '/api/meetings', {
      headers: {
        origin: addinOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(addinOrigin);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const res = await stack.api('GET', '/api/me', { token: alex, headers: { origin: addinOrigin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(addinOrigin);
    // The pane reads these from answers: its retry waits and the request id it shows.
    expect(res.headers.get('access-control-expose-headers')?.split(/,\s*/).sort()).toEqual([
      'Retry-After',
      'WWW-Authenticate',
      'X-Request-Id',
    ]);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('tells no other origin it may call', async () => {
    const res = await stack.api('GET', '/api/me', { token: alex, headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await stack.api('OPTIONS', '/api/me', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a request body', () => {
  it('that is not JSON is refused with 415 unsupported_media_type', async () => {
    const res = await stack.api<ErrorBody>('PUT', '/api/me/settings', {
      token: alex,
      rawBody: 'password=true',
      headers: { 'content-type': 'text/plain' },
    });
    expect([res.status, res.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const form = await stack.api<ErrorBody>('PUT', '/api/me/settings', {
      token: alex,
      rawBody: 'password=true',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, form.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('that is malformed JSON is refused with 400 malformed_json', async () => {
    const res = await stack.api<ErrorBody>('PUT', '/api/me/settings', {
      token: alex,
      rawBody: '{"password": tru',
      headers: { 'content-type': 'application/json' },
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'malformed_json']);
    const empty = await stack.api<ErrorBody>('PUT', '/api/me/settings', {
      token: alex,
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expect([empty.status, empty.body.error.code]).toEqual([400, 'malformed_json']);
  });

  it('that poisons prototypes is refused', async () => {
    const res = await stack.api<ErrorBody>('PUT', '/api/me/settings', {
      token: alex,
      rawBody: '{"__proto__": {"password": false}}',
      headers: { 'content-type': 'application/json' },
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'malformed_json']);
  });

  it('larger than 64 KiB is refused with 413 body_too_large', async () => {
    const res = await stack.api<ErrorBody>('POST', '/api/meetings', { token: alex, body: { subject: 'x'.repeat(70_000) } });
    expect([res.status, res.body.error.code]).toEqual([413, 'body_too_large']);
  });
});

describe('the caller record', () => {
  it('is created on first sight: individual tenant mode, Webex not linked, default settings', async () => {
    const megan = await stack.userToken(MEGAN);
    expect(await stack.store.users.get(CONTOSO.id, MEGAN.id)).toBeUndefined();
    const res = await stack.api('GET', '/api/me', { token: megan });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenantId: CONTOSO.id,
      userId: MEGAN.id,
      tenantMode: 'individual',
      webexLinked: false,
      calendarAccess: 'required',
      webexScheduling: 'personal',
      requiredActions: ['link_webex', 'authorize_calendar'],
      organizationDefaults: { templateId: '' },
      // What a user who never saved settings gets (the values: test/unit/server/meetings/user-settings.test.ts).
      settings: DEFAULT_USER_SETTINGS,
    });
    expect(await stack.store.users.get(CONTOSO.id, MEGAN.id)).toBeDefined();
  });

  it('shows the tenant in admin mode once an admin authorized the app', async () => {
    await stack.store.tenants.upsert({ id: CONTOSO.id, mode: 'admin' });
    try {
      const res = await stack.api<{ tenantMode: string }>('GET', '/api/me', { token: alex });
      expect(res.body.tenantMode).toBe('admin');
    } finally {
      await stack.store.tenants.upsert({ id: CONTOSO.id, mode: 'individual' });
    }
  });

  it('keeps changed settings and leaves the others as they were', async () => {
    const put = await stack.api<{ settings: Record<string, unknown> }>('PUT', '/api/me/settings', {
      token: alex,
      body: { defaultMeetingType: 'personalRoom', addToEveryNewMeeting: true },
    });
    expect(put.status).toBe(200);
    expect(put.body.settings).toMatchObject({ defaultMeetingType: 'personalRoom', addToEveryNewMeeting: true, password: true });
    const again = await stack.api<{ settings: Record<string, unknown> }>('PUT', '/api/me/settings', {
      token: alex,
      body: { password: false },
    });
    expect(again.body.settings).toMatchObject({ defaultMeetingType: 'personalRoom', addToEveryNewMeeting: true, password: false });
    const me = await stack.api<{ settings: Record<string, unknown> }>('GET', '/api/me', { token: alex });
    expect(me.body.settings).toEqual(again.body.settings);
  });

  it('refuses settings of the wrong type or unknown ones with 400 invalid_settings, changing nothing', async () => {
    const before = await stack.api<{ settings: unknown }>('GET', '/api/me', { token: alex });
    for (const body of [{ password: 'no' }, { defaultMeetingType: 'webinar' }, { theme: 'dark' }, [true], 'on']) {
      const res = await stack.api<ErrorBody>('PUT', '/api/me/settings', { token: alex, body });
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([JSON.stringify(body), 400, 'invalid_settings']);
    }
    const after = await stack.api<{ settings: unknown }>('GET', '/api/me', { token: alex });
    expect(after.body.settings).toEqual(before.body.settings);
  });
});
