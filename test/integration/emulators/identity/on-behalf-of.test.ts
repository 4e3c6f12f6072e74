import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import type { IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import {
  ADDIN_ID,
  ALEX,
  API_SCOPE,
  BACKEND_ID,
  CONTOSO,
  MEGAN,
  expectAadsts,
  localApplications,
  makeClientCertificate,
  msalAuthority,
  startIdentityEmulator,
  verifyToken,
  type ClientCertificate,
} from './identity-fixture';

const GRAPH_SCOPES = ['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/Calendars.ReadWrite'];

let emulator: IdentityEmulator;
let certificate: ClientCertificate;

beforeAll(async () => {
  certificate = await makeClientCertificate();
  emulator = await startIdentityEmulator({ applications: localApplications([certificate.cert]) });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => emulator.reset());

const addin = () => new PublicClientApplication({ auth: { clientId: ADDIN_ID, ...msalAuthority(emulator) } });
const backend = () =>
  new ConfidentialClientApplication({
    auth: {
      clientId: BACKEND_ID,
      ...msalAuthority(emulator),
      clientCertificate: { thumbprintSha256: certificate.thumbprintSha256, privateKey: certificate.key },
    },
  });

async function addinToken(user = MEGAN): Promise<string> {
  const result = await addin().acquireTokenByUsernamePassword({
    scopes: [API_SCOPE],
    username: user.userPrincipalName,
    password: user.password,
  });
  return result!.accessToken;
}

describe('password grant and on-behalf-of with @azure/msal-node', () => {
  it('gives the add-in a v2.0 token for the backend API when a seeded user signs in with a password', async () => {
    const result = await addin().acquireTokenByUsernamePassword({
      scopes: [API_SCOPE],
      username: MEGAN.userPrincipalName,
      password: MEGAN.password,
    });
    expect(result?.account?.username).toBe(MEGAN.userPrincipalName);
    expect(result?.account?.tenantId).toBe(CONTOSO.id);
    expect(result?.idTokenClaims).toEqual(expect.objectContaining({ oid: MEGAN.id, aud: ADDIN_ID, ver: '2.0' }));
    const claims = await verifyToken(emulator, result!.accessToken);
    expect(claims).toEqual(
      expect.objectContaining({
        aud: BACKEND_ID,
        iss: emulator.issuer(CONTOSO.id, 2),
        ver: '2.0',
        scp: 'access_as_user',
        azp: ADDIN_ID,
        azpacr: '0',
        oid: MEGAN.id,
        tid: CONTOSO.id,
        preferred_username: MEGAN.userPrincipalName,
        name: MEGAN.displayName,
      }),
    );
    expect(typeof claims.nbf).toBe('number');
  });

  it('refuses a wrong password with AADSTS50126 and an unknown account with AADSTS50034', async () => {
    const attempt = (username: string, password: string) =>
      addin().acquireTokenByUsernamePassword({ scopes: [API_SCOPE], username, password });
    expect(await expectAadsts(attempt(MEGAN.userPrincipalName, 'wrong'))).toBe('AADSTS50126');
    expect(await expectAadsts(attempt(`nobody@${CONTOSO.verifiedDomains[0]}`, 'x'))).toBe('AADSTS50034');
  });

  it('refuses the password grant without a client secret for a confidential client with AADSTS7000218', async () => {
    const res = await fetch(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: BACKEND_ID,
        username: ALEX.userPrincipalName,
        password: ALEX.password,
        scope: 'openid',
      }),
    });
    expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([7000218]);
  });

  it('exchanges the add-in token for a Graph token as the same user once the user has consented', async () => {
    const assertion = await addinToken();
    expect(await expectAadsts(backend().acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: GRAPH_SCOPES }))).toBe('AADSTS65001');

    const consent = await fetch(`${emulator.url}/_emulator/consents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantId: CONTOSO.id,
        clientId: BACKEND_ID,
        userId: MEGAN.id,
        resource: 'https://graph.microsoft.com',
        scopes: ['User.Read', 'Calendars.ReadWrite'],
      }),
    });
    expect(consent.status).toBe(201);
    const result = await backend().acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: GRAPH_SCOPES });
    const claims = await verifyToken(emulator, result!.accessToken);
    expect(claims).toEqual(
      expect.objectContaining({
        aud: 'https://graph.microsoft.com',
        iss: emulator.issuer(CONTOSO.id, 1),
        ver: '1.0',
        oid: MEGAN.id,
        upn: MEGAN.userPrincipalName,
        appid: BACKEND_ID,
        appidacr: '2',
        idtyp: 'user',
      }),
    );
    expect((claims.scp as string).split(' ').sort()).toEqual(['Calendars.ReadWrite', 'User.Read']);
  });

  it('covers every user of the tenant once the admin has consented', async () => {
    emulator.grantAdminConsent(CONTOSO.id, BACKEND_ID);
    const result = await backend().acquireTokenOnBehalfOf({
      oboAssertion: await addinToken(ALEX),
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const claims = await verifyToken(emulator, result!.accessToken);
    expect(claims.oid).toBe(ALEX.id);
    // Everything the registration asks for, the delegate check's sharing permission and basic profiles included.
    expect((claims.scp as string).split(' ').sort()).toEqual([
      'Calendars.ReadWrite',
      'Calendars.ReadWrite.Shared',
      'User.Read',
      'User.ReadBasic.All',
    ]);
  });

  it('returns a refresh token with the on-behalf-of token when offline_access is asked', async () => {
    emulator.grantAdminConsent(CONTOSO.id, BACKEND_ID);
    const res = await fetch(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        client_id: BACKEND_ID,
        client_secret: 'local-backend-secret',
        assertion: await addinToken(),
        scope: 'https://graph.microsoft.com/User.Read offline_access',
      }),
    });
    const body = (await res.json()) as { refresh_token?: string; scope?: string };
    expect(res.status).toBe(200);
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.scope).toBe('User.Read');
  });

  it('refuses an expired assertion with AADSTS500133', async () => {
    emulator.grantAdminConsent(CONTOSO.id, BACKEND_ID);
    const assertion = await addinToken();
    emulator.setClockOffset(3601);
    expect(await expectAadsts(backend().acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: GRAPH_SCOPES }))).toBe('AADSTS500133');
  });

  it('refuses an assertion issued for another audience with AADSTS500131', async () => {
    emulator.grantAdminConsent(CONTOSO.id, BACKEND_ID);
    const graphToken = (await backend().acquireTokenOnBehalfOf({ oboAssertion: await addinToken(), scopes: GRAPH_SCOPES }))!.accessToken;
    expect(await expectAadsts(backend().acquireTokenOnBehalfOf({ oboAssertion: graphToken, scopes: GRAPH_SCOPES }))).toBe('AADSTS500131');
  });

  it('refuses an assertion whose signature was tampered with with AADSTS50013', async () => {
    const [h, p, s] = (await addinToken()).split('.');
    const tampered = `${h}.${p}.${s!.slice(0, -4)}AAAA`;
    expect(await expectAadsts(backend().acquireTokenOnBehalfOf({ oboAssertion: tampered, scopes: GRAPH_SCOPES }))).toBe('AADSTS50013');
  });
});
