/**
 * The test world: the outside services the backend talks to, its database and the backend itself,
 * started together for a suite and stopped with one close(). The integration suites that run the
 * backend start it here (their stack files in test/integration/admin, server, sync and teams add
 * what is theirs on top), so that the tests put the backend together in this one place, as
 * src/server/main.ts does for production. The benchmark (scripts/bench/) starts its emulators here
 * too, which is why the world lives under scripts/: it imports nothing of test/ or scripts/bench/.
 *
 * - the identity emulator, seeded with `tenants` and the product's app registrations
 *   (src/emulators/identity/product-registrations.ts), optionally the Teams calling tab's additions,
 *   the backend's certificate (admin mode's client assertions) and a pre-granted admin consent;
 * - the Graph and Webex emulators, unless switched off (their ports are then one nothing listens on),
 *   with the settings a suite or the bench gives them (notification delivery, throttling, the
 *   subscription lifetime, Graph's clock; Webex's service tokens, creation limits, integrations);
 *   every request they are sent is recorded (graphRequests, webexRequests);
 *   `emulators: false` starts none, for a production configuration given in `env`;
 * - the database: PGlite, or a schema of its own on the TEST_DATABASE_URL server
 *   (databases.ts), dropped on close; the tenant's mode written in it first;
 * - the backend, by default in this process, built by the composition root (src/server/compose.ts)
 *   as main.ts builds it: with `sync`, composeBackend's whole backend (the job queue, the sync
 *   engine, the app with the Graph receiver on its /graph; its workers and inbox drainer started
 *   once it listens); without, buildApp on composeAppServices' services. Either way the real
 *   outbound clients (Graph and Webex giving up sooner), listening on a free port of 127.0.0.1, its
 *   clock movable and its log lines kept. With `backend: 'process'` it is src/server/main.ts
 *   itself, as `npm start` runs it. With `backend: 'none'` the caller starts its own backend
 *   processes (two replicas, the bench's) with backendEnv and seedStore: the world's port, its
 *   database, its token key, the tenant's mode, the users' Webex grants.
 *
 *   const world = await startWorld({ tenants: [CONTOSO, FABRIKAM], graph: false });
 *   const token = await world.userToken(ALEX);
 *   const answer = await world.api('GET', '/api/me', { token });
 *   await world.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readDevCerts } from '../dev-certs';
import { startBackendProcess, type BackendProcess } from './backend-process';
import { freePort } from './free-port';
import { recordRequests, type RequestLog } from './request-log';
import { createGraphEmulator, type GraphEmulator, type GraphEmulatorOptions } from '../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, type IdentityEmulator } from '../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../src/emulators/identity/product-registrations';
import { withTeamsCalling } from '../../src/emulators/identity/teams-registration';
import { defaultDirectory, otherDirectory, type DirectoryTenant, type DirectoryUser } from '../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator, type WebexEmulatorOptions } from '../../src/emulators/webex/webex-emulator';
import type { WebexIntegrationSeed } from '../../src/emulators/webex/token-store';
import { buildApp, type AppDeps } from '../../src/server/app';
import { composeAppServices, composeBackend, type AppServices, type Clients, type World as BackendWorld } from '../../src/server/compose';
import { LOCAL_APP, loadConfig, type Config, type Env } from '../../src/server/config';
import { createAppOnlyTokenProvider, GraphClient } from '../../src/server/graph';
import type { JobQueue } from '../../src/server/jobs';
import { createLogger } from '../../src/server/logging/create-logger';
import { openStore, type Store } from '../../src/server/store';
import type { SyncContext, SyncOptions, SyncWorkers } from '../../src/server/sync';
import type { GraphAccess } from '../../src/server/sync/graph-access';
import { WebexClient } from '../../src/server/webex/webex-client';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from './databases';
import { hiddenInputs } from './emulator-pages';
import { linkResultOf } from './webex-link-result';

/** The local organization (the launcher's seed) and the other one, as src/emulators/shared/directory.ts seeds them. */
export const CONTOSO: DirectoryTenant = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const FABRIKAM: DirectoryTenant = otherDirectory();

/** The user of `tenant` with that given name (throws when there is none). */
export function userNamed(tenant: DirectoryTenant, givenName: string): DirectoryUser {
  const user = tenant.users.find((u) => u.givenName === givenName);
  if (!user) throw new Error(`no ${givenName} in ${tenant.displayName}`);
  return user;
}

/** The add-in's manifest <Id>: its custom properties carry the sync engine's marker (the tests', the bench's). */
export const ADDIN_ID = 'e11830dd-13a2-4b11-9012-8e90508d3f44';

type Registrations = ReturnType<typeof productRegistrations>;

export interface WorldOptions {
  /** No emulators at all (default: they run): `env` then names the services (e.g. a production configuration). */
  emulators?: false;
  /** Tenants of the emulators (default Contoso only). The first is the product's home tenant. */
  tenants?: DirectoryTenant[];
  /** Identity emulator: what is registered and granted beyond the product's registrations. */
  identity?: {
    /** Contoso's admin has consented to the backend and the add-in already (default false). */
    adminConsent?: boolean;
    /** The backend signs client assertions with the dev certificate (MS_CLIENT_CERTIFICATE), as admin mode does. */
    backendCertificate?: boolean;
    /** The backend's registration also serves the Teams calling tab (teams-registration.ts). */
    teamsCalling?: boolean;
    /** Changes to the registrations, or more of them. */
    adjustRegistrations?: (registrations: Registrations) => Registrations;
  };
  /**
   * The Graph emulator (default on), and its settings: notification delivery, throttling, the
   * longest subscription lifetime, its clock (`now`, the bench's simulated one), or tokens verified
   * with a key of the suite's own instead of the identity emulator's (`verifyAccessToken`).
   */
  graph?:
    | boolean
    | Pick<
        GraphEmulatorOptions,
        'notifications' | 'validateEndpoint' | 'throttling' | 'maxSubscriptionMinutes' | 'now' | 'verifyAccessToken'
      >;
  /**
   * The Webex emulator (default on): the organizations' service tokens it knows, its limits on
   * meeting creation, and the integrations registered with it (default: the product's, as the
   * backend's config names it, redirecting to the backend's /auth/webex/callback).
   */
  webex?: boolean | Pick<WebexEmulatorOptions, 'serviceTokens' | 'limits' | 'integrations'>;
  /** The port the add-in (or the Teams tab) is served on, when a suite serves it (default 3000, or a free one with `addin`). */
  addinPort?: number;
  /**
   * Serve the add-in: webpack's dev server as a child process (`webpack serve`, as `npm start` runs
   * it) with the task pane, the function file, the launch-event page, manifest.xml and the Outlook
   * dev host, pointed at this world (default false). Its first build takes a minute or two.
   */
  addin?: boolean;
  /** PGlite (default: in memory, or in a temporary DATA_DIR for a backend process), or a schema of its own on TEST_DATABASE_URL. */
  database?: 'pglite' | 'postgres';
  /**
   * The backend in this process (default: built by src/server/compose.ts, as main.ts builds it), or as a process of its own
   * (src/server/main.ts itself, as `npm start` runs it: only its HTTP surface is reachable, through
   * `url` and `process`; the options that change the app's parts do not apply), or none: the
   * caller starts its backends (replicas, the bench's process) with `backendEnv`, seeded with `seedStore`.
   */
  backend?: 'in-process' | 'process' | 'none';
  /** The backend's public base URL (PUBLIC_BASE_URL), when it is not its own port's (a load balancer in front of replicas). */
  publicUrl?: string;
  /** More environment for loadConfig (LOG_LEVEL, RATE_LIMIT_PER_MINUTE, ALLOWED_TENANTS...). */
  env?: Env;
  /** Changes to the resolved config before the backend is built. */
  adjustConfig?: (config: Config) => void;
  /** The first tenant's mode, written in the store before the backend starts (default: none written). */
  mode?: 'admin' | 'individual';
  /** Where the backend gets users' Webex tokens: their stored grants (default), or issued by the Webex emulator on demand. */
  webexTokens?: 'stored' | 'emulator';
  /** Graph client retries of the backend (default 1). */
  graphRetries?: number;
  /** The backend's clock (default: the time, moved by setClockOffsetMs). */
  clock?: () => Date;
  /** The sync engine beside the app (default off). */
  sync?: {
    options?: Partial<SyncOptions>;
    /** Start the workers and the inbox's drainer (default true); without, nothing drains the inbox but the test. */
    workers?: boolean;
    /** Test hook of the sync engine (throwing simulates a crash). */
    checkpoint?: (step: string) => void | Promise<void>;
  };
  /** Changes to what buildApp is given (the emulators and the store are ready by then); the sync engine keeps the services as composed. */
  adjustDeps?: (deps: AppDeps, world: WorldServices) => void;
  /** Called with the app before it listens (hooks of the suite's own). */
  adjustApp?: (app: FastifyInstance) => void | Promise<void>;
}

/** The emulators, store and config: everything before the backend. */
export interface WorldServices {
  /** Undefined when there are no emulators (emulators: false). */
  identity: IdentityEmulator | undefined;
  /** Undefined when switched off (graph: false). */
  graph: GraphEmulator | undefined;
  /** Undefined when switched off (webex: false). */
  webex: WebexEmulator | undefined;
  store: Store;
  config: Config;
}

/** Where a backend process of this world listens and keeps its data. */
export interface BackendSettings {
  /** Default: the world's port (that of `url`). */
  port?: number;
  /** PGlite's home (DATA_DIR; default: a temporary directory of the world's, removed on close). */
  dataDir?: string;
  /** A database of its own (default: the world's schema on TEST_DATABASE_URL with `database: 'postgres'`, else PGlite in dataDir). */
  databaseUrl?: string;
  /** More environment (RATE_LIMIT_PER_MINUTE, BACKEND_REPLICAS...). */
  env?: Record<string, string>;
}

/** A user's Webex tokens, as linking Webex stores them. */
export interface SeededWebexTokens {
  accessToken: string;
  refreshToken: string;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: T;
  text: string;
  bytes: Buffer;
}

export interface RequestOptions {
  /** Bearer token. */
  token?: string;
  /** Sent as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface World {
  /** Throws when the world has no emulators. */
  identity: IdentityEmulator;
  /** Throws when the world has no Graph emulator. */
  graph: GraphEmulator;
  /** Throws when the world has no Webex emulator. */
  webex: WebexEmulator;
  /** Every request the Graph emulator was sent (not its /_emulator/ control surface). */
  graphRequests: RequestLog;
  /** Every request the Webex emulator was sent (not its /_emulator/ control surface). */
  webexRequests: RequestLog;
  tenants: DirectoryTenant[];
  /** The backend's store (in-process backend only). */
  store: Store;
  config: Config;
  /** The backend app (in-process backend only). */
  app: FastifyInstance;
  /** http://localhost:<port>, the backend's public base URL. */
  url: string;
  /** Where the add-in or the tab is (or would be) served (https://localhost:<addinPort>). */
  addinBaseUrl: string;
  /** The Outlook dev host page of the served add-in (`addin`), in Berlin's time zone unless `params` say otherwise. */
  devhostUrl(params?: Record<string, string>): string;
  /** Every line the backend logged. */
  logLines: string[];
  /** Graph with the tenants' app-only tokens, as the backend has it. */
  appGraph: GraphClient;
  /** Mailbox access as the backend and its sync engine see it. */
  graphAccess: GraphAccess;
  /** The sync engine (only with `sync`). */
  sync: { ctx: SyncContext; queue: JobQueue; workers: SyncWorkers } | undefined;
  /** The backend process (only with `backend: 'process'`): its output, /metrics, kill -9. */
  process: BackendProcess;
  /**
   * The environment of a backend process on this world (src/server/main.ts's, local mode): the
   * emulators' ports, the world's token key (every backend of the world can read the others'
   * tokens), its database, LOG_LEVEL at least info (the process says where it listens at info).
   */
  backendEnv(settings?: BackendSettings): Record<string, string>;
  /** That backend's configuration, as loadConfig reads it from backendEnv. */
  backendConfig(settings?: BackendSettings): Config;
  /**
   * Writes in that backend's database before it starts: the first tenant's `mode` (when given), the
   * users, and a Webex grant for each issued by the Webex emulator (as linking Webex leaves them).
   * Returns the tokens it stored, by user id, for tests that look for them where they must not be.
   */
  seedStore(settings: BackendSettings, users?: readonly DirectoryUser[]): Promise<Map<string, SeededWebexTokens>>;
  /** Moves the backend's clock (the emulators' are moved separately). */
  setClockOffsetMs(ms: number): void;
  /** An access token for our API, as the add-in gets it (password grant; another client id, e.g. Teams', or scope if given). */
  userToken(user: DirectoryUser, options?: { clientId?: string; scope?: string }): Promise<string>;
  /** The user's Webex token issued by the emulator (cached; forgetWebexToken drops it). */
  webexToken(user: DirectoryUser): Promise<string>;
  forgetWebexToken(user: DirectoryUser): void;
  /** Calls the backend (or `base`) over HTTP, redirects not followed. */
  api<T = unknown>(method: string, path: string, options?: RequestOptions, base?: string): Promise<HttpAnswer<T>>;
  /**
   * Links the user's Webex account through the whole browser flow, as `user` in Webex; returns the
   * final page. Unless `complete` is false, the page's completion code is then sent with `token`, as
   * the add-in does (POST /api/webex/link/complete), and that answer is `completed`.
   */
  linkWebex(
    token: string,
    user: DirectoryUser,
    options?: { decision?: 'accept' | 'decline'; complete?: boolean },
  ): Promise<HttpAnswer<string> & { completed?: HttpAnswer<{ status?: string; email?: string; error?: { code: string } }> }>;
  /** Retries `check` until it passes (or `timeoutMs` has passed), delivering Graph's pending notifications before each try. */
  until<T>(check: () => Promise<T> | T, timeoutMs?: number): Promise<T>;
  /**
   * Another app on the same emulators and store, built from a changed config (as a second
   * deployment would be), listening on a port of its own. Closed with the world.
   */
  variant(options: Pick<WorldOptions, 'adjustConfig' | 'adjustDeps'>): Promise<Pick<World, 'app' | 'url' | 'api'>>;
  close(): Promise<void>;
}

/** A fetch answer read whole: JSON parsed when it is JSON. */
export async function answerOf<T>(res: Response): Promise<HttpAnswer<T>> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  const json = (res.headers.get('content-type') ?? '').includes('application/json') && text !== '';
  return { status: res.status, headers: res.headers, body: (json ? JSON.parse(text) : text) as T, text, bytes };
}

const root = join(__dirname, '..', '..');

/** A port nothing listens on, for a service the world does not start. */
const NOBODY = '9';

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    return await assemble(options, closers, close);
  } catch (thrown) {
    await close().catch(() => undefined);
    throw thrown;
  }
}

interface Emulators {
  identity?: IdentityEmulator;
  graph?: GraphEmulator;
  graphRequests?: RequestLog;
  webex?: WebexEmulator;
  webexRequests?: RequestLog;
  /** The backend's environment, pointed at them. */
  env: Env;
}

/** The emulators the options ask for, seeded with the tenants and the product's registrations. */
async function startEmulators(
  options: WorldOptions,
  at: { tenants: DirectoryTenant[]; url: string; addinBaseUrl: string; env: Env },
  closers: Array<() => Promise<unknown>>,
): Promise<Emulators> {
  const { tenants, url, addinBaseUrl } = at;
  const home = tenants[0] as DirectoryTenant;
  const tls = readDevCerts();
  const identityOptions = options.identity ?? {};

  let registrations = productRegistrations({
    tenantId: home.id,
    backendClientId: LOCAL_APP.backendClientId,
    backendClientSecret: LOCAL_APP.backendClientSecret,
    addinClientId: LOCAL_APP.addinClientId,
    addinBaseUrl,
    backendBaseUrl: url,
    ...(identityOptions.backendCertificate ? { backendCertificates: [tls.cert] } : {}),
  });
  if (identityOptions.teamsCalling)
    registrations = withTeamsCalling(registrations, { backendClientId: LOCAL_APP.backendClientId, tabBaseUrl: addinBaseUrl });
  if (identityOptions.adjustRegistrations) registrations = identityOptions.adjustRegistrations(registrations);
  const identity = createIdentityEmulator({
    tls,
    tenants,
    applications: registrations,
    adminConsents: identityOptions.adminConsent
      ? [
          { tenantId: home.id, clientId: LOCAL_APP.backendClientId },
          { tenantId: home.id, clientId: LOCAL_APP.addinClientId },
        ]
      : [],
  });
  await identity.listen();
  closers.push(() => identity.close());

  let graph: GraphEmulator | undefined;
  let graphRequests: RequestLog | undefined;
  if (options.graph !== false) {
    const settings = typeof options.graph === 'object' ? options.graph : {};
    graph = createGraphEmulator({ tls, tenants, identityUrl: identity.url, ...settings });
    graphRequests = recordRequests(graph.app);
    await graph.listen();
    closers.push(() => (graph as GraphEmulator).close());
  }

  const env: Env = {
    ...at.env,
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    GRAPH_EMULATOR_PORT: graph ? new URL(graph.url).port : NOBODY,
    WEBEX_EMULATOR_PORT: NOBODY,
    ...(identityOptions.backendCertificate ? { MS_CLIENT_CERTIFICATE: tls.cert, MS_CLIENT_CERTIFICATE_KEY: tls.key } : {}),
    ...options.env,
  };

  let webex: WebexEmulator | undefined;
  let webexRequests: RequestLog | undefined;
  if (options.webex !== false) {
    const settings = typeof options.webex === 'object' ? options.webex : {};
    webex = createWebexEmulator({
      tls,
      directories: tenants,
      integrations: settings.integrations ?? [productIntegration(env, url)],
      serviceTokens: settings.serviceTokens ?? [],
      limits: settings.limits,
    });
    webexRequests = recordRequests(webex.app);
    await webex.listen();
    closers.push(() => (webex as WebexEmulator).close());
    env.WEBEX_EMULATOR_PORT = new URL(webex.url).port;
  }
  return { identity, graph, graphRequests, webex, webexRequests, env };
}

/** The product's Webex integration as the backend's config names it (WEBEX_CLIENT_ID and its secret may be set in `env`). */
function productIntegration(env: Env, url: string): WebexIntegrationSeed {
  const draft = loadConfig(env);
  return {
    clientId: draft.webex.clientId,
    clientSecret: draft.webex.clientSecret,
    redirectUris: [`${url}/auth/webex/callback`],
    scopes: draft.webex.scopes,
    name: 'Webex Scheduler for Outlook',
  };
}

async function assemble(options: WorldOptions, closers: Array<() => Promise<unknown>>, close: () => Promise<void>): Promise<World> {
  const tenants = options.tenants ?? [CONTOSO];
  const home = tenants[0] as DirectoryTenant;
  const port = await freePort();
  const url = options.publicUrl ?? `http://localhost:${port}`;
  const addinPort = options.addinPort ?? (options.addin ? await freePort() : undefined);
  const addinBaseUrl = `https://localhost:${addinPort ?? 3000}`;
  const base: Env = {
    PORT: String(port),
    ...(addinPort ? { ADDIN_PORT: String(addinPort) } : {}),
    DATA_DIR: '/nonexistent-data-dir-not-used',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    ...(options.publicUrl ? { PUBLIC_BASE_URL: options.publicUrl } : {}),
  };
  const emulators: Emulators =
    options.emulators === false
      ? { env: { ...base, ...options.env } }
      : await startEmulators(options, { tenants, url, addinBaseUrl, env: base }, closers);
  const { env } = emulators;
  const config = loadConfig(env);
  options.adjustConfig?.(config);

  const schema = options.database === 'postgres' ? uniqueSchemaName('world') : undefined;
  if (schema && !testDatabaseUrl) throw new Error('a Postgres world needs TEST_DATABASE_URL');
  if (schema) {
    // The store's schema and the job queue's beside it, as DATABASE_SCHEMA names them (src/server/config.ts).
    Object.assign(config, { databaseSchema: schema, jobSchema: `${schema}_jobs` });
    closers.push(() => dropSchemas([schema, config.jobSchema]));
  }
  const seed = seeding({ home, mode: options.mode, webex: emulators.webex });

  if (options.addin) await serveAddin({ env, emulators, addinBaseUrl, closers });
  const common = commonParts({ tenants, emulators, config, url });
  const processes = backendProcessParts({ env, port, schema, seed, closers });
  const parts: WorldParts = { options, tenants, emulators, config, url, addinBaseUrl, common, processes, close };
  if (options.backend === 'none') return worldOf(parts, {});
  if (options.backend === 'process')
    return worldOf(parts, { child: await startChildBackend(processes, { seedFirst: options.mode !== undefined, closers }) });

  const store = await openStore({ ...config, inMemory: true, ...(schema ? { databaseUrl: testDatabaseUrl, schema } : {}) });
  closers.push(() => store.close());
  await seed(store, []);
  return worldOf(parts, {
    inProcess: await startInProcessBackend({ options, emulators, config, url, port, store, closers, common }),
  });
}

/** What every world has, whichever way its backend runs. */
function commonParts(at: { tenants: DirectoryTenant[]; emulators: Emulators; config: Config; url: string }) {
  const { tenants, emulators, config, url } = at;
  const { identity, graph, webex } = emulators;
  const webexTokens = new Map<string, Promise<string>>();
  const webexToken = (user: DirectoryUser): Promise<string> => {
    if (!webex) throw new Error('this world has no Webex emulator');
    let token = webexTokens.get(user.id);
    if (!token) {
      token = fetch(`${webex.url}/_emulator/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.mail, clientId: config.webex.clientId }),
      }).then(async (res) => ((await res.json()) as { access_token: string }).access_token);
      webexTokens.set(user.id, token);
    }
    return token;
  };
  const api = async <T>(method: string, path: string, o: RequestOptions = {}, base = url): Promise<HttpAnswer<T>> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.rawBody;
    if (body === undefined && o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    return answerOf<T>(await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' }));
  };
  const common: Pick<World, 'userToken' | 'webexToken' | 'forgetWebexToken' | 'api' | 'linkWebex' | 'until'> = {
    async userToken(user, o = {}) {
      if (!identity) throw new Error('this world has no emulators');
      const tenantId = (tenants.find((t) => t.users.includes(user)) ?? (tenants[0] as DirectoryTenant)).id;
      const res = await fetch(`${identity.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: o.clientId ?? LOCAL_APP.addinClientId,
          username: user.userPrincipalName,
          password: user.password,
          scope: o.scope ?? config.microsoft.apiScope,
        }),
      });
      const json = (await res.json()) as { access_token?: string; error_description?: string };
      if (!json.access_token) throw new Error(`no token for ${user.userPrincipalName}: ${json.error_description}`);
      return json.access_token;
    },
    webexToken,
    forgetWebexToken: (user) => {
      webexTokens.delete(user.id);
    },
    api,
    async linkWebex(token, user, o = {}) {
      if (!webex) throw new Error('this world has no Webex emulator');
      const link = await api<{ url: string }>('POST', '/api/webex/link', { token });
      if (link.status !== 200) throw new Error(`POST /api/webex/link answered ${link.status}: ${link.text}`);
      const start = await fetch(link.body.url, { redirect: 'manual' });
      const authorize = start.headers.get('location');
      if (start.status !== 302 || !authorize) throw new Error(`the link's start answered ${start.status}`);
      // The Webex sign-in page: choose the person, then the consent page's form.
      const chosen = new URL(authorize);
      chosen.searchParams.set('email', user.mail as string);
      const consent = await fetch(chosen, { redirect: 'manual' });
      const submitted = await fetch(`${webex.url}/v1/authorize`, {
        method: 'POST',
        body: new URLSearchParams({ ...hiddenInputs(await consent.text()), decision: o.decision ?? 'accept' }),
        redirect: 'manual',
      });
      const callback = submitted.headers.get('location');
      if (!callback) throw new Error(`the Webex authorize page answered ${submitted.status} without a redirect`);
      const page = await answerOf<string>(await fetch(callback, { redirect: 'manual' }));
      // The add-in's part: the page's completion code, sent back with the user's token.
      const completion = linkResultOf(page.text).completion;
      if (o.complete === false || !completion) return page;
      const completed = await api<{ status?: string; email?: string; error?: { code: string } }>('POST', '/api/webex/link/complete', {
        token,
        body: { code: completion },
      });
      return { ...page, completed };
    },
    async until(check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await graph?.notifier.flush();
        try {
          return await check();
        } catch (thrown) {
          if (Date.now() > deadline) throw thrown;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    },
  };
  return common;
}

type CommonParts = ReturnType<typeof commonParts>;

/** The backend in this process: its parts of the world. */
type InProcessParts = Pick<World, 'store' | 'app' | 'logLines' | 'appGraph' | 'graphAccess' | 'sync' | 'setClockOffsetMs' | 'variant'>;

async function startInProcessBackend(at: {
  options: WorldOptions;
  emulators: Emulators;
  config: Config;
  url: string;
  port: number;
  store: Store;
  closers: Array<() => Promise<unknown>>;
  common: CommonParts;
}): Promise<InProcessParts> {
  const { options, emulators, config, url, port, store, closers, common } = at;
  const tenants = options.tenants ?? [CONTOSO];
  const logLines: string[] = [];
  const logger = createLogger({ level: config.logLevel, destination: { write: (line: string) => void logLines.push(line) } });
  let clockOffsetMs = 0;
  const clock = options.clock ?? (() => new Date(Date.now() + clockOffsetMs));
  const userOf = (userId: string): DirectoryUser | undefined =>
    tenants.flatMap((t) => t.users).find((u) => u.id.toLowerCase() === userId.toLowerCase());
  const webexAccessToken =
    options.webexTokens === 'emulator'
      ? (_tenantId: string, userId: string) => {
          const user = userOf(userId);
          return user ? common.webexToken(user) : Promise.reject(new Error('not a user of this world'));
        }
      : undefined;
  const services: WorldServices = { identity: emulators.identity, graph: emulators.graph, webex: emulators.webex, store, config };
  /** The clients composeBackend and composeAppServices are given: they give up sooner than production's. */
  const clientsFor = (appConfig: Config, graph: GraphClient): Partial<Clients> => ({
    graph,
    webex: new WebexClient({ baseUrl: appConfig.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }),
    ...(webexAccessToken ? { webexAccessToken } : {}),
  });
  const worldFor = (appConfig: Config, graph: GraphClient): BackendWorld => ({
    logger,
    clock,
    store,
    clients: clientsFor(appConfig, graph),
  });
  /** The world's changes to what buildApp is given (no pauses between consent checks), then the suite's. */
  const adjustDeps = (adjust: WorldOptions['adjustDeps']) => (deps: AppDeps) => {
    deps.consentRetryDelaysMs = [];
    adjust?.(deps, services);
  };
  const graph = new GraphClient({
    baseUrl: config.microsoft.graphBaseUrl,
    tokens: createAppOnlyTokenProvider(config.microsoft),
    maxRetries: options.graphRetries ?? 1,
    maxRetryAfterMs: 2_000,
  });

  // As main.ts: the backend composed by src/server/compose.ts, its workers and inbox drainer started
  // once it listens; without the sync engine, the app on composeAppServices' services.
  let app: FastifyInstance;
  let appServices: AppServices;
  let sync: World['sync'];
  let start: (() => Promise<void>) | undefined;
  if (options.sync) {
    const backend = await composeBackend(config, worldFor(config, graph), {
      sync: { addinId: ADDIN_ID, publicBaseUrl: url, ...options.sync.options },
      ...(options.sync.checkpoint ? { checkpoint: options.sync.checkpoint } : {}),
      pollingIntervalSeconds: 0.5,
      jobDrainTimeoutMs: 2_000,
      adjustAppDeps: adjustDeps(options.adjustDeps),
    });
    closers.push(() => backend.stop());
    app = backend.app;
    appServices = backend.services;
    const { sync: ctx, queue, workers } = backend.services;
    sync = { ctx, queue, workers };
    if (options.sync.workers !== false) start = () => backend.start();
  } else {
    appServices = composeAppServices(config, store, worldFor(config, graph));
    const deps: AppDeps = { ...appServices };
    adjustDeps(options.adjustDeps)(deps);
    const built = await buildApp(deps);
    closers.push(() => built.close());
    app = built;
  }
  await options.adjustApp?.(app);
  await app.listen({ host: '127.0.0.1', port });
  await start?.();

  return {
    store,
    app,
    logLines,
    appGraph: appServices.graph,
    graphAccess: appServices.graphAccess,
    sync,
    setClockOffsetMs: (ms) => {
      clockOffsetMs = ms;
    },
    async variant(o) {
      const variantConfig = structuredClone(config);
      o.adjustConfig?.(variantConfig);
      // The world's Graph client and mailbox access; the rest built from the variant's config.
      const variantWorld = worldFor(variantConfig, appServices.graph);
      const variantDeps: AppDeps = composeAppServices(variantConfig, store, {
        ...variantWorld,
        clients: { ...variantWorld.clients, graphAccess: appServices.graphAccess },
      });
      adjustDeps(o.adjustDeps)(variantDeps);
      const variantApp = await buildApp(variantDeps);
      closers.push(() => variantApp.close());
      // inject() is not usable under Jest (light-my-request loads an ES module), so it listens.
      const variantUrl = (await variantApp.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost');
      return {
        app: variantApp,
        url: variantUrl,
        api: <T>(method: string, path: string, r?: RequestOptions) => common.api<T>(method, path, r, variantUrl),
      };
    },
  };
}

/**
 * What the world writes in a backend's store before it starts: the first tenant's mode (when
 * given), then each user with a Webex grant issued by the Webex emulator, as admin consent and
 * "link Webex" leave them.
 */
function seeding(at: { home: DirectoryTenant; mode: WorldOptions['mode']; webex: WebexEmulator | undefined }) {
  const { home, mode, webex } = at;
  return async (store: Store, users: readonly DirectoryUser[], config?: Config): Promise<Map<string, SeededWebexTokens>> => {
    if (mode) await store.tenants.upsert({ id: home.id, mode });
    const issued = new Map<string, SeededWebexTokens>();
    if (users.length === 0) return issued;
    if (!webex || !config) throw new Error('Webex grants need the Webex emulator');
    const far = new Date(Date.now() + 365 * 86_400_000);
    for (const user of users) {
      await store.users.upsert({ tenantId: home.id, userId: user.id });
      const token = webex.issueUserToken(user.mail ?? user.userPrincipalName, config.webex.scopes, config.webex.clientId);
      const tokens = { accessToken: token.access_token, refreshToken: token.refresh_token ?? '' };
      issued.set(user.id, tokens);
      await store.webexGrants.save(home.id, user.id, {
        ...tokens,
        // The emulator's tokens live for days: the backend never needs to refresh in a run.
        accessExpiresAt: new Date(Date.now() + token.expires_in * 1000),
        refreshExpiresAt: far,
        scopes: config.webex.scopes,
      });
    }
    return issued;
  };
}

type ProcessParts = Pick<World, 'backendEnv' | 'backendConfig' | 'seedStore'>;

/**
 * Backend processes on this world (src/server/main.ts, as `npm start` and production run it;
 * backend-process.ts): their environment, their config, their store seeded before they start.
 * Their database is a PGlite in a temporary DATA_DIR, or the world's schema on TEST_DATABASE_URL,
 * unless the caller gives one.
 */
function backendProcessParts(at: {
  env: Env;
  port: number;
  schema: string | undefined;
  seed: ReturnType<typeof seeding>;
  closers: Array<() => Promise<unknown>>;
}): ProcessParts {
  const { schema, closers } = at;
  let worldDataDir: string | undefined;
  const dataDirOf = (settings: BackendSettings): string => {
    if (settings.dataDir) return settings.dataDir;
    if (!worldDataDir) {
      const made = mkdtempSync(join(tmpdir(), 'world-backend-'));
      closers.push(async () => rmSync(made, { recursive: true, force: true }));
      worldDataDir = made;
    }
    return worldDataDir;
  };
  const databaseOf = (settings: BackendSettings): Record<string, string> => {
    if (settings.databaseUrl) return { DATABASE_URL: settings.databaseUrl };
    return schema ? { DATABASE_URL: testDatabaseUrl as string, DATABASE_SCHEMA: schema } : {};
  };
  const backendEnv = (settings: BackendSettings = {}): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(at.env)) if (value !== undefined) env[name] = value;
    Object.assign(env, { PORT: String(settings.port ?? at.port), DATA_DIR: dataDirOf(settings), ...databaseOf(settings), ...settings.env });
    // main.ts says where it listens at info.
    if (env.LOG_LEVEL !== 'debug' && env.LOG_LEVEL !== 'trace') env.LOG_LEVEL = 'info';
    return env;
  };
  const backendConfig = (settings: BackendSettings = {}): Config => loadConfig(backendEnv(settings));
  return {
    backendEnv,
    backendConfig,
    async seedStore(settings, users = []) {
      const config = backendConfig(settings);
      const store = await openStore({ ...config, schema: config.databaseSchema });
      try {
        return await at.seed(store, users, config);
      } finally {
        await store.close();
      }
    },
  };
}

/** The backend as a process of its own on the world's port, its store seeded first when the tenant's mode is given. */
async function startChildBackend(
  processes: ProcessParts,
  at: { seedFirst: boolean; closers: Array<() => Promise<unknown>> },
): Promise<BackendProcess> {
  const { closers } = at;
  if (at.seedFirst) await processes.seedStore({});
  const child = await startBackendProcess({ env: processes.backendEnv() });
  closers.push(() => child.kill9());
  return child;
}

/** GETs `url` until it answers 200, while `child` runs. */
async function waitForOk(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`webpack serve exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last}):\n${output()}`);
}

/** SIGTERM to the child's process group (webpack and its workers), SIGKILL after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const pid = child.pid;
    if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/** The add-in served by webpack's dev server, pointed at the world's backend and emulators; resolves once the dev host page answers. */
async function serveAddin(at: { env: Env; emulators: Emulators; addinBaseUrl: string; closers: Array<() => Promise<unknown>> }) {
  const { env, emulators, addinBaseUrl, closers } = at;
  const graphUrl = emulators.graph?.url ?? 'https://localhost:9';
  let output = '';
  const { PATH, HOME, NODE_EXTRA_CA_CERTS } = process.env;
  const child = spawn(
    join(root, 'node_modules', '.bin', 'webpack'),
    ['serve', '--mode', 'development', '--env', `graphEmulatorUrl=${graphUrl}`],
    {
      cwd: root,
      env: { PATH, HOME, NODE_EXTRA_CA_CERTS, ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  closers.push(() => stopChild(child));
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  // The dev middleware holds requests until the first build is done.
  await waitForOk(`${addinBaseUrl}/devhost.html`, child, () => output, 180_000);
}

interface WorldParts {
  options: WorldOptions;
  tenants: DirectoryTenant[];
  emulators: Emulators;
  config: Config;
  url: string;
  addinBaseUrl: string;
  common: CommonParts;
  processes: ProcessParts;
  close: () => Promise<void>;
}

function worldOf(parts: WorldParts, backend: { inProcess?: InProcessParts; child?: BackendProcess }): World {
  const { tenants, emulators, config, url, addinBaseUrl, common, processes, close } = parts;
  const { identity, graph, graphRequests, webex, webexRequests } = emulators;
  const present = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`this world has no ${what}`);
    return value;
  };
  const inProcess = (): InProcessParts =>
    present(backend.inProcess, `backend in this process (${backend.child ? 'it runs as a process of its own' : 'it starts none'})`);
  return {
    get identity() {
      return present(identity, 'emulators');
    },
    get graph() {
      return present(graph, 'Graph emulator');
    },
    get webex() {
      return present(webex, 'Webex emulator');
    },
    get graphRequests() {
      return present(graphRequests, 'Graph emulator');
    },
    get webexRequests() {
      return present(webexRequests, 'Webex emulator');
    },
    tenants,
    config,
    url,
    addinBaseUrl,
    devhostUrl: (params = {}) => `${addinBaseUrl}/devhost.html?${new URLSearchParams({ tz: 'Europe/Berlin', ...params }).toString()}`,
    get store() {
      return inProcess().store;
    },
    get app() {
      return inProcess().app;
    },
    get logLines() {
      return inProcess().logLines;
    },
    get appGraph() {
      return inProcess().appGraph;
    },
    get graphAccess() {
      return inProcess().graphAccess;
    },
    get sync() {
      return backend.inProcess?.sync;
    },
    get process() {
      return present(backend.child, 'backend process (it runs in this process)');
    },
    setClockOffsetMs: (ms) => inProcess().setClockOffsetMs(ms),
    variant: (o) => inProcess().variant(o),
    ...common,
    ...processes,
    close,
  };
}
