import { adele, alex, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type Event = { id: string; subject: string; changeKey: string; webLink: string };
const IMMUTABLE = { Prefer: 'IdType="ImmutableId"' };
const events = `/v1.0/users/${adele.id}/events`;

describe('event ids', () => {
  it('ids are REST ids unless Prefer: IdType="ImmutableId" asks for immutable ones', async () => {
    const rest = await call<Event>(kit.url, events, {
      method: 'POST',
      token: app,
      body: eventBody('Rest', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
    });
    expect(rest.body.id).toMatch(/^AAMkA[A-Za-z0-9_-]+=*$/);
    expect(rest.headers.get('preference-applied')).toBeNull();
    const immutable = await call<Event>(kit.url, events, {
      method: 'POST',
      token: app,
      headers: IMMUTABLE,
      body: eventBody('Immutable', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
    });
    expect(immutable.body.id).toMatch(/^AAkAL[A-Za-z0-9_-]+=*$/);
    expect(immutable.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
    expect(immutable.body.webLink).toContain(encodeURIComponent('AAMkA'));
  });

  it('either form of the id reads, updates and deletes the same event', async () => {
    const created = kit.emulator.createEvent(adele.id, eventBody('Both', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const viaRest = await call<Event>(kit.url, `${events}/${created.id}`, { token: app, headers: IMMUTABLE });
    expect(viaRest.body.id).toBe(created.immutableId);
    const patched = await call<Event>(kit.url, `${events}/${created.immutableId}`, {
      method: 'PATCH',
      token: app,
      body: { subject: 'Renamed' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.id).toBe(created.id);
    const del = await call(kit.url, `${events}/${created.immutableId}`, { method: 'DELETE', token: app });
    expect(del.status).toBe(204);
    expect((await call(kit.url, `${events}/${created.id}`, { token: app })).status).toBe(404);
  });

  it('an immutable id stays the same through updates while the changeKey moves on', async () => {
    const created = kit.emulator.createEvent(adele.id, eventBody('Stable', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const a = await call<Event>(kit.url, `${events}/${created.immutableId}`, {
      method: 'PATCH',
      token: app,
      headers: IMMUTABLE,
      body: { subject: 'One' },
    });
    const b = await call<Event>(kit.url, `${events}/${created.immutableId}`, {
      method: 'PATCH',
      token: app,
      headers: IMMUTABLE,
      body: { subject: 'Two' },
    });
    expect([a.body.id, b.body.id]).toEqual([created.immutableId, created.immutableId]);
    expect(a.body.changeKey).not.toBe(b.body.changeKey);
  });

  it('the ids of different events differ, and ids from different mailboxes differ', async () => {
    const one = kit.emulator.createEvent(adele.id, eventBody('One', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const two = kit.emulator.createEvent(adele.id, eventBody('Two', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const three = kit.emulator.createEvent(alex.id, eventBody('Three', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    expect(new Set([one.id, two.id, three.id, one.immutableId, two.immutableId, three.immutableId]).size).toBe(6);
  });

  it('a malformed id is 400 ErrorInvalidIdMalformed; another mailbox’s id is 404 ErrorItemNotFound', async () => {
    const malformed = await call<GraphErrorShape>(kit.url, `${events}/not-an-id`, { token: app });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('ErrorInvalidIdMalformed');
    const elsewhere = kit.emulator.createEvent(alex.id, eventBody('Alex', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    for (const id of [elsewhere.id, elsewhere.immutableId]) {
      const res = await call<GraphErrorShape>(kit.url, `${events}/${id}`, { token: app });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ErrorItemNotFound');
    }
  });

  it('an id sent URL-encoded is read the same', async () => {
    const created = kit.emulator.createEvent(adele.id, eventBody('Encoded', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await call<Event>(kit.url, `${events}/${encodeURIComponent(created.id)}`, { token: app });
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Encoded');
  });
});
