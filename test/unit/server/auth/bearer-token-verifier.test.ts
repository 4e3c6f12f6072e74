import { createLocalJWKSet, errors, exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { AuthError, AuthUnavailableError } from '../../../../src/server/auth/auth-error';
import { createBearerTokenVerifier, type BearerTokenVerifierOptions } from '../../../../src/server/auth/bearer-token-verifier';

const AUTHORITY = 'https://login.example.test';
const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const OTHER_TENANT = '3c9d2f1e-0000-4000-8000-0000fab71ca0';
const USER = '00000000-0000-4000-8000-000000000002';
const API = 'api://localhost:3000/5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e';
const API_CLIENT_ID = '5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e';
const ADDIN_CLIENT_ID = '5e1f0c3a-7d2b-4e6a-9c1d-0000000000ad';
/** Microsoft Teams' clients: web, and desktop/mobile. */
const TEAMS_WEB = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';
const TEAMS_DESKTOP = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
/** Another application of the tenant that a user consented to for access_as_user. */
const OTHER_CLIENT_ID = '0b5e55ed-0000-4000-8000-00000000a11e';
const NOW = new Date('2026-11-20T12:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

let signingKey: KeyLike;
let strangerKey: KeyLike;
let keys: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  keys = createLocalJWKSet({ keys: [jwk] });
});

function claims(over: JWTPayload = {}): JWTPayload {
  return {
    iss: `${AUTHORITY}/${TENANT}/v2.0`,
    aud: API,
    tid: TENANT,
    oid: USER,
    scp: 'access_as_user',
    azp: ADDIN_CLIENT_ID,
    ver: '2.0',
    iat: nowSeconds - 60,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    ...over,
  };
}

async function token(over: JWTPayload = {}, options: { key?: KeyLike; kid?: string; omit?: string[] } = {}): Promise<string> {
  const payload = claims(over);
  for (const name of options.omit ?? []) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? 'key-1' }).sign(options.key ?? signingKey);
}

function verifier(over: Partial<BearerTokenVerifierOptions> = {}) {
  return createBearerTokenVerifier({
    authorityHost: AUTHORITY,
    audiences: [API, API_CLIENT_ID],
    allowedTenants: [],
    allowedClientIds: [ADDIN_CLIENT_ID, TEAMS_WEB, TEAMS_DESKTOP],
    keys,
    clock: () => NOW,
    ...over,
  });
}

async function refusal(tokenText: string | Promise<string>, over: Partial<BearerTokenVerifierOptions> = {}): Promise<string> {
  try {
    await verifier(over)(await tokenText);
  } catch (thrown) {
    if (thrown instanceof AuthError) return thrown.code;
    if (thrown instanceof AuthUnavailableError) return thrown.code;
    throw thrown;
  }
  return 'accepted';
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a bearer token', () => {
  it('that is valid names the caller by tenant and object id', async () => {
    await expect(verifier()(await token())).resolves.toEqual({ tenantId: TENANT, userId: USER });
  });

  it('may be issued for the API client id as well as its app id URI', async () => {
    await expect(refusal(token({ aud: API_CLIENT_ID }))).resolves.toBe('accepted');
  });

  it('may carry more scopes than access_as_user', async () => {
    await expect(refusal(token({ scp: 'User.Read access_as_user' }))).resolves.toBe('accepted');
  });

  it('is refused once expired', async () => {
    await expect(refusal(token({ exp: nowSeconds - 120 }))).resolves.toBe('token_expired');
  });

  it('is accepted within a minute of clock skew on either side', async () => {
    await expect(refusal(token({ exp: nowSeconds - 30 }))).resolves.toBe('accepted');
    await expect(refusal(token({ nbf: nowSeconds + 30 }))).resolves.toBe('accepted');
  });

  it('is refused before it becomes valid', async () => {
    await expect(refusal(token({ nbf: nowSeconds + 600 }))).resolves.toBe('token_not_yet_valid');
  });

  it('is refused when issued for another API, or for none', async () => {
    await expect(refusal(token({ aud: 'https://graph.microsoft.com' }))).resolves.toBe('token_audience');
    await expect(refusal(token({}, { omit: ['aud'] }))).resolves.toBe('token_audience');
  });

  it('is refused when its issuer is not the authority for its own tenant', async () => {
    await expect(refusal(token({ iss: `https://sts.windows.net/${TENANT}/` }))).resolves.toBe('token_issuer');
    await expect(refusal(token({ iss: `${AUTHORITY}/${OTHER_TENANT}/v2.0` }))).resolves.toBe('token_issuer');
    await expect(refusal(token({ iss: `https://evil.example/${TENANT}/v2.0` }))).resolves.toBe('token_issuer');
  });

  it('is refused for a tenant outside the allowed list, and accepted for one in it', async () => {
    await expect(refusal(token(), { allowedTenants: [OTHER_TENANT] })).resolves.toBe('tenant_not_allowed');
    await expect(refusal(token(), { allowedTenants: [OTHER_TENANT, TENANT.toUpperCase()] })).resolves.toBe('accepted');
  });

  it('is accepted from the add-in and from Microsoft Teams, whatever the case of their ids', async () => {
    for (const azp of [ADDIN_CLIENT_ID, TEAMS_WEB, TEAMS_DESKTOP, TEAMS_DESKTOP.toUpperCase()]) {
      await expect(refusal(token({ azp }))).resolves.toBe('accepted');
    }
  });

  it('is refused when another application of the tenant obtained it', async () => {
    await expect(refusal(token({ azp: OTHER_CLIENT_ID }))).resolves.toBe('token_client_not_allowed');
    // The API's own client id is not a client of the API: the backend never calls itself with a user's token.
    await expect(refusal(token({ azp: API_CLIENT_ID }))).resolves.toBe('token_client_not_allowed');
    // A v1.0-style appid naming an allowed client does not stand in for the v2.0 claim.
    await expect(refusal(token({ azp: OTHER_CLIENT_ID, appid: ADDIN_CLIENT_ID }))).resolves.toBe('token_client_not_allowed');
  });

  it('is refused when it does not say which application obtained it', async () => {
    await expect(refusal(token({}, { omit: ['azp'] }))).resolves.toBe('token_client_not_allowed');
    await expect(refusal(token({ azp: '' }))).resolves.toBe('token_client_not_allowed');
  });

  it('is refused from the add-in when the deployment allows only other clients', async () => {
    await expect(refusal(token(), { allowedClientIds: [TEAMS_WEB] })).resolves.toBe('token_client_not_allowed');
  });

  it('is refused without the access_as_user scope, app-only tokens included', async () => {
    await expect(refusal(token({ scp: 'User.Read' }))).resolves.toBe('token_scope');
    await expect(refusal(token({ scp: 'access_as_user_x' }))).resolves.toBe('token_scope');
    await expect(refusal(token({ scp: undefined, roles: ['Meetings.ReadWrite.All'], idtyp: 'app' }))).resolves.toBe('token_scope');
  });

  it('is refused when it names no tenant or user', async () => {
    await expect(refusal(token({}, { omit: ['tid'] }))).resolves.toBe('token_invalid');
    await expect(refusal(token({}, { omit: ['oid'] }))).resolves.toBe('token_invalid');
    await expect(refusal(token({ oid: 'adele@contoso.example' }))).resolves.toBe('token_invalid');
  });

  it('is refused unsigned (alg none)', async () => {
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims())}.`;
    await expect(refusal(unsigned)).resolves.toBe('token_invalid');
  });

  it('is refused when signed with HS256, a shared secret instead of the authority key', async () => {
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .sign(new TextEncoder().encode('a shared secret of 32 bytes!!!!!'));
    await expect(refusal(hs)).resolves.toBe('token_invalid');
  });

  it('is refused when signed by a key the authority does not publish', async () => {
    await expect(refusal(token({}, { key: strangerKey }))).resolves.toBe('token_invalid');
    await expect(refusal(token({}, { kid: 'key-unknown' }))).resolves.toBe('token_invalid');
  });

  it('is refused when it is not a JWT at all', async () => {
    await expect(refusal('not-a-token')).resolves.toBe('token_invalid');
    await expect(refusal('a.b.c')).resolves.toBe('token_invalid');
  });

  it('cannot be checked while the authority keys cannot be fetched', async () => {
    const unreachable = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    await expect(refusal(token(), { keys: unreachable })).resolves.toBe('identity_unavailable');
    const timeout = async () => {
      throw new errors.JWKSTimeout();
    };
    await expect(refusal(token(), { keys: timeout })).resolves.toBe('identity_unavailable');
  });
});
