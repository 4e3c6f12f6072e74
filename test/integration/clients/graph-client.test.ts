/**
 * GraphClient with msal-node tokens against the identity and Graph emulators: app-only tokens from
 * a secret and from a certificate, on-behalf-of tokens, error mapping, and Retry-After.
 */
import { decodeJwt } from 'jose';
import { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { ClientFaultError } from '../../../src/server/outbound/client-fault-error';
import { createAppOnlyTokenProvider } from '../../../src/server/graph/app-only-token-provider';
import { GraphClient } from '../../../src/server/graph/graph-client';
import { GraphError } from '../../../src/server/graph/graph-error';
import { GraphTokenError } from '../../../src/server/graph/graph-token-error';
import { createOnBehalfOfTokenProvider } from '../../../src/server/graph/on-behalf-of-token-provider';
import { FakeClock } from '../../unit/server/fake-clock';
import { TENANT, UNCONSENTED_TENANT, useMicrosoftEmulators } from './microsoft-emulators-fixture';

const ms = useMicrosoftEmulators();
const user = TENANT.users[1] as (typeof TENANT.users)[number];

function graphClient(options: Partial<ConstructorParameters<typeof GraphClient>[0]> = {}) {
  return new GraphClient({
    baseUrl: ms.graph.url,
    tokens: createAppOnlyTokenProvider(ms.config('secret')),
    clock: new FakeClock(),
    timeoutMs: 5000,
    ...options,
  });
}

describe('GraphClient', () => {
  it('reads a user with an app-only token got with the client secret', async () => {
    const read = await graphClient().getUser(TENANT.id, user.id, ['id', 'displayName']);
    expect(read).toMatchObject({ id: user.id, displayName: user.displayName });
  });

  it('signs in with the certificate when one is configured', async () => {
    const provider = createAppOnlyTokenProvider(ms.config('certificate'));
    const claims = decodeJwt(await provider.getAccessToken(TENANT.id));
    // appidacr 2: the client proved itself with a certificate.
    expect(claims).toMatchObject({ tid: TENANT.id, appidacr: '2' });
    const read = await graphClient({ tokens: provider }).getUser(TENANT.id, user.id);
    expect(read.id).toBe(user.id);
  });

  it('reads the tenant’s organization', async () => {
    const org = await graphClient().getOrganization(TENANT.id);
    expect(org.id).toBe(TENANT.id);
    expect(org.verifiedDomains?.map((d) => d.name)).toContain(TENANT.verifiedDomains[0]);
  });

  it('asks for immutable ids and sends the bearer token on every request', async () => {
    const sent: Headers[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    await graphClient({ fetch: recording }).request(TENANT.id, {
      path: `/users/${user.id}`,
      headers: { Prefer: 'outlook.timezone="UTC"' },
    });
    expect(sent[0]?.get('prefer')).toBe('IdType="ImmutableId", outlook.timezone="UTC"');
    expect(sent[0]?.get('authorization')).toMatch(/^Bearer ey/);
    expect(sent[0]?.get('client-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets one token per tenant and lets MSAL serve the next calls from its cache', async () => {
    const client = graphClient();
    const before = (await ms.tokenCounts()).client_credentials ?? 0;
    await client.getUser(TENANT.id, user.id);
    await client.getUser(TENANT.id, user.id);
    await client.getOrganization(TENANT.id);
    expect(((await ms.tokenCounts()).client_credentials ?? 0) - before).toBe(1);
  });

  it('does not keep a token that expires within five minutes: the next call gets a new one', async () => {
    const settings = ms.identity.state.settings;
    const lifetime = settings.tokenLifetimeSeconds;
    settings.tokenLifetimeSeconds = 240;
    try {
      const client = graphClient();
      const before = (await ms.tokenCounts()).client_credentials ?? 0;
      await client.getUser(TENANT.id, user.id);
      await client.getUser(TENANT.id, user.id);
      expect(((await ms.tokenCounts()).client_credentials ?? 0) - before).toBe(2);
    } finally {
      settings.tokenLifetimeSeconds = lifetime;
    }
  });

  it('maps an unknown user to graph_not_found with Graph’s request id', async () => {
    const err: unknown = await graphClient()
      .getUser(TENANT.id, '00000000-0000-4000-8000-00000000dead')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ code: 'graph_not_found', status: 404, retryable: false, requestId: expect.any(String) });
    expect((err as GraphError).serviceCode).toEqual(expect.any(String));
  });

  it('waits out a 429’s Retry-After and then succeeds', async () => {
    const before = (await ms.faultCounters('graph')).injected;
    await ms.fault('graph', { status: 429, retryAfter: 2, count: 1, pathPrefix: '/v1.0/users' });
    const clock = new FakeClock();
    const read = await graphClient({ clock }).getUser(TENANT.id, user.id);
    expect(read.id).toBe(user.id);
    expect(clock.sleeps).toEqual([2000]);
    expect((await ms.faultCounters('graph')).injected - before).toBe(1);
  });

  it('hands a long Retry-After back as graph_throttled with the wait', async () => {
    await ms.fault('graph', { status: 429, retryAfter: 300, count: 1, pathPrefix: '/v1.0/users' });
    const clock = new FakeClock();
    await expect(graphClient({ clock }).getUser(TENANT.id, user.id)).rejects.toMatchObject({
      code: 'graph_throttled',
      retryAfterMs: 300_000,
      retryable: true,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('reports a Graph that does not answer in time as a client fault, not a Graph error', async () => {
    await ms.fault('graph', { latencyMs: 700, count: 1, pathPrefix: '/v1.0/users' });
    const err: unknown = await graphClient({ timeoutMs: 200, maxRetries: 0 })
      .getUser(TENANT.id, user.id)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientFaultError);
    expect(err).toMatchObject({ code: 'outbound_timeout', service: 'graph' });
  });

  it('says graph_consent_required for a tenant that never consented', async () => {
    const err: unknown = await graphClient()
      .getUser(UNCONSENTED_TENANT.id, UNCONSENTED_TENANT.users[1]?.id ?? '')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphTokenError);
    expect(err).toMatchObject({ code: 'graph_consent_required', aadsts: '7000229' });
  });

  it('says graph_credential_invalid when the secret is wrong', async () => {
    const tokens = createAppOnlyTokenProvider(ms.config({ clientSecret: 'not-the-secret' }));
    await expect(graphClient({ tokens }).getUser(TENANT.id, user.id)).rejects.toMatchObject({ code: 'graph_credential_invalid' });
  });

  it('reports an identity service that refuses connections as a client fault', async () => {
    const closed = Fastify();
    await closed.listen({ host: '127.0.0.1', port: 0 });
    const port = (closed.server.address() as AddressInfo).port;
    await closed.close();
    const config = { ...ms.config('secret'), authorityHost: `https://localhost:${port}`, knownAuthorities: [`localhost:${port}`] };
    const tokens = createAppOnlyTokenProvider(config, { clock: new FakeClock(), policy: { maxAttempts: 1 } });
    await expect(tokens.getAccessToken(TENANT.id)).rejects.toMatchObject({ code: 'outbound_connect_failed' });
  });

  it('calls Graph as the signed-in user with an on-behalf-of token', async () => {
    const obo = createOnBehalfOfTokenProvider(ms.config('secret'));
    const assertion = await ms.userApiToken(1);
    const me = await graphClient().request<{ id: string }>(TENANT.id, { path: '/me', auth: obo.forUser(TENANT.id, assertion) });
    expect(me.id).toBe(user.id);
  });

  it('says graph_user_assertion_invalid for a user token that is not ours to exchange', async () => {
    const obo = createOnBehalfOfTokenProvider(ms.config('secret'));
    await expect(obo.getAccessToken(TENANT.id, 'eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl')).rejects.toMatchObject({
      code: 'graph_user_assertion_invalid',
    });
  });
});
