import type { IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import { ADDIN_ID, BACKEND_ID, CONTOSO, FABRIKAM, startIdentityEmulator } from './identity-fixture';
import { OFFICE_CLIENT_IDS } from '../../../../src/emulators/identity/product-registrations';

let emulator: IdentityEmulator;

beforeAll(async () => {
  emulator = await startIdentityEmulator();
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.reset());

const getJson = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${emulator.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

describe('identity emulator discovery', () => {
  it('serves v2.0 metadata for a tenant id with that tenant in the issuer and every endpoint', async () => {
    const { status, body } = await getJson(`/${CONTOSO.id}/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body.issuer).toBe(`${emulator.url}/${CONTOSO.id}/v2.0`);
    expect(body.authorization_endpoint).toBe(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/authorize`);
    expect(body.token_endpoint).toBe(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`);
    expect(body.end_session_endpoint).toBe(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/logout`);
    expect(body.jwks_uri).toBe(`${emulator.url}/${CONTOSO.id}/discovery/v2.0/keys`);
    expect(body.id_token_signing_alg_values_supported).toEqual(['RS256']);
  });

  it('resolves a verified domain to the tenant id in the metadata', async () => {
    const { body } = await getJson(`/${FABRIKAM.verifiedDomains[0]}/v2.0/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`${emulator.url}/${FABRIKAM.id}/v2.0`);
    expect(body.token_endpoint).toBe(`${emulator.url}/${FABRIKAM.id}/oauth2/v2.0/token`);
  });

  it('serves the {tenantid} issuer template for common and organizations', async () => {
    for (const t of ['common', 'organizations']) {
      const { body } = await getJson(`/${t}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`${emulator.url}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`${emulator.url}/${t}/oauth2/v2.0/token`);
    }
  });

  it('serves v1.0 metadata whose issuer is the one of Microsoft Graph tokens', async () => {
    const { body } = await getJson(`/${CONTOSO.id}/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`${emulator.url}/${CONTOSO.id}/`);
    expect(body.issuer).toBe(emulator.issuer(CONTOSO.id, 1));
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const { status, body } = await getJson('/nowhere.example/v2.0/.well-known/openid-configuration');
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([90002]);
  });

  it('publishes one RSA signing key with kid and x5t at every JWKS path', async () => {
    const { body } = await getJson('/common/discovery/v2.0/keys');
    const keys = body.keys as Array<Record<string, unknown>>;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual(expect.objectContaining({ kty: 'RSA', use: 'sig', e: 'AQAB', kid: keys[0]!.x5t }));
    expect(typeof keys[0]!.n).toBe('string');
    for (const path of [`/${CONTOSO.id}/discovery/v2.0/keys`, `/${CONTOSO.id}/discovery/keys`, '/discovery/keys']) {
      expect((await getJson(path)).body).toEqual(body);
    }
  });

  it('answers cloud instance discovery for its own host', async () => {
    const host = new URL(emulator.url).host;
    const { body } = await getJson(
      `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/authorize`)}`,
    );
    expect(body.tenant_discovery_endpoint).toBe(`${emulator.url}/${CONTOSO.id}/v2.0/.well-known/openid-configuration`);
    expect(body.metadata).toEqual([{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
  });

  it('lists the seeded tenants, users with their passwords, and the application ids', async () => {
    const { body } = await getJson('/_emulator/users');
    const tenants = body.tenants as Array<{ id: string; verifiedDomains: string[]; users: Array<Record<string, unknown>> }>;
    expect(tenants.map((t) => t.id)).toEqual([CONTOSO.id, FABRIKAM.id]);
    const admin = CONTOSO.users[0]!;
    expect(tenants[0]!.users[0]).toEqual({
      id: admin.id,
      upn: admin.userPrincipalName,
      mail: admin.mail,
      displayName: admin.displayName,
      password: admin.password,
      isTenantAdmin: true,
    });
    // The product's two, and the stand-ins for Office's clients that the launch events' single sign-on uses.
    expect((body.applications as Array<{ clientId: string }>).map((a) => a.clientId)).toEqual([
      BACKEND_ID,
      ADDIN_ID,
      OFFICE_CLIENT_IDS.office,
      OFFICE_CLIENT_IDS.officeOnTheWeb,
      OFFICE_CLIENT_IDS.outlookOnTheWeb,
    ]);
  });

  it('registers an application over the control surface and forgets it on reset', async () => {
    const clientId = '11111111-2222-4333-8444-555555555555';
    const created = await fetch(`${emulator.url}/_emulator/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, homeTenantId: CONTOSO.id, displayName: 'Script', clientSecrets: ['s'] }),
    });
    expect(created.status).toBe(201);
    expect(emulator.state.application(clientId)?.displayName).toBe('Script');
    expect((await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' })).status).toBe(204);
    expect(emulator.state.application(clientId)).toBeUndefined();
  });

  it('refuses an application registration without a GUID client id', async () => {
    const res = await getJson('/_emulator/apps', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'not-a-guid', homeTenantId: CONTOSO.id }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_application');
  });

  it('answers token errors with the Entra error body and echoes the correlation id', async () => {
    const { status, headers, body } = await getJson(`/${CONTOSO.id}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': 'corr-1' },
      body: 'grant_type=device_code&client_id=x',
    });
    expect(status).toBe(400);
    expect(body).toEqual(
      expect.objectContaining({
        error: 'unsupported_grant_type',
        error_codes: [70003],
        correlation_id: 'corr-1',
        trace_id: expect.any(String),
      }),
    );
    expect(body.error_description).toMatch(/^AADSTS70003: /);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(headers.get('client-request-id')).toBe('corr-1');
  });

  it('answers an injected 429 with Retry-After and an Entra error body', async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 429, retryAfter: 7, count: 1, pathPrefix: `/${CONTOSO.id}/oauth2` }),
    });
    try {
      const { status, headers, body } = await getJson(`/${CONTOSO.id}/oauth2/v2.0/token`, { method: 'POST' });
      expect(status).toBe(429);
      expect(headers.get('retry-after')).toBe('7');
      expect(body.error).toBe('temporarily_unavailable');
    } finally {
      await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    }
  });
});
