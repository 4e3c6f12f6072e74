/**
 * The Graph emulator checking real tokens from the identity emulator (its per-tenant JWKS), as in the
 * local stack: an app-only token from msal-node's client credentials flow and a delegated token
 * from the password grant.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { readDevCerts } from '../../../../scripts/dev-certs';
import { createGraphEmulator, GraphEmulator } from '../../../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import { adele, alex, call, contoso, eventBody, fabrikam, GraphErrorShape } from './graph-test-kit';

const CLIENT_ID = '7d0c7c53-0000-4000-8000-00000000671a';
const SECRET = 'graph-test-secret';

let identity: IdentityEmulator;
let graph: GraphEmulator;

beforeAll(async () => {
  const { key, cert } = readDevCerts();
  identity = createIdentityEmulator({
    tls: { key, cert },
    tenants: [contoso, fabrikam],
    applications: [
      {
        clientId: CLIENT_ID,
        homeTenantId: contoso.id,
        clientSecrets: [SECRET],
        requiredResourceAccess: [
          {
            resource: 'https://graph.microsoft.com',
            delegated: ['User.Read', 'Calendars.ReadWrite'],
            application: ['Calendars.ReadWrite', 'User.Read.All'],
          },
        ],
      },
    ],
    adminConsents: [{ tenantId: contoso.id, clientId: CLIENT_ID }],
  });
  const identityUrl = await identity.listen();
  graph = createGraphEmulator({ tls: { key, cert }, tenants: [contoso, fabrikam], identityUrl });
  await graph.listen();
});

afterAll(async () => {
  await graph.close();
  await identity.close();
});

async function appToken(): Promise<string> {
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      authority: `${identity.url}/${contoso.id}`,
      knownAuthorities: [new URL(identity.url).host],
    },
  });
  const result = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
  return result!.accessToken;
}

describe('Graph emulator with the identity emulator’s tokens', () => {
  it('an app-only token from client credentials reads users and writes a user’s calendar', async () => {
    const token = await appToken();
    const user = await call<{ id: string }>(graph.url, `/v1.0/users/${alex.userPrincipalName}`, { token });
    expect(user.status).toBe(200);
    expect(user.body.id).toBe(alex.id);
    const created = await call<{ subject: string }>(graph.url, `/v1.0/users/${alex.id}/events`, {
      method: 'POST',
      token,
      body: eventBody('From the backend', '2026-11-24T09:00:00', '2026-11-24T10:00:00'),
    });
    expect(created.status).toBe(201);
  });

  it('a delegated token from the password grant reads /me and the user’s own events', async () => {
    const res = await fetch(`${identity.url}/${contoso.id}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: CLIENT_ID,
        client_secret: SECRET,
        username: adele.userPrincipalName,
        password: adele.password,
        scope: 'https://graph.microsoft.com/User.Read https://graph.microsoft.com/Calendars.ReadWrite',
      }),
    });
    expect(res.status).toBe(200);
    const { access_token: token } = (await res.json()) as { access_token: string };
    const me = await call<{ id: string }>(graph.url, '/v1.0/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(adele.id);
    expect((await call(graph.url, '/v1.0/me/events', { token })).status).toBe(200);
  });

  it('a token the identity emulator did not sign is refused', async () => {
    const token = await appToken();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const res = await call<GraphErrorShape>(graph.url, '/v1.0/users', { token: forged });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
  });
});
