/**
 * A Graph emulator for the Teams tab's endpoint tests (the world's, without Webex or a backend),
 * with its own signing key standing in for the identity emulator, and delegated tokens with
 * exactly the scopes a test names.
 */
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { CONTOSO, FABRIKAM, startWorld } from '../../../scripts/world/world';
import type { AccessTokenClaims } from '../../../src/emulators/graph/access-token';
import type { GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';

export { CONTOSO, FABRIKAM };
export const [ADELE, ALEX, MEGAN, IRINA] = CONTOSO.users as [DirectoryUser, DirectoryUser, DirectoryUser, DirectoryUser];
export const ROSA = FABRIKAM.users[1] as DirectoryUser;

/**
 * The delegated scopes of the Teams calling tab (docs/architecture.md#parts-and-permissions), as
 * Graph sees them in scp.
 */
export const TEAMS_SCOPES = 'ChannelMember.Read.All Chat.ReadBasic Contacts.Read User.Read User.Read.All User.ReadWrite';

export interface GraphKit {
  emulator: GraphEmulator;
  url: string;
  token(user: DirectoryUser, scp?: string, appId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startGraphKit(): Promise<GraphKit> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const world = await startWorld({
    tenants: [CONTOSO, FABRIKAM],
    graph: {
      verifyAccessToken: async (jwt) => (await jwtVerify(jwt, publicKey, { algorithms: ['RS256'] })).payload as AccessTokenClaims,
    },
    webex: false,
    backend: 'none',
  });
  const emulator = world.graph;
  const url = emulator.url;
  return {
    emulator,
    url,
    token: (user, scp = TEAMS_SCOPES, appId = LOCAL_APP.backendClientId) => {
      const tid = FABRIKAM.users.includes(user) ? FABRIKAM.id : CONTOSO.id;
      return new SignJWT({
        aud: 'https://graph.microsoft.com',
        iss: `https://sts.windows.net/${tid}/`,
        tid,
        appid: appId,
        oid: user.id,
        scp,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    },
    close: () => world.close(),
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  bytes: Buffer;
}

export async function graphCall<T = Record<string, unknown>>(
  url: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  const json = (res.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: res.status, headers: res.headers, body: (json ? JSON.parse(text) : text) as T, bytes };
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface UserChats {
  chats: Array<{ id: string; chatType: string; topic: string | null; members: Array<{ userId: string }> }>;
  teams: Array<{ id: string; displayName: string; channels: Array<{ id: string; displayName: string; membershipType: string }> }>;
}
