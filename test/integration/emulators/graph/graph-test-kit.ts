/**
 * Starts a Graph emulator for one test file, with its own signing key standing in for the identity
 * emulator, and mints the kinds of token Graph sees: app-only (roles) and delegated (scp + oid).
 */
import { generateKeyPair, jwtVerify, KeyLike, SignJWT } from 'jose';
import { readDevCerts } from '../../../../scripts/dev-certs';
import { LOCAL_APP } from '../../../../src/server/config';
import { defaultDirectory, otherDirectory } from '../../../../src/emulators/shared/directory';
import { AccessTokenClaims } from '../../../../src/emulators/graph/access-token';
import { createGraphEmulator, GraphEmulator } from '../../../../src/emulators/graph/graph-emulator';

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

export async function startGraph(): Promise<GraphKit> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const certs = readDevCerts();
  const emulator = createGraphEmulator({
    tls: { key: certs.key, cert: certs.cert },
    tenants: [contoso, fabrikam],
    verifyAccessToken: async (jwt) => (await jwtVerify(jwt, publicKey, { algorithms: ['RS256'] })).payload as AccessTokenClaims,
  });
  const url = await emulator.listen();
  const base = { aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${contoso.id}/`, tid: contoso.id, appid: LOCAL_APP.backendClientId };
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
export function eventBody(subject: string, start: string, end: string, timeZone = 'Pacific Standard Time', extra: Record<string, unknown> = {}) {
  return { subject, start: { dateTime: start, timeZone }, end: { dateTime: end, timeZone }, ...extra };
}
