/**
 * An injected fault may carry the text of the service's error body (`message`), where each service
 * puts its own: Graph in error.message, Webex in message and errors[].description, Microsoft
 * identity in error_description. Tests put a user's name there to see where the backend keeps it.
 */
import { createGraphEmulator, type GraphEmulator } from '../../../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, type IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import { createWebexEmulator, type WebexEmulator } from '../../../../src/emulators/webex/webex-emulator';

const text = 'Nothing for Adele Vance <adele.vance@contoso.example>';

let graph: GraphEmulator;
let webex: WebexEmulator;
let identity: IdentityEmulator;

beforeAll(async () => {
  identity = createIdentityEmulator();
  await identity.listen();
  graph = createGraphEmulator({ identityUrl: identity.url });
  webex = createWebexEmulator();
  await Promise.all([graph.listen(), webex.listen()]);
});

afterAll(async () => {
  await Promise.all([graph?.close(), webex?.close(), identity?.close()]);
});

async function addFault(url: string, rule: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
}

async function failed(url: string, path: string, method = 'GET'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('an injected fault with a message', () => {
  it("puts it in Graph's error.message, with Graph's code for the status", async () => {
    expect((await addFault(graph.url, { status: 503, count: 1, message: text })).status).toBe(201);
    const { status, body } = await failed(graph.url, '/v1.0/users/someone/events');
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'ServiceNotAvailable', message: text });
  });

  it("puts it in Webex's message and every errors[].description", async () => {
    expect((await addFault(webex.url, { status: 429, retryAfter: 60, count: 1, message: text })).status).toBe(201);
    const { status, body } = await failed(webex.url, '/v1/meetings');
    expect(status).toBe(429);
    expect(body).toMatchObject({ message: text, errors: [{ description: text }], trackingId: expect.any(String) });
  });

  it('puts it in the Entra error_description, after the AADSTS code', async () => {
    expect((await addFault(identity.url, { status: 503, count: 1, method: 'POST', message: text })).status).toBe(201);
    const { status, body } = await failed(identity.url, '/common/oauth2/v2.0/token', 'POST');
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
    expect(String(body.error_description).split('\r\n')[0]).toBe(`AADSTS90033: ${text}`);
  });

  it("keeps each service's own text without one", async () => {
    expect((await addFault(webex.url, { status: 404, count: 1 })).status).toBe(201);
    const { body } = await failed(webex.url, '/v1/meetings');
    expect(body.message).toBe('The requested resource could not be found.');
  });

  it('refuses a message that is not text', async () => {
    const res = await addFault(graph.url, { status: 500, message: { text } });
    expect(res.status).toBe(400);
  });
});
