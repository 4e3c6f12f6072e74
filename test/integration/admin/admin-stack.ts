/**
 * The backend with all three emulators, as the admin and individual-mode tests need it: the
 * identity emulator knows the backend's certificate (app-only tokens by client assertion), the
 * Graph emulator answers /organization and /users and keeps subscriptions, and the Webex emulator
 * holds the organization's service token of Contoso's Webex site. The backend runs on a free port
 * of 127.0.0.1 with an in-memory PGlite store; browser flows (sign-in, consent) are driven over
 * HTTP the way a browser would: following redirects by hand and submitting the emulator's forms.
 *
 * The directory adds two Contoso users to the seed: one whose mail is outside Contoso's verified
 * domains, one without a mail (scheduled for by user principal name).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { readDevCerts } from '../../../scripts/dev-certs';
import { createGraphEmulator, type GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../../src/emulators/identity/product-registrations';
import { defaultDirectory, otherDirectory, type DirectoryTenant, type DirectoryUser } from '../../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator } from '../../../src/emulators/webex/webex-emulator';
import { buildApp, type AppDeps } from '../../../src/server/app';
import { composeAppServices } from '../../../src/server/compose';
import { LOCAL_APP, loadConfig, type Config, type Env } from '../../../src/server/config';
import { createLogger } from '../../../src/server/logging/create-logger';
import { openStore, type Store } from '../../../src/server/store';
import { createGraphAccess, type GraphAccess } from '../../../src/server/sync/graph-access';
import { GraphClient, createAppOnlyTokenProvider } from '../../../src/server/graph';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { linkResultOf } from '../../helpers/webex-link-result';
import { freePort } from '../../../scripts/bench/free-port';

const seedContoso = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);

/** A Contoso user whose mail points outside Contoso's verified domains. */
export const OUTSIDER: DirectoryUser = {
  ...(seedContoso.users[1] as DirectoryUser),
  id: '00000000-0000-4000-8000-000000000051',
  userPrincipalName: 'olga.outside@contoso.example',
  mail: 'olga@outside.example',
  displayName: 'Olga Outside',
  givenName: 'Olga',
  surname: 'Outside',
  password: 'Olga-Local-1!',
};

/** A Contoso user with no mail: meetings are scheduled for the user principal name. */
export const NOMAIL: DirectoryUser = {
  ...(seedContoso.users[1] as DirectoryUser),
  id: '00000000-0000-4000-8000-000000000052',
  userPrincipalName: 'nico.nomail@contoso.example',
  mail: null,
  displayName: 'Nico Nomail',
  givenName: 'Nico',
  surname: 'Nomail',
  password: 'Nico-Local-1!',
};

export const CONTOSO: DirectoryTenant = { ...seedContoso, users: [...seedContoso.users, OUTSIDER, NOMAIL] };
export const FABRIKAM = otherDirectory();
const byName = (t: DirectoryTenant, given: string) => t.users.find((u) => u.givenName === given) as DirectoryUser;
export const ADELE = byName(CONTOSO, 'Adele');
export const ALEX = byName(CONTOSO, 'Alex');
export const MEGAN = byName(CONTOSO, 'Megan');
export const IRINA = byName(CONTOSO, 'Irina');
export const FABIAN = byName(FABRIKAM, 'Fabian');
export const ROSA = byName(FABRIKAM, 'Rosa');

export const SERVICE_TOKEN = 'contoso-webex-service-token-for-tests';

export interface HttpAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Cookies a browser keeps, by name. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }
}

export interface StackOptions {
  env?: Env;
  adjustDeps?: (deps: AppDeps) => void;
}

export interface AdminStack {
  identity: IdentityEmulator;
  graph: GraphEmulator;
  webex: WebexEmulator;
  store: Store;
  config: Config;
  app: FastifyInstance;
  url: string;
  logLines: string[];
  /** The sync engine's view of mailbox access, on the same store (what its workers would use). */
  graphAccess: GraphAccess;
  /** Graph with the tenants' app-only tokens (as the backend has it). */
  appGraph: GraphClient;
  /** Users the backend was told it may now follow (onCalendarAvailable). */
  calendarsAvailable: Array<{ tenantId: string; userId: string }>;
  userToken(user: DirectoryUser): Promise<string>;
  api<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; cookies?: CookieJar; headers?: Record<string, string> },
  ): Promise<HttpAnswer<T>>;
  /** Signs in to the admin page as `user`; the jar then holds the session (or not, when refused). Returns the last answer. */
  adminSignIn(user: DirectoryUser, jar?: CookieJar): Promise<{ jar: CookieJar; answer: HttpAnswer<string> }>;
  /** Grants admin consent from the admin page (signed in as `user`); returns the backend's last answer. */
  adminConsent(jar: CookieJar, user: DirectoryUser): Promise<HttpAnswer<string>>;
  /** Drives a user's own calendar authorization from the URL of POST /api/microsoft/link, signing in as `signInAs`. */
  authorizeCalendar(url: string, signInAs: DirectoryUser): Promise<HttpAnswer<string>>;
  /** Links the user's own Webex account through the browser flow. */
  linkWebex(token: string, user: DirectoryUser): Promise<HttpAnswer<string>>;
  close(): Promise<void>;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescapeHtml(m[1] as string)] = unescapeHtml(m[2] as string);
  return fields;
}

function formAction(html: string): string {
  return unescapeHtml(/<form method="post" action="([^"]*)"/.exec(html)?.[1] ?? '');
}

async function answer<T>(res: Response): Promise<HttpAnswer<T>> {
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('application/json') && text !== '';
  return { status: res.status, headers: res.headers, body: (json ? JSON.parse(text) : text) as T, text };
}

export async function startAdminStack(options: StackOptions = {}): Promise<AdminStack> {
  const tls = readDevCerts();
  const port = await freePort();
  const publicBaseUrl = `http://localhost:${port}`;
  const identity = createIdentityEmulator({
    tls,
    tenants: [CONTOSO, FABRIKAM],
    applications: productRegistrations({
      tenantId: CONTOSO.id,
      backendClientId: LOCAL_APP.backendClientId,
      backendClientSecret: LOCAL_APP.backendClientSecret,
      addinClientId: LOCAL_APP.addinClientId,
      addinBaseUrl: 'https://localhost:3000',
      backendBaseUrl: publicBaseUrl,
      // The backend signs its client assertions with this certificate (admin mode: app-only tokens).
      backendCertificates: [tls.cert],
    }),
  });
  await identity.listen();
  const graph = createGraphEmulator({
    tls,
    tenants: [CONTOSO, FABRIKAM],
    identityUrl: identity.url,
    validateEndpoint: async () => undefined,
  });
  await graph.listen();

  const env: Env = {
    PORT: String(port),
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    GRAPH_EMULATOR_PORT: new URL(graph.url).port,
    WEBEX_EMULATOR_PORT: '9',
    DATA_DIR: '/nonexistent-data-dir-not-used',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MS_CLIENT_CERTIFICATE: tls.cert,
    MS_CLIENT_CERTIFICATE_KEY: tls.key,
    WEBEX_SERVICE_TOKEN: SERVICE_TOKEN,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const draft = loadConfig(env);
  const webex = createWebexEmulator({
    tls,
    directories: [CONTOSO, FABRIKAM],
    integrations: [
      {
        clientId: draft.webex.clientId,
        clientSecret: draft.webex.clientSecret,
        redirectUris: [`${publicBaseUrl}/auth/webex/callback`],
        scopes: draft.webex.scopes,
        name: 'Webex Scheduler for Outlook',
      },
    ],
    serviceTokens: [{ token: SERVICE_TOKEN, orgId: CONTOSO.id }],
  });
  await webex.listen();
  const config = loadConfig({ ...env, WEBEX_EMULATOR_PORT: new URL(webex.url).port });

  const store = await openStore({ ...config, inMemory: true });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  const appGraph = new GraphClient({
    baseUrl: config.microsoft.graphBaseUrl,
    tokens: createAppOnlyTokenProvider(config.microsoft),
    maxRetries: 1,
  });
  const graphAccess = createGraphAccess({ store, microsoft: config.microsoft });
  const calendarsAvailable: Array<{ tenantId: string; userId: string }> = [];
  const deps: AppDeps = {
    // The app's services as main.ts composes them, with clients that give up sooner; no sync engine.
    ...composeAppServices(config, store, {
      logger,
      clock: () => new Date(),
      clients: {
        webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }),
        graph: appGraph,
        graphAccess,
      },
    }),
    consentRetryDelaysMs: [],
    // What the sync engine will do here: subscribe to the user's calendar, with whichever token applies.
    onCalendarAvailable: async (tenantId, userId) => {
      calendarsAvailable.push({ tenantId, userId });
      if ((await store.listSubscriptionsForUser(tenantId, userId)).length > 0) return;
      const auth = await graphAccess.authFor(tenantId, userId);
      const clientState = randomBytes(16).toString('base64url');
      const created = await appGraph.request<{ id: string; expirationDateTime: string; resource: string }>(tenantId, {
        method: 'POST',
        path: '/subscriptions',
        body: {
          changeType: 'created,updated,deleted',
          notificationUrl: `${config.publicBaseUrl}/graph/notifications`,
          lifecycleNotificationUrl: `${config.publicBaseUrl}/graph/lifecycle`,
          resource: `users/${userId}/events`,
          expirationDateTime: new Date(Date.now() + 24 * 3600_000).toISOString(),
          clientState,
        },
        ...(auth ? { auth } : {}),
      });
      await store.saveSubscription({
        id: created.id,
        tenantId,
        userId,
        resource: created.resource,
        expiresAt: new Date(created.expirationDateTime),
        clientState,
      });
    },
  };
  options.adjustDeps?.(deps);
  const app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port });
  const url = publicBaseUrl;

  const api = async <T>(
    method: string,
    path: string,
    o: { token?: string; body?: unknown; cookies?: CookieJar; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.cookies) headers.cookie = o.cookies.header();
    let body: string | undefined;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body, redirect: 'manual' });
    o.cookies?.take(res.headers);
    return answer<T>(res);
  };

  /** Signs in on the identity emulator's page (consent ticked) and returns where it redirects. */
  const signInOnPage = async (authorizeUrl: string, user: DirectoryUser, extra: Record<string, string> = {}): Promise<string> => {
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    const html = await page.text();
    if (page.status !== 200) throw new Error(`the identity page answered ${page.status}: ${html.slice(0, 200)}`);
    const form = new URLSearchParams({
      ...hiddenInputs(html),
      login: user.userPrincipalName,
      passwd: user.password,
      action: 'accept',
      consent: 'yes',
      ...extra,
    });
    const submitted = await fetch(new URL(formAction(html), identity.url), { method: 'POST', body: form, redirect: 'manual' });
    const location = submitted.headers.get('location');
    if (!location)
      throw new Error(`the identity page answered ${submitted.status} without a redirect: ${(await submitted.text()).slice(0, 300)}`);
    return location;
  };

  /** Follows a backend redirect chain (same origin) with the jar, up to the first non-redirect. */
  const follow = async (location: string, jar: CookieJar): Promise<HttpAnswer<string>> => {
    let next = location;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(new URL(next, url), { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(res.headers);
      const to = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && to && new URL(to, url).origin === new URL(url).origin) {
        await res.body?.cancel();
        next = to;
        continue;
      }
      return answer<string>(res);
    }
    throw new Error('too many redirects');
  };

  return {
    identity,
    graph,
    webex,
    store,
    config,
    app,
    url,
    logLines,
    graphAccess,
    appGraph,
    calendarsAvailable,
    async userToken(user) {
      const tenantId = CONTOSO.users.includes(user) ? CONTOSO.id : FABRIKAM.id;
      const res = await fetch(`${identity.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: LOCAL_APP.addinClientId,
          username: user.userPrincipalName,
          password: user.password,
          scope: config.microsoft.apiScope,
        }),
      });
      const json = (await res.json()) as { access_token?: string; error_description?: string };
      if (!json.access_token) throw new Error(`no token for ${user.userPrincipalName}: ${json.error_description}`);
      return json.access_token;
    },
    api,
    async adminSignIn(user, jar = new CookieJar()) {
      const start = await fetch(`${url}/admin/sign-in`, { redirect: 'manual' });
      jar.take(start.headers);
      const authorize = start.headers.get('location');
      if (start.status !== 302 || !authorize) throw new Error(`/admin/sign-in answered ${start.status}`);
      const callback = await signInOnPage(authorize, user);
      return { jar, answer: await follow(callback, jar) };
    },
    async adminConsent(jar, user) {
      const start = await fetch(`${url}/admin/consent/start`, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(start.headers);
      const consent = start.headers.get('location');
      if (start.status !== 302 || !consent) throw new Error(`/admin/consent/start answered ${start.status}`);
      const callback = await signInOnPage(consent, user);
      return follow(callback, jar);
    },
    async authorizeCalendar(startUrl, signInAs) {
      const jar = new CookieJar();
      const start = await fetch(startUrl, { redirect: 'manual' });
      const authorize = start.headers.get('location');
      if (start.status !== 302 || !authorize) return answer<string>(start);
      const callback = await signInOnPage(authorize, signInAs);
      return follow(callback, jar);
    },
    async linkWebex(token, user) {
      const link = await api<{ url: string }>('POST', '/api/webex/link', { token });
      if (link.status !== 200) throw new Error(`POST /api/webex/link answered ${link.status}: ${link.text}`);
      const start = await fetch(link.body.url, { redirect: 'manual' });
      const authorize = new URL(start.headers.get('location') as string);
      authorize.searchParams.set('email', user.mail as string);
      const consent = await fetch(authorize, { redirect: 'manual' });
      const submitted = await fetch(`${webex.url}/v1/authorize`, {
        method: 'POST',
        body: new URLSearchParams({ ...hiddenInputs(await consent.text()), decision: 'accept' }),
        redirect: 'manual',
      });
      const page = await answer<string>(await fetch(submitted.headers.get('location') as string, { redirect: 'manual' }));
      // The add-in's part: the page's completion code, sent back with the user's token.
      const completion = linkResultOf(page.body).completion;
      if (completion) {
        const completed = await api('POST', '/api/webex/link/complete', { token, body: { code: completion } });
        if (completed.status !== 200) throw new Error(`POST /api/webex/link/complete answered ${completed.status}: ${completed.text}`);
      }
      return page;
    },
    async close() {
      await app.close();
      await store.close();
      await Promise.all([webex.close(), graph.close(), identity.close()]);
    },
  };
}

/** A stack whose tenant Contoso is in admin mode: Adele signed in to the admin page and granted admin consent; `admin` holds her session. */
export async function startConsentedAdminStack(options: StackOptions = {}): Promise<{ stack: AdminStack; admin: CookieJar }> {
  const stack = await startAdminStack(options);
  const admin = (await stack.adminSignIn(ADELE)).jar;
  const consent = await stack.adminConsent(admin, ADELE);
  if (consent.status !== 200) {
    await stack.close();
    throw new Error(`admin consent ended with ${consent.status}: ${consent.text.slice(0, 300)}`);
  }
  return { stack, admin };
}
