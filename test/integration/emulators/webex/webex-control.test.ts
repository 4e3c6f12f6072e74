import { LOCAL_APP } from '../../../../src/server/config';
import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ALEX, call, errorCode, REDIRECT_URI, slot, startWebex } from './webex-harness';

let emu: WebexEmulator;
let token: string;

beforeAll(async () => {
  emu = await startWebex();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await call(emu.url, '/_emulator/reset', { method: 'POST' });
  token = emu.issueUserToken(ALEX).access_token;
});

const fault = (body: Record<string, unknown>) => call(emu.url, '/_emulator/faults', { method: 'POST', body });

describe('injected faults', () => {
  it('answer 429 with Retry-After and the Webex error body, then let requests through', async () => {
    expect((await fault({ status: 429, retryAfter: 7, count: 1, pathPrefix: '/v1/meetings' })).status).toBe(201);
    const r = await call(emu.url, '/v1/meetings', { method: 'POST', token, body: { title: 'x', ...slot(2) } });
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    errorCode(r);
    expect(r.headers.get('trackingid')).toBe((r.body as { trackingId: string }).trackingId);
    expect(emu.meetings()).toHaveLength(0);
    expect((await call(emu.url, '/v1/meetings', { method: 'POST', token, body: { title: 'x', ...slot(2) } })).status).toBe(200);
  });

  it('can target one method and answer other statuses such as 503 and 423', async () => {
    await fault({ status: 503, method: 'DELETE', count: 1 });
    await fault({ status: 423, retryAfter: 2, method: 'PATCH', count: 1 });
    const m = await call<{ id: string }>(emu.url, '/v1/meetings', { method: 'POST', token, body: { title: 'x', ...slot(2) } });
    expect(m.status).toBe(200);
    expect((await call(emu.url, `/v1/meetings/${m.body.id}?sendEmail=false`, { method: 'DELETE', token })).status).toBe(503);
    const locked = await call(emu.url, `/v1/meetings/${m.body.id}`, { method: 'PATCH', token, body: { title: 'y' } });
    expect(locked.status).toBe(423);
    expect(locked.headers.get('retry-after')).toBe('2');
    expect((await call(emu.url, `/v1/meetings/${m.body.id}?sendEmail=false`, { method: 'DELETE', token })).status).toBe(204);
  });

  it('are cleared by reset, with meetings and tokens', async () => {
    await call(emu.url, '/v1/meetings', { method: 'POST', token, body: { title: 'x', ...slot(2) } });
    await fault({ status: 500 });
    expect((await call(emu.url, '/_emulator/reset', { method: 'POST' })).status).toBe(204);
    expect((await call<{ faults: unknown[] }>(emu.url, '/_emulator/faults')).body.faults).toEqual([]);
    expect((await call<{ items: unknown[] }>(emu.url, '/_emulator/meetings')).body.items).toEqual([]);
    expect((await call(emu.url, '/v1/people/me', { token })).status).toBe(401);
  });
});

describe('the control surface', () => {
  it('lists every meeting with deleted flags and its call log', async () => {
    const m = await call<{ id: string }>(emu.url, '/v1/meetings', {
      method: 'POST',
      token,
      body: { title: 'Kept', ...slot(2), integrationTags: ['t1'] },
    });
    const gone = await call<{ id: string }>(emu.url, '/v1/meetings', { method: 'POST', token, body: { title: 'Gone', ...slot(3) } });
    await call(emu.url, `/v1/meetings/${gone.body.id}?sendEmail=false`, { method: 'DELETE', token });
    const r = await call<{ items: Record<string, unknown>[] }>(emu.url, '/_emulator/meetings');
    expect(r.body.items.map((i) => [i.title, i.deleted])).toEqual([
      ['Kept', false],
      ['Gone', true],
    ]);
    expect(r.body.items[0]?.integrationTags).toEqual({ 'emulator-control': ['t1'] });
    expect(r.body.items[1]?.calls).toEqual([
      expect.objectContaining({ operation: 'create', sendEmail: true }),
      expect.objectContaining({ method: 'DELETE', operation: 'delete', sendEmail: false, emailsSent: 0, status: 204 }),
    ]);
    const one = await call<{ id: string }>(emu.url, `/_emulator/meetings/${m.body.id}`);
    expect(one.body.id).toBe(m.body.id);
    expect((await call(emu.url, '/_emulator/meetings?includeDeleted=false')).body).toEqual({
      items: [expect.objectContaining({ title: 'Kept' })],
    });
  });

  it('seeds people, integrations and user tokens', async () => {
    const p = await call<{ emails: string[] }>(emu.url, '/_emulator/people', {
      method: 'POST',
      body: { email: 'Sam.Doe@contoso.example', displayName: 'Sam Doe', orgId: LOCAL_APP.tenantId },
    });
    expect(p.status).toBe(201);
    expect(p.body.emails).toEqual(['sam.doe@contoso.example']);
    const i = await call(emu.url, '/_emulator/integrations', {
      method: 'POST',
      body: { clientId: 'c2', clientSecret: 's2', redirectUris: [REDIRECT_URI] },
    });
    expect(i.status).toBe(201);
    expect(i.body).not.toHaveProperty('clientSecret');
    const t = await call<{ access_token: string }>(emu.url, '/_emulator/tokens', {
      method: 'POST',
      body: { email: 'sam.doe@contoso.example' },
    });
    expect(t.status).toBe(201);
    expect((await call(emu.url, '/v1/people/me', { token: t.body.access_token })).body).toMatchObject({ displayName: 'Sam Doe' });
    const bad = await call(emu.url, '/_emulator/integrations', { method: 'POST', body: { clientId: 'c3' } });
    expect(bad.status).toBe(400);
  });

  it('moves the clock', async () => {
    const r = await call<{ offsetSeconds: number; now: string }>(emu.url, '/_emulator/clock', {
      method: 'POST',
      body: { offsetSeconds: 3600 },
    });
    expect(r.body.offsetSeconds).toBe(3600);
    expect(Date.parse(r.body.now) - Date.now()).toBeGreaterThan(3500_000);
    const adv = await call<{ offsetSeconds: number }>(emu.url, '/_emulator/clock', { method: 'POST', body: { advanceSeconds: 60 } });
    expect(adv.body.offsetSeconds).toBe(3660);
    expect((await call(emu.url, '/_emulator/clock', { method: 'POST', body: {} })).status).toBe(400);
  });

  it('answers unknown /v1 paths with a Webex 404 body', async () => {
    const r = await call(emu.url, '/v1/rooms', { token });
    expect(r.status).toBe(404);
    errorCode(r);
  });

  it('reports its health', async () => {
    expect((await call(emu.url, '/_emulator/health')).body).toEqual({ ok: true, emulator: 'webex' });
  });
});
