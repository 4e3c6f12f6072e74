/**
 * One user's meeting ids in another user's hands — as given, as one of its occurrences, in other
 * spellings — answer 404 on every meeting route and change nothing in Webex; the admin routes
 * answer 401 or 403 to anyone without an administrator's session, whatever else they carry.
 * (meetings.test.ts checks the plain id once; admin-mode.test.ts checks that a non-administrator
 * gets no session; this is the matrix around them.)
 */
import { ALEX, CONTOSO, MEGAN, startBackendStack, type BackendStack } from '../server/backend-stack';

interface ErrorBody {
  error?: { code?: string };
}

let stack: BackendStack;
let alex: string;
let megan: string;
let megansMeeting: { id: string; start: string; title: string };

beforeAll(async () => {
  stack = await startBackendStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  alex = await stack.userToken(ALEX);
  megan = await stack.userToken(MEGAN);
  await stack.linkWebex(megan, MEGAN);
  const start = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000);
  const created = await stack.api<{ id: string; start: string; title: string }>('POST', '/api/meetings', {
    token: megan,
    body: {
      subject: 'Megan only',
      start: start.toISOString(),
      end: new Date(start.getTime() + 1_800_000).toISOString(),
      timeZone: 'UTC',
      recurrence: 'FREQ=WEEKLY;COUNT=4',
    },
  });
  if (created.status !== 201) throw new Error(`Megan's meeting was not created: ${created.status} ${created.text}`);
  megansMeeting = created.body;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe("another user's meeting ids", () => {
  const spellings = (id: string, start: string) => {
    const stamp = start.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    return [id, `${id}_${stamp}`, id.toUpperCase(), encodeURIComponent(`${id}/../${id}`), `${id}%20`];
  };

  it.each([
    ['GET', undefined],
    ['PATCH', { subject: 'Taken over' }],
    ['DELETE', undefined],
  ])('%s answers 404 for every spelling and leaves the meeting alone', async (method, body) => {
    const answers: string[] = [];
    for (const id of spellings(megansMeeting.id, megansMeeting.start)) {
      const res = await stack.api<ErrorBody>(method, `/api/meetings/${id}`, { token: alex, body });
      answers.push(`${res.status} ${res.body?.error?.code}`);
    }
    expect(new Set(answers)).toEqual(new Set(['404 meeting_not_found']));
    const inWebex = stack.webex.meetings().find((m) => m.id === megansMeeting.id);
    expect([inWebex?.deleted, inWebex?.title, inWebex?.exceptions.length, inWebex?.cancelledOccurrences.length]).toEqual([
      false,
      'Megan only',
      0,
      0,
    ]);
  });

  it('are still Megan’s: she reads her meeting', async () => {
    const res = await stack.api<{ id: string }>('GET', `/api/meetings/${megansMeeting.id}`, { token: megan });
    expect([res.status, res.body.id]).toEqual([200, megansMeeting.id]);
  });
});

describe('the admin routes without an administrator’s session', () => {
  const routes: readonly [string, string][] = [
    ['GET', '/admin/api/session'],
    ['GET', `/admin/api/tenants/${CONTOSO.id}`],
    ['POST', `/admin/api/tenants/${CONTOSO.id}/revoke`],
    ['POST', '/admin/revoke'],
    ['POST', '/admin/consent/verify'],
  ];
  const credentials: readonly [string, () => Record<string, string>][] = [
    ['nothing', () => ({})],
    ["a user's API token", () => ({ authorization: `Bearer ${alex}` })],
    [
      'forged session cookies',
      () => ({ cookie: 'wso_admin=v1.forged.forged; wso_admin_session=v1.forged.forged; session=admin', 'x-csrf-token': 'forged' }),
    ],
  ];

  it.each(credentials)('with %s: 401 or 403 on every route, and the tenant untouched', async (_what, headers) => {
    const tenantsBefore = await stack.store.tenants.list();
    const answers: string[] = [];
    for (const [method, path] of routes) {
      const res = await stack.api<ErrorBody>(method, path, {
        headers: { ...headers(), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        rawBody: method === 'POST' ? 'csrf=forged' : undefined,
      });
      answers.push(`${method} ${path} ${res.status === 401 || res.status === 403 ? 'refused' : res.status}`);
    }
    expect(answers).toEqual(routes.map(([method, path]) => `${method} ${path} refused`));
    expect(await stack.store.tenants.list()).toEqual(tenantsBefore);
  });
});
