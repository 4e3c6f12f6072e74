/**
 * Every way a bearer token can be bad, on every kind of /api route: 401 each time, with the
 * refusal's code and a Bearer challenge — never a 2xx, a 403, a 404 or a 5xx that would tell a
 * forger more. (test/integration/server/api-auth.test.ts checks each code once on GET /api/me; this
 * is the matrix.)
 *
 * The tokens are real: issued by the identity emulator with its clock moved (expired, not yet
 * valid), for another API (audience), without the API's scope, by the authority under another
 * issuer (a v1.0 token, `<authority>/<tid>/`, signed with the keys the backend trusts), by another
 * identity authority (its own keys and URL), for a tenant the backend does not allow, unsigned
 * (alg none), signed HS256 with the authority's public key as the secret, and re-signed with a key
 * of our own. Each is refused with its own code, and only that code.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { LOCAL_APP } from '../../../src/server/config';
import { startWorld, type World } from '../../../scripts/world/world';
import { ALEX, CONTOSO, FABRIKAM, OTHER_API_URI, READ_ONLY_SCOPE, startBackendStack, type BackendStack } from '../server/backend-stack';

interface ErrorBody {
  error?: { code?: string };
}

const ROUTES: readonly [string, string, unknown?][] = [
  ['GET', '/api/me'],
  ['PUT', '/api/me/settings', { autoAdd: true }],
  [
    'POST',
    '/api/meetings',
    {
      subject: 'x',
      start: new Date(Date.now() + 86_400_000).toISOString(),
      end: new Date(Date.now() + 88_200_000).toISOString(),
      timeZone: 'UTC',
    },
  ],
  ['GET', '/api/meetings/0123456789abcdef'],
  ['PATCH', '/api/meetings/0123456789abcdef', { subject: 'y' }],
  ['DELETE', '/api/meetings/0123456789abcdef'],
  ['POST', '/api/webex/link', {}],
  ['DELETE', '/api/webex/link'],
  ['POST', '/api/microsoft/link', {}],
  ['GET', '/api/teams/me'],
];

let stack: BackendStack;
/** Another authority: a world of its own (its identity emulator's own keys and URL), nothing else. */
let elsewhere: World;
let restricted: Pick<BackendStack, 'api' | 'app'>;
const tokens: Record<string, { token: string; code: string }> = {};
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  stack = await startBackendStack({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  restricted = await stack.variant({ adjustConfig: (config) => void (config.microsoft.allowedTenants = [FABRIKAM.id]) });
  const valid = await stack.userToken(ALEX);

  stack.identity.setClockOffset(-2 * 3600);
  const expired = await stack.userToken(ALEX);
  stack.identity.setClockOffset(15 * 60);
  const notYetValid = await stack.userToken(ALEX);
  stack.identity.setClockOffset(0);

  // Another authority: the same tenants and registrations, its own keys and URL.
  elsewhere = await startWorld({ tenants: [CONTOSO], graph: false, webex: false, backend: 'none' });
  const foreign = await elsewhere.userToken(ALEX, { scope: stack.config.microsoft.apiScope });

  // The same authority's v1.0 token for our API, as Entra issues when the API's registration does
  // not ask for v2.0 tokens: signed with the keys the backend trusts, for its audience, with its
  // scope, but issued by `<authority>/<tid>/` instead of `<authority>/<tid>/v2.0`.
  const registration = stack.identity.state.application(LOCAL_APP.backendClientId);
  if (!registration) throw new Error('the backend is not registered with the identity emulator');
  stack.identity.state.addApplication({ ...registration, accessTokenVersion: 1 });
  let otherIssuer: string;
  try {
    otherIssuer = await stack.userToken(ALEX);
  } finally {
    stack.identity.state.addApplication(registration);
  }
  if (decodeJwt(otherIssuer).iss !== stack.identity.issuer(CONTOSO.id, 1))
    throw new Error('the identity emulator did not issue a v1.0 token');

  const [, payload] = valid.split('.');
  const claims = decodeJwt(valid);
  const jwks = await stack.identity.jwks();
  const publicPem = createPublicKey({ key: jwks.keys[0] as unknown as import('node:crypto').JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const hs256 = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: decodeProtectedHeader(valid).kid })
    .sign(new TextEncoder().encode(publicPem));
  const ownKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const resigned = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: decodeProtectedHeader(valid).kid })
    .sign(ownKey);

  Object.assign(tokens, {
    expired: { token: expired, code: 'token_expired' },
    'not yet valid': { token: notYetValid, code: 'token_not_yet_valid' },
    'for another API (audience)': {
      token: await stack.userToken(ALEX, { scope: `${OTHER_API_URI}/access_as_user` }),
      code: 'token_audience',
    },
    'without access_as_user (scope)': {
      token: await stack.userToken(ALEX, { scope: `${stack.config.microsoft.apiAudiences[0]}/${READ_ONLY_SCOPE}` }),
      code: 'token_scope',
    },
    'from the authority under another issuer (a v1.0 token)': { token: otherIssuer, code: 'token_issuer' },
    'from another authority (its own keys)': { token: foreign, code: 'token_invalid' },
    'unsigned (alg none)': { token: `${segment({ alg: 'none', typ: 'JWT' })}.${payload}.`, code: 'token_invalid' },
    'HS256 with the public key as secret': { token: hs256, code: 'token_invalid' },
    're-signed with another key': { token: resigned, code: 'token_invalid' },
  });
}, 60_000);

afterAll(async () => {
  await elsewhere?.close();
  await stack?.close();
});

describe('a bad bearer token', () => {
  const kinds = [
    'expired',
    'not yet valid',
    'for another API (audience)',
    'without access_as_user (scope)',
    'from the authority under another issuer (a v1.0 token)',
    'from another authority (its own keys)',
    'unsigned (alg none)',
    'HS256 with the public key as secret',
    're-signed with another key',
  ];

  it.each(kinds)('%s is refused with 401, its code and a Bearer challenge on every /api route', async (kind) => {
    const { token, code } = tokens[kind] as { token: string; code: string };
    const answers: string[] = [];
    for (const [method, path, body] of ROUTES) {
      const res = await stack.api<ErrorBody>(method, path, { token, body });
      answers.push(
        `${method} ${path} ${res.status} ${res.body?.error?.code} ${res.headers.get('www-authenticate')?.startsWith('Bearer') ?? false}`,
      );
    }
    expect(answers).toEqual(ROUTES.map(([method, path]) => `${method} ${path} 401 ${code} true`));
  });

  it('from a tenant the deployment does not allow is refused with 401 on every /api route', async () => {
    const token = await stack.userToken(ALEX);
    const statuses = [];
    for (const [method, path, body] of ROUTES) {
      const res = await restricted.api<ErrorBody>(method, path, { token, body });
      statuses.push(`${method} ${path} ${res.status} ${res.body?.error?.code}`);
    }
    expect(statuses).toEqual(ROUTES.map(([method, path]) => `${method} ${path} 401 tenant_not_allowed`));
  });
});
