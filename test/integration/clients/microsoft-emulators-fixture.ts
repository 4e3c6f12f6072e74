/**
 * The identity and Graph emulators on spare HTTPS ports, seeded with the local tenant (admin
 * consent given), a second tenant nobody consented in, the backend's app registration (secret and
 * certificate) and the add-in's public client, for the Graph client tests.
 */
import { createCA } from 'mkcert';
import { readDevCerts } from '../../../scripts/dev-certs';
import { LOCAL_APP, type MicrosoftConfig } from '../../../src/server/config';
import { createGraphEmulator, type GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { defaultDirectory, otherDirectory } from '../../../src/emulators/shared/directory';

export const TENANT = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const UNCONSENTED_TENANT = otherDirectory();
export const API_ID_URI = `api://localhost:3000/${LOCAL_APP.backendClientId}`;

export interface MicrosoftFixture {
  readonly identity: IdentityEmulator;
  readonly graph: GraphEmulator;
  /** The backend's Microsoft settings, with the given credential. */
  config(credential: 'secret' | 'certificate' | { clientSecret: string }): MicrosoftConfig;
  /** A user's access token for our API, as the add-in would send it (password grant). */
  userApiToken(userIndex?: number): Promise<string>;
  fault(target: 'graph' | 'identity', rule: Record<string, unknown>): Promise<void>;
  faultCounters(target: 'graph' | 'identity'): Promise<{ injected: number; delayed: number }>;
  /** Token requests the identity emulator answered, by grant type. */
  tokenCounts(): Promise<Record<string, number>>;
}

export function useMicrosoftEmulators(): MicrosoftFixture {
  let identity: IdentityEmulator | undefined;
  let graph: GraphEmulator | undefined;
  let certificate = '';
  let certificateKey = '';
  const urlOf = (target: 'graph' | 'identity') => (target === 'graph' ? fixture.graph.url : fixture.identity.url);

  const fixture: MicrosoftFixture = {
    get identity() {
      if (!identity) throw new Error('the emulators start in beforeAll');
      return identity;
    },
    get graph() {
      if (!graph) throw new Error('the emulators start in beforeAll');
      return graph;
    },
    config(credential) {
      return {
        clientId: LOCAL_APP.backendClientId,
        authorityHost: fixture.identity.url,
        knownAuthorities: [new URL(fixture.identity.url).host],
        graphBaseUrl: fixture.graph.url,
        apiAudiences: [API_ID_URI, LOCAL_APP.backendClientId],
        apiScope: `${API_ID_URI}/access_as_user`,
        allowedTenants: [],
        allowedClientIds: [LOCAL_APP.addinClientId],
        credential:
          credential === 'secret'
            ? { clientSecret: LOCAL_APP.backendClientSecret }
            : credential === 'certificate'
              ? { certificate, certificatePrivateKey: certificateKey }
              : credential,
      };
    },
    async userApiToken(userIndex = 1) {
      const user = TENANT.users[userIndex];
      if (!user) throw new Error(`no user ${userIndex}`);
      const res = await fetch(`${fixture.identity.url}/${TENANT.id}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: LOCAL_APP.addinClientId,
          username: user.userPrincipalName,
          password: user.password,
          scope: `${API_ID_URI}/access_as_user`,
        }).toString(),
      });
      const body = (await res.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`no API token: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async fault(target, rule) {
      const res = await fetch(`${urlOf(target)}/_emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(rule),
      });
      if (res.status !== 201) throw new Error(`fault not accepted: ${res.status} ${await res.text()}`);
    },
    async faultCounters(target) {
      const res = await fetch(`${urlOf(target)}/_emulator/faults`);
      return ((await res.json()) as { counters: { injected: number; delayed: number } }).counters;
    },
    async tokenCounts() {
      const res = await fetch(`${fixture.identity.url}/_emulator/stats`);
      return ((await res.json()) as { tokens: Record<string, number> }).tokens;
    },
  };

  beforeAll(async () => {
    const tls = readDevCerts();
    const ca = await createCA({
      organization: 'Backend credential (test)',
      countryCode: 'US',
      state: 'Local',
      locality: 'Local',
      validity: 30,
    });
    certificate = ca.cert;
    certificateKey = ca.key;
    identity = createIdentityEmulator({
      tls: { key: tls.key, cert: tls.cert },
      tenants: [TENANT, UNCONSENTED_TENANT],
      applications: [
        {
          clientId: LOCAL_APP.backendClientId,
          displayName: 'Webex Scheduler backend',
          homeTenantId: TENANT.id,
          signInAudience: 'AzureADMultipleOrgs',
          clientSecrets: [LOCAL_APP.backendClientSecret],
          certificates: [certificate],
          identifierUris: [API_ID_URI],
          scopes: ['access_as_user'],
          preAuthorizedApplications: [{ appId: LOCAL_APP.addinClientId, scopes: ['access_as_user'] }],
          requiredResourceAccess: [
            {
              resource: 'https://graph.microsoft.com',
              delegated: ['User.Read', 'Calendars.ReadWrite'],
              application: ['User.Read.All', 'Directory.Read.All', 'Calendars.ReadWrite'],
            },
          ],
        },
        {
          clientId: LOCAL_APP.addinClientId,
          displayName: 'Webex Scheduler add-in',
          homeTenantId: TENANT.id,
          signInAudience: 'AzureADMultipleOrgs',
          allowPublicClient: true,
          redirectUris: { spa: ['https://localhost:3000/taskpane.html'] },
          requiredResourceAccess: [{ resource: LOCAL_APP.backendClientId, delegated: ['access_as_user'] }],
        },
      ],
      adminConsents: [
        { tenantId: TENANT.id, clientId: LOCAL_APP.backendClientId },
        { tenantId: TENANT.id, clientId: LOCAL_APP.addinClientId },
      ],
    });
    const identityUrl = await identity.listen(0);
    graph = createGraphEmulator({ tls: { key: tls.key, cert: tls.cert }, tenants: [TENANT, UNCONSENTED_TENANT], identityUrl });
    await graph.listen(0);
  });

  beforeEach(async () => {
    for (const target of ['graph', 'identity'] as const) await fetch(`${urlOf(target)}/_emulator/faults`, { method: 'DELETE' });
  });

  afterAll(async () => {
    await graph?.close();
    await identity?.close();
  });

  return fixture;
}
