import { BatchRequestContent, BatchResponseContent, Client } from '@microsoft/microsoft-graph-client';
import { adele, call, eventBody, GraphErrorShape, GraphKit, startGraph } from './graph-test-kit';

let kit: GraphKit;
let app: string;

beforeAll(async () => {
  kit = await startGraph();
  app = await kit.appToken();
});
afterAll(() => kit.close());
beforeEach(() => kit.emulator.reset());

type BatchItemResponse = { id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> & GraphErrorShape };
type BatchBody = { responses: BatchItemResponse[] };

const events = `/users/${adele.id}/events`;

function batch(requests: unknown[], token = app) {
  return call<BatchBody>(kit.url, '/v1.0/$batch', { method: 'POST', token, body: { requests } });
}

function byId(body: BatchBody): Map<string, BatchItemResponse> {
  return new Map(body.responses.map((r) => [r.id, r]));
}

describe('$batch', () => {
  it('runs 20 requests and answers each with its own status, headers and body', async () => {
    const { id } = kit.emulator.createEvent(adele.id, eventBody('Batched', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `${events}/${id}?$select=subject` }));
    const res = await batch(requests);
    expect(res.status).toBe(200);
    expect(res.body.responses).toHaveLength(20);
    for (const r of res.body.responses) {
      expect(r.status).toBe(200);
      expect(r.headers['Content-Type']).toMatch(/^application\/json/);
      expect(r.body).toMatchObject({ subject: 'Batched' });
    }
    expect(new Set(res.body.responses.map((r) => r.id)).size).toBe(20);
  });

  it('refuses 21 requests with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me' }));
    const res = await call<GraphErrorShape>(kit.url, '/v1.0/$batch', { method: 'POST', token: app, body: { requests } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
  });

  it('refuses duplicate ids, unknown dependencies and a body without Content-Type', async () => {
    const cases = [
      [
        { id: '1', method: 'GET', url: '/organization' },
        { id: '1', method: 'GET', url: '/organization' },
      ],
      [{ id: '1', method: 'GET', url: '/organization', dependsOn: ['9'] }],
      [{ id: '1', method: 'POST', url: events, body: { subject: 'x' } }],
    ];
    for (const requests of cases) expect((await batch(requests)).status).toBe(400);
  });

  it('mixes statuses: created, not found, bad request, method not allowed', async () => {
    const gone = kit.emulator.createEvent(adele.id, eventBody('Gone', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    kit.emulator.events.delete(adele.id, gone.event.key);
    const res = await batch([
      {
        id: 'create',
        method: 'POST',
        url: events,
        headers: { 'Content-Type': 'application/json' },
        body: eventBody('Made in a batch', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
      },
      { id: 'missing', method: 'GET', url: `/users/${adele.id}/events/${gone.id}` },
      { id: 'me', method: 'GET', url: '/me' },
      { id: 'put', method: 'PUT', url: events, headers: { 'Content-Type': 'application/json' }, body: {} },
    ]);
    const r = byId(res.body);
    expect(r.get('create')).toMatchObject({ status: 201, body: { subject: 'Made in a batch' } });
    expect(r.get('create')!.headers.Location).toContain('/v1.0/');
    expect(r.get('missing')!.status).toBe(404);
    expect(r.get('missing')!.body!.error.code).toBe('ErrorItemNotFound');
    expect(r.get('me')!.body!.error.code).toBe('BadRequest');
    expect(r.get('put')!.status).toBe(405);
    expect(kit.emulator.events.all()).toHaveLength(1);
  });

  it('runs dependsOn in order; a request whose dependency failed answers 424', async () => {
    const { id } = kit.emulator.createEvent(adele.id, eventBody('Ordered', '2026-11-24T09:00:00', '2026-11-24T10:00:00'));
    const res = await batch([
      { id: '3', method: 'GET', url: `${events}/${id}?$select=subject`, dependsOn: ['2'] },
      {
        id: '2',
        method: 'PATCH',
        url: `${events}/${id}`,
        headers: { 'Content-Type': 'application/json' },
        body: { subject: 'Second' },
        dependsOn: ['1'],
      },
      { id: '1', method: 'PATCH', url: `${events}/${id}`, headers: { 'Content-Type': 'application/json' }, body: { subject: 'First' } },
      { id: '4', method: 'GET', url: '/users/nobody@nowhere.example' },
      { id: '5', method: 'GET', url: '/organization', dependsOn: ['4'] },
    ]);
    const r = byId(res.body);
    expect(r.get('3')!.body).toMatchObject({ subject: 'Second' });
    expect(res.body.responses.map((x) => x.id).filter((x) => ['1', '2', '3'].includes(x))).toEqual(['1', '2', '3']);
    expect(r.get('4')!.status).toBe(404);
    expect(r.get('5')!.status).toBe(424);
  });

  it('each request is authorized with the batch’s token', async () => {
    const res = await call<GraphErrorShape>(kit.url, '/v1.0/$batch', {
      method: 'POST',
      body: { requests: [{ id: '1', method: 'GET', url: '/me' }] },
    });
    expect(res.status).toBe(401);
    const noCalendars = await kit.appToken(['User.Read.All']);
    const denied = await batch([{ id: '1', method: 'GET', url: events }], noCalendars);
    expect(byId(denied.body).get('1')!.body!.error.code).toBe('ErrorAccessDenied');
  });

  it('works through the Graph SDK’s BatchRequestContent', async () => {
    const client = Client.init({
      authProvider: (done) => done(null, app),
      baseUrl: kit.url,
      customHosts: new Set([new URL(kit.url).hostname]),
    });
    const content = new BatchRequestContent([
      {
        id: 'a',
        request: new Request(`${kit.url}/v1.0${events}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(eventBody('SDK batch', '2026-11-24T09:00:00', '2026-11-24T10:00:00')),
        }),
      },
      { id: 'b', request: new Request(`${kit.url}/v1.0/organization`, { method: 'GET' }) },
    ]);
    const raw: unknown = await client.api('/$batch').post(await content.getContent());
    const responses = new BatchResponseContent(raw as { responses: [] });
    expect(responses.getResponseById('a').status).toBe(201);
    expect(((await responses.getResponseById('b').json()) as { value: unknown[] }).value).toHaveLength(1);
  });
});
