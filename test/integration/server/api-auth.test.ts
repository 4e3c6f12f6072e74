/**
 * Every /api route needs an Entra access token for this API, checked against the identity
 * emulator's keys; every way a token can be wrong answers 401 with its own code.
 */
import { SignJWT, decodeJwt } from 'jose';
import {
  ALEX,
  CONTOSO,
  FABRIKAM,
  IRINA,
  MEGAN,
  OTHER_API_URI,
  READ_ONLY_SCOPE,
  startBackendStack,
  type BackendStack,
} from './backend-stack';

interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

const RATE_LIMIT = 12;
let stack: BackendStack;
let alexToken: string;

beforeAll(async () => {
  stack = await startBackendStack({ env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
  alexToken = await stack.userToken(ALEX);
});

afterAll(async () => {
  await stack?.close();
});

afterEach(() => stack.setClockOffsetMs(0));

async function refusal(headers: Record<string, string>) {
  const res = await stack.api<ErrorBody>('GET', '/api/me', { headers });
  return { status: res.status, code: res.body.error?.code, challenge: res.headers.get('www-authenticate') };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('a call to the API', () => {
  it('with a valid token from the add-in is answered for that user', async () => {
    const res = await stack.api<{ tenantId: string; userId: string }>('GET', '/api/me', { token: alexToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId: CONTOSO.id, userId: ALEX.id });
  });

  it('without a token is refused with token_missing and a bare Bearer challenge', async () => {
    const r = await refusal({});
    expect(r).toMatchObject({ status: 401, code: 'token_missing' });
    expect(r.challenge).toMatch(/^Bearer realm="[^"]+"$/);
  });

  it('with another scheme or a malformed header is refused with token_invalid', async () => {
    expect(await refusal({ authorization: `Basic ${Buffer.from('alex:pw').toString('base64')}` })).toMatchObject({
      status: 401,
      code: 'token_invalid',
    });
    expect(await refusal({ authorization: 'Bearer' })).toMatchObject({ status: 401, code: 'token_invalid' });
    expect(await refusal({ authorization: `Bearer ${alexToken} extra` })).toMatchObject({ status: 401, code: 'token_invalid' });
    expect(await refusal(bearer('not.a.token'))).toMatchObject({ status: 401, code: 'token_invalid' });
  });

  it('with an expired token is refused with token_expired and an invalid_token challenge', async () => {
    stack.setClockOffsetMs(2 * 3600_000);
    const r = await refusal(bearer(alexToken));
    expect(r).toMatchObject({ status: 401, code: 'token_expired' });
    expect(r.challenge).toContain('error="invalid_token"');
  });

  it('with a token not valid yet is refused with token_not_yet_valid', async () => {
    stack.setClockOffsetMs(-10 * 60_000);
    expect(await refusal(bearer(alexToken))).toMatchObject({ status: 401, code: 'token_not_yet_valid' });
  });

  it('with a token issued for another API is refused with token_audience', async () => {
    const other = await stack.userToken(ALEX, { scope: `${OTHER_API_URI}/access_as_user` });
    expect(await refusal(bearer(other))).toMatchObject({ status: 401, code: 'token_audience' });
  });

  it('with a token lacking access_as_user is refused with token_scope', async () => {
    const readOnly = await stack.userToken(ALEX, { scope: `${stack.config.microsoft.apiAudiences[0]}/${READ_ONLY_SCOPE}` });
    const r = await refusal(bearer(readOnly));
    expect(r).toMatchObject({ status: 401, code: 'token_scope' });
    expect(r.challenge).toContain('error="insufficient_scope"');
  });

  it('with the token unsigned (alg none) is refused with token_invalid', async () => {
    const [, payload] = alexToken.split('.');
    expect(await refusal(bearer(`${segment({ alg: 'none', typ: 'JWT' })}.${payload}.`))).toMatchObject({
      status: 401,
      code: 'token_invalid',
    });
  });

  it('with the token re-signed with HS256 is refused with token_invalid', async () => {
    const forged = await new SignJWT(decodeJwt(alexToken))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await refusal(bearer(forged))).toMatchObject({ status: 401, code: 'token_invalid' });
  });

  it('with a claim altered after signing is refused with token_invalid', async () => {
    const [header, , signature] = alexToken.split('.');
    const altered = segment({ ...decodeJwt(alexToken), oid: MEGAN.id });
    expect(await refusal(bearer(`${header}.${altered}.${signature}`))).toMatchObject({ status: 401, code: 'token_invalid' });
  });

  it('refused answers in the error shape, with the request id it was logged under', async () => {
    const res = await stack.api<ErrorBody>('GET', '/api/me');
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(res.body.error.message.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('is limited per user: past the limit it is refused with 429 and Retry-After, other users go on', async () => {
    const irina = await stack.userToken(IRINA);
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) statuses.push((await stack.api('GET', '/api/me', { token: irina })).status);
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
    const limited = await stack.api<ErrorBody>('GET', '/api/me', { token: irina });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await stack.api('GET', '/api/me', { token: alexToken })).status).toBe(200);
  });

  it('with bad tokens over and over is limited by address', async () => {
    const codes: string[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) codes.push((await refusal(bearer('not.a.token'))).code ?? '');
    expect(codes).toContain('rate_limited');
  });
});

describe('a call checked by a differently configured backend', () => {
  it('from a tenant outside the allowed list is refused with tenant_not_allowed', async () => {
    const restricted = await stack.variant({ adjustConfig: (config) => void (config.microsoft.allowedTenants = [FABRIKAM.id]) });
    const res = await restricted.api<ErrorBody>('GET', '/api/me', { token: alexToken });
    expect([res.status, res.body.error.code]).toEqual([401, 'tenant_not_allowed']);
  });

  it('with a token from another authority is refused with token_issuer', async () => {
    // The same keys, but the backend trusts a different authority URL than the one that issued the token.
    const elsewhere = await stack.variant({
      adjustConfig: (config) => void (config.microsoft.authorityHost = config.microsoft.authorityHost.replace('localhost', '127.0.0.1')),
    });
    const res = await elsewhere.api<ErrorBody>('GET', '/api/me', { token: alexToken });
    expect([res.status, res.body.error.code]).toEqual([401, 'token_issuer']);
  });

  it('while the authority keys are unreachable gets 503 identity_unavailable with Retry-After, not a 401', async () => {
    // Nothing listens on port 1.
    const cut = await stack.variant({ adjustConfig: (config) => void (config.microsoft.authorityHost = 'https://127.0.0.1:1') });
    const res = await cut.api<ErrorBody>('GET', '/api/me', { token: alexToken });
    expect([res.status, res.body.error.code]).toEqual([503, 'identity_unavailable']);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});
