/**
 * The Teams calling tab's Graph calls against a scripted Graph: the requests it makes, in order.
 * Paging follows @odata.nextLink as given (Graph's paging page), only on the configured Graph; the
 * speed-dials extension is read, then updated or created (no Graph page promises a 409 for an
 * extension that exists).
 */
import type { GraphCall } from '../../../../src/server/graph/graph-client';
import { GraphError } from '../../../../src/server/graph/graph-error';
import { DomainError } from '../../../../src/server/errors';
import { SPEED_DIALS_EXTENSION } from '../../../../src/server/teams/speed-dials-extension';
import { createTeamsCalling, type UserGraph } from '../../../../src/server/teams/teams-calling';

const GRAPH = 'https://graph.example.test';
const USER = '00000000-0000-4000-8000-000000000002';
const EXTENSION = `/me/extensions/${encodeURIComponent(SPEED_DIALS_EXTENSION)}`;

type Call = Omit<GraphCall, 'auth'>;

/** A Graph that answers each call with `answer` and records it. */
function scriptedGraph(answer: (call: Call) => unknown): UserGraph & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    userId: USER,
    calls,
    async request<T>(call: Call): Promise<T> {
      calls.push(call);
      const result = answer(call);
      if (result instanceof Error) throw result;
      return result as T;
    },
  };
}

const contact = (n: number) => ({
  id: `AAMkC${n}=`,
  displayName: `Contact ${n}`,
  emailAddresses: [{ address: `c${n}@example.org` }],
  businessPhones: [],
  mobilePhone: null,
});
const notFound = () => new GraphError({ status: 404, serviceCode: 'Request_ResourceNotFound' });

describe('paging (Graph: paging)', () => {
  const calling = createTeamsCalling({ graphBaseUrl: GRAPH });
  const page2 = `${GRAPH}/v1.0/me/contacts?$top=50&$select=displayName&$skiptoken=X%2Bopaque%3D%3D`;

  it('follows the nextLink exactly as Graph gave it, $skiptoken and all, and ends where Graph ends', async () => {
    const g = scriptedGraph((call) =>
      call.path === '/me/contacts'
        ? { value: [contact(1)], '@odata.nextLink': page2 }
        : call.path === page2
          ? { value: [contact(2)] }
          : new Error(`unexpected ${call.path}`),
    );
    const first = await calling.contacts(g);
    expect(first.people.map((p) => p.displayName)).toEqual(['Contact 1']);
    expect(first.next).toBeDefined();
    const second = await calling.contacts(g, first.next);
    expect(second.people.map((p) => p.displayName)).toEqual(['Contact 2']);
    expect(second.next).toBeUndefined();
    expect(g.calls[1]).toEqual({ path: page2 });
  });

  it('does not follow a nextLink to another host, nor one to another collection', async () => {
    for (const link of [
      'https://evil.example/v1.0/me/contacts?$skiptoken=a',
      `${GRAPH}/v1.0/me/messages?$skip=10`,
      `${GRAPH.replace('https', 'http')}/v1.0/me/contacts?$skip=1`,
    ]) {
      const g = scriptedGraph(() => ({ value: [contact(1)], '@odata.nextLink': link }));
      const error = await calling.contacts(g).catch((e: unknown) => e);
      expect([link, error instanceof GraphError && error.code]).toEqual([link, 'graph_invalid_response']);
      expect(g.calls).toHaveLength(1);
    }
  });

  it('refuses a cursor that does not carry a link to the contacts on the configured Graph, without calling Graph', async () => {
    const g = scriptedGraph(() => ({ value: [] }));
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const cursor of [
      '50',
      b64('https://evil.example/v1.0/me/contacts'),
      b64(`${GRAPH}@evil.example/v1.0/me/contacts`),
      b64(`${GRAPH}/v1.0/me/events`),
      'not base64!',
    ]) {
      const error = await calling.contacts(g, cursor).catch((e: unknown) => e);
      expect([cursor, error instanceof DomainError && error.code]).toEqual([cursor, 'invalid_request']);
    }
    expect(g.calls).toEqual([]);
  });
});

describe('speed dials (Graph: opentypeextension-update, opentypeextension-post-opentypeextension)', () => {
  const calling = createTeamsCalling({ graphBaseUrl: GRAPH });
  const dials = [{ displayName: 'Reception', number: '+1 425 555 0100' }];

  it('updates the extension when it exists, without trying to create it', async () => {
    const g = scriptedGraph((call) =>
      call.method === 'PATCH'
        ? undefined
        : call.method
          ? new Error(`unexpected ${call.method}`)
          : { extensionName: SPEED_DIALS_EXTENSION, names: [] },
    );
    const saved = await calling.saveSpeedDials(g, dials);
    expect(saved.speedDials).toEqual(dials);
    expect(g.calls.map((c) => [c.method ?? 'GET', c.path])).toEqual([
      ['GET', EXTENSION],
      ['PATCH', EXTENSION],
    ]);
  });

  it('creates the extension when reading it finds none', async () => {
    const g = scriptedGraph((call) =>
      call.method === 'POST' ? { id: SPEED_DIALS_EXTENSION } : call.method ? new Error(`unexpected ${call.method}`) : notFound(),
    );
    await calling.saveSpeedDials(g, dials);
    expect(g.calls.map((c) => [c.method ?? 'GET', c.path])).toEqual([
      ['GET', EXTENSION],
      ['POST', '/me/extensions'],
    ]);
    expect(g.calls[1]!.body).toMatchObject({
      '@odata.type': 'microsoft.graph.openTypeExtension',
      extensionName: SPEED_DIALS_EXTENSION,
      names: ['Reception'],
    });
  });

  it('updates after all when another device created the extension between the read and the create, whatever Graph answered', async () => {
    let created = false;
    const g = scriptedGraph((call) => {
      if (!call.method) return created ? { extensionName: SPEED_DIALS_EXTENSION } : notFound();
      if (call.method === 'POST') {
        created = true;
        return new GraphError({ status: 400, serviceCode: 'Request_BadRequest' });
      }
      return undefined;
    });
    await calling.saveSpeedDials(g, dials);
    expect(g.calls.map((c) => [c.method ?? 'GET', c.path])).toEqual([
      ['GET', EXTENSION],
      ['POST', '/me/extensions'],
      ['GET', EXTENSION],
      ['PATCH', EXTENSION],
    ]);
  });

  it('passes on a failed create when the extension is still not there', async () => {
    const g = scriptedGraph((call) =>
      call.method === 'POST' ? new GraphError({ status: 400, serviceCode: 'Request_BadRequest' }) : notFound(),
    );
    const error = await calling.saveSpeedDials(g, dials).catch((e: unknown) => e);
    expect(error instanceof GraphError && error.status).toBe(400);
  });
});
