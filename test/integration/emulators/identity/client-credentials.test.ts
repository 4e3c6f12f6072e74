import { ConfidentialClientApplication } from '@azure/msal-node';
import { SignJWT } from 'jose';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { LOCAL_APP } from '../../../../src/server/config';
import type { IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import {
  BACKEND_ID,
  CONTOSO,
  FABRIKAM,
  expectAadsts,
  localApplications,
  makeClientCertificate,
  msalAuthority,
  startIdentityEmulator,
  verifyToken,
  type ClientCertificate,
} from './identity-fixture';

const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

let emulator: IdentityEmulator;
let registered: ClientCertificate;
let unregistered: ClientCertificate;

beforeAll(async () => {
  [registered, unregistered] = await Promise.all([makeClientCertificate(), makeClientCertificate()]);
  emulator = await startIdentityEmulator({
    applications: localApplications([registered.cert]),
    adminConsents: [{ tenantId: CONTOSO.id, clientId: BACKEND_ID }],
  });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.reset());

function withCertificate(cert: { thumbprintSha256: string; key: string }, tenant = CONTOSO.id) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: BACKEND_ID,
      ...msalAuthority(emulator, tenant),
      clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.key },
    },
  });
}

function withSecret(secret: string, tenant = CONTOSO.id) {
  return new ConfidentialClientApplication({ auth: { clientId: BACKEND_ID, ...msalAuthority(emulator, tenant), clientSecret: secret } });
}

async function clientCredentialsOverHttp(form: Record<string, string>) {
  const res = await fetch(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as { error?: string; error_codes?: number[] } };
}

describe('client credentials with @azure/msal-node', () => {
  it('issues an app-only Graph token for a certificate client assertion, carrying the consented roles', async () => {
    const result = await withCertificate(registered).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    expect(result?.tokenType).toBe('Bearer');
    const claims = await verifyToken(emulator, result!.accessToken);
    expect(claims).toEqual(
      expect.objectContaining({
        aud: 'https://graph.microsoft.com',
        iss: emulator.issuer(CONTOSO.id, 1),
        tid: CONTOSO.id,
        appid: BACKEND_ID,
        appidacr: '2',
        idtyp: 'app',
        ver: '1.0',
      }),
    );
    expect([...(claims.roles as string[])].sort()).toEqual(['Calendars.ReadWrite', 'Directory.Read.All', 'User.Read.All']);
    expect(claims.scp).toBeUndefined();
    expect(claims.oid).toBe(claims.sub);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('issues the token for a client secret too, marked as secret-authenticated', async () => {
    const result = await withSecret(LOCAL_APP.backendClientSecret).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    const claims = await verifyToken(emulator, result!.accessToken);
    expect(claims.appidacr).toBe('1');
  });

  it('refuses a wrong client secret with AADSTS7000215', async () => {
    expect(await expectAadsts(withSecret('wrong').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))).toBe('AADSTS7000215');
  });

  it('refuses an assertion signed with a certificate that is not registered with AADSTS700027', async () => {
    expect(await expectAadsts(withCertificate(unregistered).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))).toBe(
      'AADSTS700027',
    );
  });

  it('refuses an assertion whose signature does not match the registered certificate with AADSTS700027', async () => {
    const forged = { thumbprintSha256: registered.thumbprintSha256, key: unregistered.key };
    expect(await expectAadsts(withCertificate(forged).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))).toBe('AADSTS700027');
  });

  it('refuses an expired client assertion with AADSTS700024', async () => {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', 'x5t#S256': Buffer.from(registered.thumbprintSha256, 'hex').toString('base64url') })
      .setIssuer(BACKEND_ID)
      .setSubject(BACKEND_ID)
      .setAudience(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`)
      .setNotBefore(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(createPrivateKey(registered.key));
    const app = new ConfidentialClientApplication({
      auth: { clientId: BACKEND_ID, ...msalAuthority(emulator), clientAssertion: assertion },
    });
    expect(await expectAadsts(app.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))).toBe('AADSTS700024');
  });

  it('refuses a tenant where nobody consented to the app with AADSTS7000229, until its admin consents', async () => {
    const app = () => withCertificate(registered, FABRIKAM.id);
    expect(await expectAadsts(app().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))).toBe('AADSTS7000229');
    const consent = await fetch(`${emulator.url}/_emulator/consents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: FABRIKAM.id, clientId: BACKEND_ID }),
    });
    expect(consent.status).toBe(201);
    const claims = await verifyToken(emulator, (await app().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))!.accessToken);
    expect(claims.tid).toBe(FABRIKAM.id);
    expect(claims.roles).toContain('Calendars.ReadWrite');

    expect((await fetch(`${emulator.url}/_emulator/consents/${FABRIKAM.id}/${BACKEND_ID}`, { method: 'DELETE' })).status).toBe(204);
    expect(await expectAadsts(app().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))).toBe('AADSTS7000229');
  });

  it('gives no roles claim in the home tenant when the admin has not consented', async () => {
    expect(emulator.state.revokeConsents(CONTOSO.id, BACKEND_ID)).toBe(1);
    const claims = await verifyToken(
      emulator,
      (await withCertificate(registered).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))!.accessToken,
    );
    expect(claims.roles).toBeUndefined();
  });

  it('refuses a client id that is not registered with AADSTS700016', async () => {
    const { status, body } = await clientCredentialsOverHttp({
      grant_type: 'client_credentials',
      client_id: randomUUID(),
      client_secret: 'x',
      scope: GRAPH_DEFAULT[0]!,
    });
    expect(status).toBe(400);
    expect(body.error_codes).toEqual([700016]);
  });

  it('refuses a scope without /.default with AADSTS1002012', async () => {
    const { body } = await clientCredentialsOverHttp({
      grant_type: 'client_credentials',
      client_id: BACKEND_ID,
      client_secret: LOCAL_APP.backendClientSecret,
      scope: 'https://graph.microsoft.com/User.Read.All',
    });
    expect(body).toEqual(expect.objectContaining({ error: 'invalid_scope', error_codes: [1002012] }));
  });

  it('refuses a request without any client credential with AADSTS7000218', async () => {
    const { status, body } = await clientCredentialsOverHttp({
      grant_type: 'client_credentials',
      client_id: BACKEND_ID,
      scope: GRAPH_DEFAULT[0]!,
    });
    expect(status).toBe(401);
    expect(body.error_codes).toEqual([7000218]);
  });
});
