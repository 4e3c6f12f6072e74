import { LOCAL_APP } from '../../../../src/server/config';
import type { WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';
import { ADELE, ALEX, call, errorCode, FABRIKAM, MEGAN, ROSA, slot, startWebex } from './webex-harness';

type Meeting = Record<string, unknown> & { id: string };

let emu: WebexEmulator;
let service: string;

beforeAll(async () => {
  emu = await startWebex({ serviceTokens: [{ token: 'seeded-service-token', orgId: LOCAL_APP.tenantId }] });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.reset();
  const r = await call<{ access_token: string; scope: string }>(emu.url, '/_emulator/service-tokens', {
    method: 'POST',
    body: { orgId: LOCAL_APP.tenantId },
  });
  expect(r.status).toBe(201);
  expect(r.body.scope.split(' ')).toEqual(expect.arrayContaining(['meeting:admin_schedule_read', 'meeting:admin_schedule_write']));
  service = r.body.access_token;
});

const create = (token: string, body: Record<string, unknown>) => call<Meeting>(emu.url, '/v1/meetings', { method: 'POST', token, body });

describe('admin tokens with hostEmail', () => {
  it('schedule for a person of the same org, who then sees the meeting as their own', async () => {
    const r = await create(service, { title: 'For Alex', ...slot(2), hostEmail: ALEX, sendEmail: false });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ hostEmail: ALEX, hostDisplayName: 'Alex Wilber' });
    const alex = emu.issueUserToken(ALEX).access_token;
    expect((await call(emu.url, `/v1/meetings/${r.body.id}`, { token: alex })).status).toBe(200);
    expect(emu.meetings()[0]?.calls[0]).toMatchObject({ operation: 'create', onBehalfOf: ALEX, sendEmail: false });
  });

  it('read, patch and delete on behalf of the host', async () => {
    const m = (await create(service, { title: 'For Megan', ...slot(2), hostEmail: MEGAN })).body;
    const read = await call<Meeting>(emu.url, `/v1/meetings/${m.id}?hostEmail=${encodeURIComponent(MEGAN)}`, { token: service });
    expect(read.status).toBe(200);
    const list = await call<{ items: Meeting[] }>(emu.url, `/v1/meetings?hostEmail=${encodeURIComponent(MEGAN)}`, { token: service });
    expect(list.body.items.map((i) => i.id)).toEqual([m.id]);
    const patched = await call<Meeting>(emu.url, `/v1/meetings/${m.id}`, {
      method: 'PATCH',
      token: service,
      body: { title: 'Renamed', hostEmail: MEGAN },
    });
    expect(patched.body.title).toBe('Renamed');
    const del = await call(emu.url, `/v1/meetings/${m.id}?hostEmail=${encodeURIComponent(MEGAN)}&sendEmail=false`, {
      method: 'DELETE',
      token: service,
    });
    expect(del.status).toBe(204);
  });

  it('do not find a meeting without hostEmail, nor one of a different host', async () => {
    const m = (await create(service, { title: 'For Megan', ...slot(2), hostEmail: MEGAN })).body;
    expect((await call(emu.url, `/v1/meetings/${m.id}`, { token: service })).status).toBe(404);
    expect((await call(emu.url, `/v1/meetings/${m.id}?hostEmail=${encodeURIComponent(ALEX)}`, { token: service })).status).toBe(404);
  });

  it('need hostEmail to create, since a service app hosts nothing itself', async () => {
    const r = await create(service, { title: 'Nobody', ...slot(2) });
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('meeting.hostEmail.required');
  });

  it('cannot schedule for someone in another org (403) or someone unknown (400)', async () => {
    const other = await create(service, { title: 'x', ...slot(2), hostEmail: ROSA });
    expect(other.status).toBe(403);
    expect(errorCode(other)).toBe('meeting.hostEmail.otherOrg');
    const unknown = await create(service, { title: 'x', ...slot(2), hostEmail: 'nobody@contoso.example' });
    expect(unknown.status).toBe(400);
    expect(errorCode(unknown)).toBe('meeting.hostEmail.unknown');
  });

  it('can be seeded with a fixed value, as the launcher passes WEBEX_SERVICE_TOKEN', async () => {
    expect((await create('seeded-service-token', { title: 'x', ...slot(2), hostEmail: ALEX })).status).toBe(200);
  });

  it('of another org act in that org only', async () => {
    const fab = emu.issueServiceToken(FABRIKAM.id).access_token;
    expect((await create(fab, { title: 'x', ...slot(2), hostEmail: ROSA })).status).toBe(200);
    expect((await create(fab, { title: 'x', ...slot(2), hostEmail: ALEX })).status).toBe(403);
  });

  it('stop working once revoked', async () => {
    await call(emu.url, '/_emulator/revoke', { method: 'POST', body: { token: service } });
    const r = await create(service, { title: 'x', ...slot(2), hostEmail: ALEX });
    expect(r.status).toBe(401);
  });
});

describe("a person's own token with hostEmail", () => {
  it("is refused with 403 for someone else's email", async () => {
    const alex = emu.issueUserToken(ALEX).access_token;
    const r = await create(alex, { title: 'x', ...slot(2), hostEmail: MEGAN });
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('meeting.hostEmail.forbidden');
    const list = await call(emu.url, `/v1/meetings?hostEmail=${encodeURIComponent(MEGAN)}`, { token: alex });
    expect(list.status).toBe(403);
    expect(emu.meetings()).toHaveLength(0);
  });

  it('is accepted for their own email', async () => {
    const alex = emu.issueUserToken(ALEX).access_token;
    expect((await create(alex, { title: 'x', ...slot(2), hostEmail: ALEX.toUpperCase() })).status).toBe(200);
  });

  it('of a Webex admin with the admin scope schedules for others in the org', async () => {
    const adele = emu.issueUserToken(ADELE, ['meeting:admin_schedule_write', 'meeting:admin_schedule_read']).access_token;
    const r = await create(adele, { title: 'x', ...slot(2), hostEmail: ALEX });
    expect(r.status).toBe(200);
    expect(r.body.hostEmail).toBe(ALEX);
  });
});
