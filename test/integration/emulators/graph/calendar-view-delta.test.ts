import { adele, alex, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Item = Record<string, unknown> & { id: string; subject?: string; '@removed'?: { reason: string } };
type DeltaPage = { value: Item[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string; '@odata.context': string };

const delta = `/v1.0/users/${adele.id}/calendarView/delta`;
const WINDOW = 'startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z';

function pathOf(link: string): string {
  const u = new URL(link);
  return `${u.pathname}${u.search}`;
}

/** Follows nextLinks to the end of a round; returns every item and the deltaLink. */
async function round(first: string, headers: Record<string, string> = {}): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  let path = first;
  const items: Item[] = [];
  for (let pages = 1; pages < 50; pages += 1) {
    const res = await call<DeltaPage>(kit.url, path, { token: app, headers });
    expect(res.status).toBe(200);
    items.push(...res.body.value);
    if (res.body['@odata.deltaLink']) return { items, deltaLink: res.body['@odata.deltaLink'], pages };
    path = pathOf(res.body['@odata.nextLink']!);
  }
  throw new Error('no deltaLink');
}

function seed(n: number): { id: string; key: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const ev = kit.emulator.createEvent(adele.id, eventBody(`E${i}`, `2026-11-1${i}T09:00:00`, `2026-11-1${i}T10:00:00`, 'UTC'));
    return { id: ev.id, key: ev.event.key };
  });
}

describe('calendarView delta', () => {
  it('the initial round pages with @odata.nextLink ($skiptoken) and ends with an @odata.deltaLink ($deltatoken)', async () => {
    seed(5);
    const first = await call<DeltaPage>(kit.url, `${delta}?${WINDOW}`, { token: app, headers: { Prefer: 'odata.maxpagesize=2' } });
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
    expect(first.body['@odata.context']).toBe(`${kit.url}/v1.0/$metadata#Collection(event)`);
    expect(first.body.value).toHaveLength(2);
    expect(first.body.value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.event', subject: expect.any(String) });
    const next = new URL(first.body['@odata.nextLink']!);
    expect(next.pathname).toBe(delta);
    expect([...next.searchParams.keys()]).toEqual(['$skiptoken']);
    const rest = await round(pathOf(first.body['@odata.nextLink']!), { Prefer: 'odata.maxpagesize=2' });
    expect(rest.pages).toBe(2);
    expect([...first.body.value, ...rest.items].map((e) => e.subject).sort()).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
    expect([...new URL(rest.deltaLink).searchParams.keys()]).toEqual(['$deltatoken']);
  });

  it('a later round returns only what changed: updates, additions and deletions as @removed', async () => {
    const [a, b, c] = seed(3);
    const { deltaLink } = await round(`${delta}?${WINDOW}`);
    expect((await round(pathOf(deltaLink))).items).toEqual([]);

    await call(kit.url, `/v1.0/users/${adele.id}/events/${a!.id}`, { method: 'PATCH', token: app, body: { subject: 'E0 changed' } });
    kit.emulator.events.delete(adele.id, b!.key);
    kit.emulator.createEvent(adele.id, eventBody('New', '2026-11-20T09:00:00', '2026-11-20T10:00:00', 'UTC'));
    kit.emulator.createEvent(alex.id, eventBody('Not this mailbox', '2026-11-20T09:00:00', '2026-11-20T10:00:00', 'UTC'));
    const next = await round(pathOf(deltaLink));
    const byId = new Map(next.items.map((i) => [i.id, i]));
    expect(next.items).toHaveLength(3);
    expect(byId.get(a!.id)).toMatchObject({ subject: 'E0 changed' });
    expect(byId.get(b!.id)).toEqual({ '@odata.type': '#microsoft.graph.event', id: b!.id, '@removed': { reason: 'deleted' } });
    expect(next.items.find((i) => i.subject === 'New')).toBeDefined();
    expect(byId.has(c!.id)).toBe(false);
  });

  it('an event moved out of the window is reported as removed', async () => {
    const [a] = seed(1);
    const { deltaLink } = await round(`${delta}?${WINDOW}`);
    await call(kit.url, `/v1.0/users/${adele.id}/events/${a!.id}`, {
      method: 'PATCH',
      token: app,
      body: { start: { dateTime: '2027-01-05T09:00:00', timeZone: 'UTC' }, end: { dateTime: '2027-01-05T10:00:00', timeZone: 'UTC' } },
    });
    const next = await round(pathOf(deltaLink));
    expect(next.items).toEqual([{ '@odata.type': '#microsoft.graph.event', id: a!.id, '@removed': { reason: 'deleted' } }]);
  });

  it('tracks the occurrences of a series: a cancelled occurrence is removed, an exception updated', async () => {
    kit.emulator.createEvent(adele.id, {
      ...eventBody('Daily', '2026-11-02T09:00:00', '2026-11-02T09:15:00', 'UTC'),
      recurrence: { pattern: { type: 'daily' }, range: { type: 'numbered', startDate: '2026-11-02', numberOfOccurrences: 3 } },
    });
    const initial = await round(`${delta}?${WINDOW}`);
    expect(initial.items.map((i) => i.type)).toEqual(['occurrence', 'occurrence', 'occurrence']);
    const [first, second] = initial.items;
    await call(kit.url, `/v1.0/users/${adele.id}/events/${first!.id}`, { method: 'PATCH', token: app, body: { subject: 'Exception' } });
    await call(kit.url, `/v1.0/users/${adele.id}/events/${second!.id}`, { method: 'DELETE', token: app });
    const next = await round(pathOf(initial.deltaLink));
    const byId = new Map(next.items.map((i) => [i.id, i]));
    expect(byId.get(first!.id)).toMatchObject({ type: 'exception', subject: 'Exception' });
    expect(byId.get(second!.id)?.['@removed']).toEqual({ reason: 'deleted' });
  });

  it('a made-up or evicted token is 410 Gone SyncStateNotFound', async () => {
    seed(1);
    const bad = await call<GraphErrorShape>(kit.url, `${delta}?$deltatoken=not-a-token`, { token: app });
    expect(bad.status).toBe(410);
    expect(bad.body.error.code).toBe('SyncStateNotFound');
    const { deltaLink } = await round(`${delta}?${WINDOW}`);
    expect((await fetch(`${kit.url}/_emulator/delta/expire`, { method: 'POST' })).status).toBe(204);
    const expired = await call<GraphErrorShape>(kit.url, pathOf(deltaLink), { token: app });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('SyncStateNotFound');
  });

  it('a token of one mailbox does not work on another', async () => {
    seed(1);
    const { deltaLink } = await round(`${delta}?${WINDOW}`);
    const token = new URL(deltaLink).searchParams.get('$deltatoken')!;
    const res = await call<GraphErrorShape>(kit.url, `/v1.0/users/${alex.id}/calendarView/delta?$deltatoken=${token}`, { token: app });
    expect(res.status).toBe(410);
  });

  it('the initial request needs the window; $filter is not supported', async () => {
    expect((await call<GraphErrorShape>(kit.url, delta, { token: app })).body.error.code).toBe('ErrorInvalidParameter');
    const filtered = await call<GraphErrorShape>(kit.url, `${delta}?${WINDOW}&$filter=subject eq 'x'`, { token: app });
    expect(filtered.status).toBe(400);
  });

  it('works for /me with a delegated token', async () => {
    seed(2);
    const res = await call<DeltaPage>(kit.url, `/v1.0/me/calendarView/delta?${WINDOW}`, { token: await kit.userToken(adele.id) });
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(2);
    expect(res.body['@odata.deltaLink']).toContain('/v1.0/me/calendarView/delta?$deltatoken=');
  });
});
