/**
 * The backend as the tests run it: the identity and Webex emulators seeded as the launcher seeds
 * them, an in-memory PGlite store, the real outbound clients, and the app listening on a free
 * port of 127.0.0.1 (so that the OAuth redirects are real HTTP). The backend's clock can be moved;
 * its log lines are kept for the privacy tests.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { readDevCerts } from '../../../scripts/dev-certs';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../../src/emulators/identity/product-registrations';
import { defaultDirectory, otherDirectory, type DirectoryUser } from '../../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator } from '../../../src/emulators/webex/webex-emulator';
import { buildApp, type AppDeps } from '../../../src/server/app';
import { composeAppServices } from '../../../src/server/compose';
import { LOCAL_APP, loadConfig, type Config, type Env } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logging/create-logger';
import { openStore, type Store } from '../../../src/server/store';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { linkResultOf } from '../../helpers/webex-link-result';
import { freePort } from '../../../scripts/bench/free-port';
import { recordRequests, type RequestLog } from '../../../scripts/bench/request-log';

export const CONTOSO = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const FABRIKAM = otherDirectory();
export const ALEX = CONTOSO.users.find((u) => u.givenName === 'Alex') as DirectoryUser;
export const MEGAN = CONTOSO.users.find((u) => u.givenName === 'Megan') as DirectoryUser;
export const IRINA = CONTOSO.users.find((u) => u.givenName === 'Irina') as DirectoryUser;
export const ADELE = CONTOSO.users.find((u) => u.givenName === 'Adele') as DirectoryUser;
/** An API of another application, for tokens issued to someone else. */
export const OTHER_API_ID = '5e1f0c3a-7d2b-4e6a-9c1d-00000000a0a0';
export const OTHER_API_URI = `api://localhost:3000/${OTHER_API_ID}`;
/** A second scope of our API, for tokens without access_as_user. */
export const READ_ONLY_SCOPE = 'Meetings.Read';

export interface StackOptions {
  /** Extra environment for loadConfig (e.g. ALLOWED_TENANTS, RATE_LIMIT_PER_MINUTE). */
  env?: Env;
  /** Changes to the resolved config before the app is built. */
  adjustConfig?: (config: Config) => void;
  /** Changes to the app's dependencies (the emulators are running by then). */
  adjustDeps?: (deps: AppDeps, emulators: { identity: IdentityEmulator; webex: WebexEmulator }) => void;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ApiCallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface BackendStack {
  identity: IdentityEmulator;
  webex: WebexEmulator;
  /** Every request the Webex emulator was sent (not its /_emulator/ control surface), with when it came and was answered. */
  webexRequests: RequestLog;
  store: Store;
  config: Config;
  app: FastifyInstance;
  /** http://localhost:<port> */
  url: string;
  /** Every line the backend logged. */
  logLines: string[];
  /** Moves the backend's clock (not the emulators'). */
  setClockOffsetMs(ms: number): void;
  /** An access token for our API, as the add-in gets it (password grant with the add-in's client id). */
  userToken(user: DirectoryUser, scope?: string): Promise<string>;
  /** Calls the backend over HTTP. A JSON body is sent as application/json unless `rawBody` is given. */
  api<T = unknown>(method: string, path: string, options?: ApiCallOptions): Promise<ApiResponse<T>>;
  /**
   * Another app on the same emulators and store, built from a changed config (as a second
   * deployment would be); called in-process with inject. Closed with the stack.
   */
  variant(options: Pick<StackOptions, 'adjustConfig' | 'adjustDeps'>): Promise<Pick<BackendStack, 'api' | 'app'>>;
  /**
   * Links the user's Webex account through the whole browser flow, as `user` in Webex; returns the
   * final page. Unless `complete` is false, the page's completion code is then sent with `token`,
   * as the add-in does (POST /api/webex/link/complete), and that answer is `completed`.
   */
  linkWebex(
    token: string,
    user: DirectoryUser,
    decision?: 'accept' | 'decline',
    complete?: boolean,
  ): Promise<ApiResponse<string> & { completed?: ApiResponse<{ status?: string; email?: string; error?: { code: string } }> }>;
  close(): Promise<void>;
}

function hiddenInputs(html: string): Record<string, string> {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescape(m[1] as string)] = unescape(m[2] as string);
  return fields;
}

export async function startBackendStack(options: StackOptions = {}): Promise<BackendStack> {
  const tls = readDevCerts();
  const port = await freePort();
  const publicBaseUrl = `http://localhost:${port}`;

  const registrations = productRegistrations({
    tenantId: CONTOSO.id,
    backendClientId: LOCAL_APP.backendClientId,
    backendClientSecret: LOCAL_APP.backendClientSecret,
    addinClientId: LOCAL_APP.addinClientId,
    addinBaseUrl: 'https://localhost:3000',
    backendBaseUrl: publicBaseUrl,
  });
  const backendRegistration = registrations[0] as (typeof registrations)[number];
  backendRegistration.scopes = ['access_as_user', READ_ONLY_SCOPE];
  backendRegistration.preAuthorizedApplications = [{ appId: LOCAL_APP.addinClientId, scopes: ['access_as_user', READ_ONLY_SCOPE] }];
  const identity = createIdentityEmulator({
    tls,
    tenants: [CONTOSO, FABRIKAM],
    applications: [
      ...registrations,
      {
        clientId: OTHER_API_ID,
        displayName: 'Another API',
        homeTenantId: CONTOSO.id,
        identifierUris: [OTHER_API_URI],
        scopes: ['access_as_user'],
        preAuthorizedApplications: [{ appId: LOCAL_APP.addinClientId, scopes: ['access_as_user'] }],
      },
    ],
  });
  await identity.listen();

  const env: Env = {
    PORT: String(port),
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    // Unused by these tests; a port nothing listens on.
    GRAPH_EMULATOR_PORT: '9',
    WEBEX_EMULATOR_PORT: '9',
    DATA_DIR: '/nonexistent-data-dir-not-used',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const webexPlaceholder = loadConfig(env);
  const webex = createWebexEmulator({
    tls,
    directories: [CONTOSO, FABRIKAM],
    integrations: [
      {
        clientId: webexPlaceholder.webex.clientId,
        clientSecret: webexPlaceholder.webex.clientSecret,
        redirectUris: [`${publicBaseUrl}/auth/webex/callback`],
        scopes: webexPlaceholder.webex.scopes,
        name: 'Webex Scheduler for Outlook',
      },
    ],
  });
  const webexRequests = recordRequests(webex.app);
  await webex.listen();
  const config = loadConfig({ ...env, WEBEX_EMULATOR_PORT: new URL(webex.url).port });
  options.adjustConfig?.(config);

  const store = await openStore({ ...config, inMemory: true });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  let clockOffsetMs = 0;
  // The app's services as main.ts composes them (no sync engine), with a Webex client that gives up sooner.
  const makeDeps = (appConfig: Config): AppDeps =>
    composeAppServices(appConfig, store, {
      logger,
      clock: () => new Date(Date.now() + clockOffsetMs),
      clients: { webex: new WebexClient({ baseUrl: appConfig.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }) },
    });
  const deps = makeDeps(config);
  options.adjustDeps?.(deps, { identity, webex });
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port });
  const variants: FastifyInstance[] = [];

  const url = publicBaseUrl;
  const apiScope = config.microsoft.apiScope;

  async function callApi<T>(base: string, method: string, path: string, o: ApiCallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.rawBody;
    if (body === undefined && o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text !== '') parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
  const api = <T>(method: string, path: string, o?: ApiCallOptions) => callApi<T>(url, method, path, o);

  return {
    identity,
    webex,
    webexRequests,
    store,
    config,
    app,
    url,
    logLines,
    setClockOffsetMs: (ms) => {
      clockOffsetMs = ms;
    },
    async userToken(user, scope = apiScope) {
      const tenantId = CONTOSO.users.includes(user) ? CONTOSO.id : FABRIKAM.id;
      const res = await fetch(`${identity.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: LOCAL_APP.addinClientId,
          username: user.userPrincipalName,
          password: user.password,
          scope,
        }),
      });
      const json = (await res.json()) as { access_token?: string; error_description?: string };
      if (!json.access_token) throw new Error(`no token for ${user.userPrincipalName}: ${json.error_description}`);
      return json.access_token;
    },
    api,
    async variant(o) {
      const variantConfig = structuredClone(config);
      o.adjustConfig?.(variantConfig);
      const variantDeps = makeDeps(variantConfig);
      o.adjustDeps?.(variantDeps, { identity, webex });
      const variantApp = await buildApp(variantDeps);
      variants.push(variantApp);
      // inject() is not usable under Jest (light-my-request loads an ES module), so listen.
      const variantUrl = (await variantApp.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost');
      return { app: variantApp, api: (method, path, r) => callApi(variantUrl, method, path, r) };
    },
    async linkWebex(token, user, decision = 'accept', complete = true) {
      const link = await api<{ url: string }>('POST', '/api/webex/link', { token });
      if (link.status !== 200) throw new Error(`POST /api/webex/link answered ${link.status}: ${link.text}`);
      const start = await fetch(link.body.url, { redirect: 'manual' });
      const authorize = start.headers.get('location');
      if (start.status !== 302 || !authorize) throw new Error(`start answered ${start.status}`);
      // The Webex sign-in page: choose the person, then the consent page's form.
      const chosen = new URL(authorize);
      chosen.searchParams.set('email', user.mail as string);
      const consent = await fetch(chosen, { redirect: 'manual' });
      const fields = hiddenInputs(await consent.text());
      const submitted = await fetch(`${webex.url}/v1/authorize`, {
        method: 'POST',
        body: new URLSearchParams({ ...fields, decision }),
        redirect: 'manual',
      });
      const callback = submitted.headers.get('location');
      if (!callback) throw new Error(`the Webex authorize page answered ${submitted.status} without a redirect`);
      const page = await fetch(callback, { redirect: 'manual' });
      const html = await page.text();
      const completion = linkResultOf(html).completion;
      const completed =
        complete && completion
          ? await api<{ status?: string; email?: string; error?: { code: string } }>('POST', '/api/webex/link/complete', {
              token,
              body: { code: completion },
            })
          : undefined;
      return { status: page.status, headers: page.headers, body: html, text: html, ...(completed ? { completed } : {}) };
    },
    async close() {
      for (const variantApp of variants) await variantApp.close();
      await app.close();
      await store.close();
      await webex.close();
      await identity.close();
    },
  };
}
