/**
 * Starts a Graph emulator for one test file, with its own signing key standing in for the identity
 * emulator, and mints the kinds of token Graph sees: app-only (roles) and delegated (scp + oid).
 * Also a notification receiver: a small HTTP server on loopback that answers the validation
 * handshake and records what Graph posts, with switches to misbehave.
 */
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, jwtVerify, KeyLike, SignJWT } from 'jose';
import { readDevCerts } from '../../../../scripts/dev-certs';
import { LOCAL_APP } from '../../../../src/server/config';
import { defaultDirectory, otherDirectory } from '../../../../src/emulators/shared/directory';
import { AccessTokenClaims } from '../../../../src/emulators/graph/access-token';
import { createGraphEmulator, GraphEmulator, GraphEmulatorOptions } from '../../../../src/emulators/graph/graph-emulator';

export const contoso = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const fabrikam = otherDirectory();
export const [adele, alex, megan] = contoso.users as [(typeof contoso.users)[0], (typeof contoso.users)[0], (typeof contoso.users)[0]];
export const rosa = fabrikam.users[1]!;

export const APP_ROLES = ['Calendars.ReadWrite', 'User.Read.All', 'Directory.Read.All'];
export const USER_SCOPES = 'openid profile offline_access User.Read Calendars.ReadWrite';

export interface GraphKit {
  emulator: GraphEmulator;
  url: string;
  /** An app-only token for a tenant (the local tenant unless given). */
  appToken(roles?: string[], claims?: Partial<AccessTokenClaims>): Promise<string>;
  /** A delegated token for a user of the local tenant. */
  userToken(userId: string, scp?: string, claims?: Partial<AccessTokenClaims>): Promise<string>;
  /** A token signed with a key the emulator does not trust. */
  foreignToken(): Promise<string>;
  close(): Promise<void>;
}

async function sign(key: KeyLike, claims: Record<string, unknown>): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).setIssuedAt();
  // A test may set its own exp (an expired token); otherwise the token lives an hour.
  if (claims.exp === undefined) jwt.setExpirationTime('1h');
  return jwt.sign(key);
}

export async function startGraph(options: Partial<GraphEmulatorOptions> = {}): Promise<GraphKit> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const certs = readDevCerts();
  const emulator = createGraphEmulator({
    tls: { key: certs.key, cert: certs.cert },
    tenants: [contoso, fabrikam],
    verifyAccessToken: async (jwt) => (await jwtVerify(jwt, publicKey, { algorithms: ['RS256'] })).payload as AccessTokenClaims,
    ...options,
  });
  const url = await emulator.listen();
  const base = {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${contoso.id}/`,
    tid: contoso.id,
    appid: LOCAL_APP.backendClientId,
  };
  return {
    emulator,
    url,
    appToken: (roles = APP_ROLES, claims = {}) => sign(privateKey, { ...base, roles, ...claims }),
    userToken: (userId, scp = USER_SCOPES, claims = {}) => sign(privateKey, { ...base, oid: userId, scp, ...claims }),
    foreignToken: async () => sign((await generateKeyPair('RS256')).privateKey, { ...base, roles: APP_ROLES }),
    close: () => emulator.close(),
  };
}

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call to the emulator; JSON bodies parsed, text otherwise. */
export async function call<T = Record<string, unknown>>(url: string, path: string, options: CallOptions = {}): Promise<GraphResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export interface GraphErrorShape {
  error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string } };
}

/** A simple event body in a zone. */
export function eventBody(
  subject: string,
  start: string,
  end: string,
  timeZone = 'Pacific Standard Time',
  extra: Record<string, unknown> = {},
) {
  return { subject, start: { dateTime: start, timeZone }, end: { dateTime: end, timeZone }, ...extra };
}

export interface ReceiverBehaviour {
  /** How the validation handshake is answered. */
  validation: 'echo' | 'echo-encoded' | 'status-500' | 'json';
  /** Added before answering the handshake, in milliseconds. */
  validationDelayMs: number;
  /** The next this-many notification POSTs are answered with failStatus. */
  failNext: number;
  failStatus: number;
  /** Added before answering each notification POST: a number, or a function of the POST's index. */
  delayMs: number | ((index: number) => number);
}

export interface Receiver {
  /** Where the emulator should post: http://127.0.0.1:<port><path>. */
  url: string;
  behaviour: ReceiverBehaviour;
  /** Decoded validation tokens received, in order. */
  validations: string[];
  /** Every notification POST body (value[] arrays), in order of arrival. */
  posts: Record<string, unknown>[][];
  /** All notifications, flattened. */
  notifications(): Record<string, unknown>[];
  /** Forgets what was received and behaves well again. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A receiver on loopback; `path` may carry a query string, which Graph keeps. */
export async function startReceiver(path = '/graph/notifications'): Promise<Receiver> {
  const app = Fastify();
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const wellBehaved = (): ReceiverBehaviour => ({ validation: 'echo', validationDelayMs: 0, failNext: 0, failStatus: 500, delayMs: 0 });
  const behaviour = wellBehaved();
  const validations: string[] = [];
  const posts: Record<string, unknown>[][] = [];
  let index = 0;
  let generation = 0;
  app.post('/*', async (req, reply) => {
    const token = (req.query as Record<string, string | undefined>).validationToken;
    if (token !== undefined) {
      validations.push(token);
      if (behaviour.validationDelayMs) await sleep(behaviour.validationDelayMs);
      if (behaviour.validation === 'status-500') return reply.code(500).send('nope');
      if (behaviour.validation === 'json') return reply.code(200).send({ token });
      if (behaviour.validation === 'echo-encoded') return reply.code(200).type('text/plain').send(encodeURIComponent(token));
      return reply.code(200).type('text/plain; charset=utf-8').send(token);
    }
    const n = index++;
    const round = generation;
    const delay = typeof behaviour.delayMs === 'function' ? behaviour.delayMs(n) : behaviour.delayMs;
    if (delay) await sleep(delay);
    // A POST the sender gave up on (timeout), or one from before reset(), was not received.
    if (round !== generation || req.raw.socket.destroyed) return reply.code(202).send();
    if (behaviour.failNext > 0) {
      behaviour.failNext -= 1;
      return reply.code(behaviour.failStatus).send();
    }
    posts.push(((req.body as { value?: Record<string, unknown>[] }).value ?? []) as Record<string, unknown>[]);
    return reply.code(202).send();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    behaviour,
    validations,
    posts,
    notifications: () => posts.flat(),
    reset: () => {
      Object.assign(behaviour, wellBehaved());
      validations.length = 0;
      posts.length = 0;
      index = 0;
      generation += 1;
    },
    close: () => app.close(),
  };
}

/** An expirationDateTime the given number of minutes after the emulator's now. */
export function expiresIn(emulator: GraphEmulator, minutes: number): string {
  return new Date(emulator.clock.now() + minutes * 60_000).toISOString();
}

/** POST /subscriptions on a user's events. */
export async function subscribe(
  kit: GraphKit,
  token: string,
  receiver: Receiver,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return call<Record<string, unknown> & { id: string }>(kit.url, '/v1.0/subscriptions', {
    method: 'POST',
    token,
    headers,
    body: {
      changeType: 'created,updated,deleted',
      notificationUrl: receiver.url,
      lifecycleNotificationUrl: receiver.url,
      resource: `users/${adele.id}/events`,
      expirationDateTime: expiresIn(kit.emulator, 60),
      clientState: 'secret-client-state',
      ...extra,
    },
  });
}
