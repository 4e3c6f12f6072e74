/**
 * The backend with all three emulators, as the admin and individual-mode tests need it
 * (scripts/world/world.ts): the identity emulator knows the backend's certificate (app-only tokens by
 * client assertion), the Graph emulator answers /organization and /users and keeps subscriptions,
 * and the Webex emulator holds the organization's service token of Contoso's Webex site. The backend
 * runs on a free port of 127.0.0.1 with an in-memory PGlite store; browser flows (sign-in, consent)
 * are driven over HTTP the way a browser would: following redirects by hand and submitting the
 * emulator's forms.
 *
 * The directory adds two Contoso users to the seed: one whose mail is outside Contoso's verified
 * domains, one without a mail (scheduled for by user principal name).
 *
 * With `sync`, the sync engine runs beside the app on the same store, as main.ts wires them: it
 * follows a calendar as soon as the backend may read it (admin-mode-sync and delegate-sync tests).
 * Without it, the backend is told when it may follow a calendar (calendarsAvailable) and subscribes
 * to it itself, as the engine would.
 */
import { randomBytes } from 'node:crypto';
import type { DirectoryTenant, DirectoryUser } from '../../../src/emulators/shared/directory';
import type { AppDeps } from '../../../src/server/app';
import type { Env } from '../../../src/server/config';
import { formAction, hiddenInputs } from '../../../scripts/world/emulator-pages';
import {
  answerOf,
  CONTOSO as SEED_CONTOSO,
  FABRIKAM,
  startWorld,
  userNamed,
  type HttpAnswer,
  type World,
} from '../../../scripts/world/world';

/** A Contoso user whose mail points outside Contoso's verified domains. */
export const OUTSIDER: DirectoryUser = {
  ...(SEED_CONTOSO.users[1] as DirectoryUser),
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
  ...(SEED_CONTOSO.users[1] as DirectoryUser),
  id: '00000000-0000-4000-8000-000000000052',
  userPrincipalName: 'nico.nomail@contoso.example',
  mail: null,
  displayName: 'Nico Nomail',
  givenName: 'Nico',
  surname: 'Nomail',
  password: 'Nico-Local-1!',
};

export const CONTOSO: DirectoryTenant = { ...SEED_CONTOSO, users: [...SEED_CONTOSO.users, OUTSIDER, NOMAIL] };
export { FABRIKAM };
export const ADELE = userNamed(CONTOSO, 'Adele');
export const ALEX = userNamed(CONTOSO, 'Alex');
export const MEGAN = userNamed(CONTOSO, 'Megan');
export const IRINA = userNamed(CONTOSO, 'Irina');
export const FABIAN = userNamed(FABRIKAM, 'Fabian');
export const ROSA = userNamed(FABRIKAM, 'Rosa');

export const SERVICE_TOKEN = 'contoso-webex-service-token-for-tests';

export type { HttpAnswer };

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
  /** The sync engine beside the app (default off). */
  sync?: boolean;
}

export interface AdminStack extends Omit<World, 'api' | 'linkWebex'> {
  /** Users the backend was told it may now follow (onCalendarAvailable); without `sync` only. */
  calendarsAvailable: Array<{ tenantId: string; userId: string }>;
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
  /** Links the user's own Webex account through the browser flow (its completion must succeed). */
  linkWebex(token: string, user: DirectoryUser): Promise<HttpAnswer<string>>;
}

export async function startAdminStack(options: StackOptions = {}): Promise<AdminStack> {
  const calendarsAvailable: Array<{ tenantId: string; userId: string }> = [];
  const world = await startWorld({
    tenants: [CONTOSO, FABRIKAM],
    identity: { backendCertificate: true },
    graph: { validateEndpoint: async () => undefined },
    webex: { serviceTokens: [{ token: SERVICE_TOKEN, orgId: CONTOSO.id }] },
    env: { WEBEX_SERVICE_TOKEN: SERVICE_TOKEN, ...options.env },
    ...(options.sync ? { sync: { options: { coalesceSeconds: 0 } } } : {}),
    adjustDeps: (deps, { store, config }) => {
      if (!options.sync) {
        const { graph: appGraph, graphAccess } = deps;
        // What the sync engine will do here: subscribe to the user's calendar, with whichever token applies.
        deps.onCalendarAvailable = async (tenantId, userId) => {
          calendarsAvailable.push({ tenantId, userId });
          if (!appGraph || !graphAccess || (await store.subscriptions.listForUser(tenantId, userId)).length > 0) return;
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
          await store.subscriptions.save({
            id: created.id,
            tenantId,
            userId,
            resource: created.resource,
            expiresAt: new Date(created.expirationDateTime),
            clientState,
          });
        };
      }
      options.adjustDeps?.(deps);
    },
  });
  const { url, identity } = world;
  // Replaced below by the admin suites' own: their answers keep the cookies; a failed link throws.
  const { api: worldApi, linkWebex: linkWebexOfWorld } = world;

  const api = async <T>(
    method: string,
    path: string,
    o: { token?: string; body?: unknown; cookies?: CookieJar; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...o.headers, ...(o.cookies ? { cookie: o.cookies.header() } : {}) };
    const answer = await worldApi<T>(method, path, { ...(o.token ? { token: o.token } : {}), body: o.body, headers });
    o.cookies?.take(answer.headers);
    return answer;
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
      return answerOf<string>(res);
    }
    throw new Error('too many redirects');
  };

  const stack: AdminStack = Object.assign(world, {
    calendarsAvailable,
    api,
    async adminSignIn(user: DirectoryUser, jar = new CookieJar()) {
      const start = await fetch(`${url}/admin/sign-in`, { redirect: 'manual' });
      jar.take(start.headers);
      const authorize = start.headers.get('location');
      if (start.status !== 302 || !authorize) throw new Error(`/admin/sign-in answered ${start.status}`);
      const callback = await signInOnPage(authorize, user);
      return { jar, answer: await follow(callback, jar) };
    },
    async adminConsent(jar: CookieJar, user: DirectoryUser) {
      const start = await fetch(`${url}/admin/consent/start`, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(start.headers);
      const consent = start.headers.get('location');
      if (start.status !== 302 || !consent) throw new Error(`/admin/consent/start answered ${start.status}`);
      const callback = await signInOnPage(consent, user);
      return follow(callback, jar);
    },
    async authorizeCalendar(startUrl: string, signInAs: DirectoryUser) {
      const jar = new CookieJar();
      const start = await fetch(startUrl, { redirect: 'manual' });
      const authorize = start.headers.get('location');
      if (start.status !== 302 || !authorize) return answerOf<string>(start);
      const callback = await signInOnPage(authorize, signInAs);
      return follow(callback, jar);
    },
    linkWebex: async (token: string, user: DirectoryUser): Promise<HttpAnswer<string>> => {
      const { completed, ...page } = await linkWebexOfWorld(token, user);
      if (completed && completed.status !== 200)
        throw new Error(`POST /api/webex/link/complete answered ${completed.status}: ${completed.text}`);
      return page;
    },
  });
  return stack;
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
