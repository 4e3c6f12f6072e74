/**
 * The Teams calling tab's backend as the tests run it: the identity emulator seeded with the
 * product's registrations plus the Teams additions (teams-registration.ts), the Graph emulator
 * checking tokens against it, and the backend app in-process on a free port with an in-memory
 * PGlite store and its log lines kept — everything the tab talks to, without the browser.
 *
 * The tab's SSO token is what Teams would get for it: the password grant with Teams' web client
 * id, for the backend's access_as_user scope (pre-authorized, so no consent).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { readDevCerts } from '../../../scripts/dev-certs';
import { createGraphEmulator, type GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import { GRAPH_APP_ID } from '../../../src/emulators/identity/graph-permissions';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../../src/emulators/identity/product-registrations';
import { TEAMS_CALLING_GRAPH_PERMISSIONS, TEAMS_CLIENT_IDS, withTeamsCalling } from '../../../src/emulators/identity/teams-registration';
import { defaultDirectory, otherDirectory, type DirectoryTenant, type DirectoryUser } from '../../../src/emulators/shared/directory';
import { buildApp, type AppDeps } from '../../../src/server/app';
import { composeAppServices } from '../../../src/server/compose';
import { LOCAL_APP, loadConfig, type Config } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logging/create-logger';
import { openStore, type Store } from '../../../src/server/store';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { WebexOAuth } from '../../../src/server/webex/webex-oauth';
import { freePort } from '../../../scripts/bench/free-port';
import { recordRequests, type RequestLog } from '../../../scripts/bench/request-log';

export const CONTOSO = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const FABRIKAM = otherDirectory();
export const [ADELE, ALEX, MEGAN, IRINA] = CONTOSO.users as [DirectoryUser, DirectoryUser, DirectoryUser, DirectoryUser];

export interface StackAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  bytes: Buffer;
}

export interface TeamsStack {
  identity: IdentityEmulator;
  graph: GraphEmulator;
  /** Every request the Graph emulator was sent (not its /_emulator/ control surface), as it received it. */
  graphRequests: RequestLog;
  store: Store;
  config: Config;
  app: FastifyInstance;
  /** http://localhost:<port> */
  url: string;
  /** Where the tab is served (the add-in's origin in the config). */
  tabBaseUrl: string;
  logLines: string[];
  /** The SSO token Teams gets for the tab. */
  ssoToken(user: DirectoryUser): Promise<string>;
  /** Grants the tab's Graph permissions tenant-wide, as an admin consenting for the organization would. */
  grantAdminConsent(tenantId?: string): void;
  /** Revokes every grant of the backend app in the tenant (admin and users'). */
  revokeConsent(tenantId?: string): void;
  api<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<StackAnswer<T>>;
  close(): Promise<void>;
}

export interface TeamsStackOptions {
  tenants?: DirectoryTenant[];
  adjustDeps?: (deps: AppDeps) => void;
  /** The port the tab's pages are served on, by a server the caller already listens with (default: a free port, for the API tests that serve no pages). */
  tabPort?: number;
}

export async function startTeamsStack(options: TeamsStackOptions = {}): Promise<TeamsStack> {
  const tls = readDevCerts();
  const tenants = options.tenants ?? [CONTOSO, FABRIKAM];
  const [port, addinPort] = [await freePort(), options.tabPort ?? (await freePort())];
  const url = `http://localhost:${port}`;
  const tabBaseUrl = `https://localhost:${addinPort}`;

  const identity = createIdentityEmulator({
    tls,
    tenants,
    applications: withTeamsCalling(
      productRegistrations({
        tenantId: CONTOSO.id,
        backendClientId: LOCAL_APP.backendClientId,
        backendClientSecret: LOCAL_APP.backendClientSecret,
        addinClientId: LOCAL_APP.addinClientId,
        addinBaseUrl: tabBaseUrl,
        backendBaseUrl: url,
      }),
      { backendClientId: LOCAL_APP.backendClientId, tabBaseUrl },
    ),
  });
  await identity.listen();
  const graph = createGraphEmulator({ tls, tenants, identityUrl: identity.url });
  const graphRequests = recordRequests(graph.app);
  await graph.listen();

  const config = loadConfig({
    PORT: String(port),
    ADDIN_PORT: String(addinPort),
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    GRAPH_EMULATOR_PORT: new URL(graph.url).port,
    // Not used by the tab's routes: a port nothing listens on.
    WEBEX_EMULATOR_PORT: '9',
    DATA_DIR: '/nonexistent-data-dir-not-used',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
  });
  const store = await openStore({ ...config, inMemory: true });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  // The app's services as main.ts composes them (no sync engine), with a Webex client that does not retry.
  const deps: AppDeps = composeAppServices(config, store, {
    logger,
    clock: () => new Date(),
    clients: {
      webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, maxRetries: 0 }),
      webexOAuth: new WebexOAuth({
        baseUrl: config.webex.apiBaseUrl,
        clientId: config.webex.clientId,
        clientSecret: config.webex.clientSecret,
        redirectUri: `${url}/auth/webex/callback`,
        scopes: config.webex.scopes,
      }),
    },
  });
  options.adjustDeps?.(deps);
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port });

  const graphDelegated = { [GRAPH_APP_ID]: [...TEAMS_CALLING_GRAPH_PERMISSIONS] };
  return {
    identity,
    graph,
    graphRequests,
    store,
    config,
    app,
    url,
    tabBaseUrl,
    logLines,
    async ssoToken(user) {
      const tenantId = tenants.find((t) => t.users.includes(user))?.id ?? CONTOSO.id;
      const res = await fetch(`${identity.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: TEAMS_CLIENT_IDS.web,
          username: user.userPrincipalName,
          password: user.password,
          scope: config.microsoft.apiScope,
        }),
      });
      const json = (await res.json()) as { access_token?: string; error_description?: string };
      if (!json.access_token) throw new Error(`no SSO token: ${json.error_description}`);
      return json.access_token;
    },
    grantAdminConsent(tenantId = CONTOSO.id) {
      identity.state.grantAdminConsent(tenantId, LOCAL_APP.backendClientId, { delegated: graphDelegated });
    },
    revokeConsent(tenantId = CONTOSO.id) {
      identity.state.revokeConsents(tenantId, LOCAL_APP.backendClientId);
    },
    async api(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, body, redirect: 'manual' });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      const json = (res.headers.get('content-type') ?? '').includes('application/json') && text !== '';
      return { status: res.status, headers: res.headers, body: (json ? JSON.parse(text) : text) as never, bytes };
    },
    async close() {
      await app.close();
      await store.close();
      await graph.close();
      await identity.close();
    },
  };
}

export interface ErrorAnswer {
  error: { code: string; message: string; requestId: string };
}
