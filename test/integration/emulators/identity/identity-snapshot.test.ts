/**
 * The identity emulator's snapshot and restore (the local stack's saved world): a user signs in
 * and consents, then the state goes through the state file's JSON into a new emulator built with
 * the saved signing key. The tokens issued before verify after, the refresh token redeems, the
 * sign-in session still signs in silently, consents and directory changes are there, and the app
 * registrations are this start's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_APP } from '../../../../src/server/config';
import type { IdentityEmulator } from '../../../../src/emulators/identity/identity-emulator';
import { parseIdentitySnapshot, restoreIdentity, snapshotIdentity } from '../../../../src/emulators/identity/identity-snapshot';
import { productRegistrations } from '../../../../src/emulators/identity/product-registrations';
import { createSigningKeyPem, signingKeyFromPem, type SigningKeyPem } from '../../../../src/emulators/identity/token-signer';
import { decodeState, encodeState } from '../../../../src/emulators/shared/state-codec';
import {
  BACKEND_ID,
  BACKEND_REDIRECT,
  CONTOSO,
  MEGAN,
  redirectParams,
  signIn,
  startIdentityEmulator,
  verifyToken,
} from './identity-fixture';

const SCOPE = 'openid offline_access https://graph.microsoft.com/Calendars.ReadWrite';

let pem: SigningKeyPem;
let before: IdentityEmulator;
let after: IdentityEmulator | undefined;

beforeAll(async () => {
  pem = await createSigningKeyPem();
});

beforeEach(async () => {
  before = await startIdentityEmulator({ signingKey: signingKeyFromPem(pem) });
});

afterEach(async () => {
  await before.close();
  await after?.close();
  after = undefined;
});

function authorizeUrl(emulator: IdentityEmulator, challenge: string, prompt?: string): string {
  const url = new URL(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: BACKEND_ID,
    response_type: 'code',
    redirect_uri: BACKEND_REDIRECT,
    scope: SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 's',
    ...(prompt ? { prompt } : {}),
  }).toString();
  return url.toString();
}

async function redeem(emulator: IdentityEmulator, form: Record<string, string>) {
  const res = await fetch(`${emulator.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: BACKEND_ID, client_secret: LOCAL_APP.backendClientSecret, ...form }),
  });
  return { status: res.status, body: (await res.json()) as { access_token?: string; refresh_token?: string; error?: string } };
}

/** Megan signs in with the authorization code flow and consents; returns her tokens and session cookie. */
async function signInMegan() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const result = await signIn(before, authorizeUrl(before, challenge), MEGAN);
  const code = redirectParams(result.location).get('code')!;
  const tokens = await redeem(before, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: BACKEND_REDIRECT,
    code_verifier: verifier,
    scope: SCOPE,
  });
  expect(tokens.status).toBe(200);
  return { accessToken: tokens.body.access_token!, refreshToken: tokens.body.refresh_token!, cookie: result.cookie! };
}

/** Through the state file's JSON into a new emulator with the saved key, as a restart does. */
async function restart(options: Parameters<typeof startIdentityEmulator>[0] = {}): Promise<IdentityEmulator> {
  const saved = parseIdentitySnapshot(decodeState(encodeState(snapshotIdentity(before, pem))));
  after = await startIdentityEmulator({ signingKey: signingKeyFromPem(saved.signingKey), ...options });
  restoreIdentity(after, saved);
  return after;
}

it('keeps the signing key: tokens issued before the restart verify after it', async () => {
  const { accessToken } = await signInMegan();
  const restarted = await restart();
  expect(await restarted.jwks()).toEqual(await before.jwks());
  expect(await verifyToken(restarted, accessToken)).toEqual(expect.objectContaining({ oid: MEGAN.id }));
});

it('redeems a refresh token issued before the restart, and remembers the consent behind it', async () => {
  const { refreshToken } = await signInMegan();
  const restarted = await restart();
  const refreshed = await redeem(restarted, { grant_type: 'refresh_token', refresh_token: refreshToken, scope: SCOPE });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.access_token).toEqual(expect.any(String));
  expect(restarted.state.consents()).toEqual(before.state.consents());
});

it('signs the user in silently with the session cookie from before the restart', async () => {
  const { cookie } = await signInMegan();
  const restarted = await restart();
  const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url');
  const res = await fetch(authorizeUrl(restarted, challenge, 'none'), { redirect: 'manual', headers: { cookie } });
  expect(redirectParams(res.headers.get('location') ?? undefined).get('code')).toEqual(expect.any(String));
});

it('keeps tenants and users as changed, revocations and the clock, and the whole state round-trips', async () => {
  await signInMegan();
  before.addTenant({
    ...CONTOSO,
    users: [
      ...CONTOSO.users,
      { ...MEGAN, id: '00000000-0000-4000-8000-00000000beef', userPrincipalName: 'new.person@contoso.example', mail: null },
    ],
  });
  before.revokeUser(CONTOSO.id, MEGAN.id);
  before.setClockOffset(3600);
  const restarted = await restart();
  expect(restarted.state.findUserByLogin('new.person@contoso.example')?.user.id).toBe('00000000-0000-4000-8000-00000000beef');
  expect(restarted.state.exportData()).toEqual(before.state.exportData());
});

it('takes this start’s app registrations over the saved ones: their redirect URIs follow the ports', async () => {
  const moved = productRegistrations({
    tenantId: CONTOSO.id,
    backendClientId: BACKEND_ID,
    backendClientSecret: LOCAL_APP.backendClientSecret,
    addinClientId: LOCAL_APP.addinClientId,
    addinBaseUrl: 'https://localhost:13000',
    backendBaseUrl: 'http://localhost:13001',
    backendCertificates: [],
  });
  const restarted = await restart({ applications: moved });
  expect(restarted.state.application(BACKEND_ID)?.redirectUris.web).toContain('http://localhost:13001/auth/callback');
  expect(restarted.state.application(BACKEND_ID)?.redirectUris.web).not.toContain(BACKEND_REDIRECT);
});
