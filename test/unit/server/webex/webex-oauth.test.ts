import { WebexAuthorizationError } from '../../../../src/server/webex/webex-authorization-error';
import { WebexOAuth } from '../../../../src/server/webex/webex-oauth';
import { FakeClock } from '../fake-clock';
import { fakeFetch, json } from '../fake-fetch';

function oauth(f: typeof fetch, clock = new FakeClock()) {
  return new WebexOAuth({
    baseUrl: 'https://webexapis.example/v1',
    clientId: 'cid',
    clientSecret: 'secret',
    redirectUri: 'https://app.example/cb',
    scopes: ['a', 'b'],
    fetch: f,
    clock,
  });
}

describe('WebexOAuth (answers of the token endpoint)', () => {
  it('recognises an RFC 6749 invalid_grant as a grant to drop', async () => {
    const f = fakeFetch(json(400, { error: 'invalid_grant', error_description: 'expired' }));
    await expect(oauth(f).refresh('rt')).rejects.toBeInstanceOf(WebexAuthorizationError);
  });

  it('recognises Webex’s relayed broker error as a grant to drop', async () => {
    const message =
      "POST failed: HTTP/1.1 400 Bad Request (url = https://idbroker.webex.com/idb/oauth2/v1/access_token, error = '(invalid_grant) The refresh token provided is expired, revoked, malformed, or invalid.')";
    const f = fakeFetch(json(400, { message, errors: [{ description: message }], trackingId: 'ROUTER_1' }));
    await expect(oauth(f).refresh('rt')).rejects.toMatchObject({ code: 'webex_reauthorization_required', trackingId: 'ROUTER_1' });
  });

  it('never takes an outage for a dead grant', async () => {
    const f = fakeFetch(json(500, { message: 'invalid_grant handling failed' }));
    await expect(oauth(f).refresh('rt')).rejects.toMatchObject({ code: 'webex_unavailable', retryable: true });
  });

  it('sends the client credentials, grant and PKCE verifier as a form', async () => {
    const f = fakeFetch(json(200, { access_token: 'at', expires_in: 60, refresh_token: 'rt', refresh_token_expires_in: 120 }));
    await oauth(f).exchangeCode('the-code', 'the-verifier');
    const form = new URLSearchParams(f.requests[0]?.body);
    expect(f.requests[0]?.url).toBe('https://webexapis.example/v1/access_token');
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://app.example/cb',
      code_verifier: 'the-verifier',
      client_id: 'cid',
      client_secret: 'secret',
    });
  });

  it('dates expiries from the clock and keeps the refresh token when a refresh returns none', async () => {
    const clock = new FakeClock();
    const f = fakeFetch(json(200, { access_token: 'at2', expires_in: 1209600, scope: 'a b' }));
    const set = await oauth(f, clock).refresh('kept');
    expect(set).toMatchObject({ accessToken: 'at2', refreshToken: 'kept', scopes: ['a', 'b'] });
    expect(set.accessExpiresAt.getTime()).toBe(clock.now() + 1209600 * 1000);
  });

  it('does not send a refresh twice after a timeout', async () => {
    const hang = () => new Response(new ReadableStream({ start() {} }), { status: 200 });
    const f = fakeFetch(hang, json(200, { access_token: 'x', expires_in: 1 }));
    await expect(
      new WebexOAuth({
        baseUrl: 'https://webexapis.example/v1',
        clientId: 'c',
        clientSecret: 's',
        redirectUri: 'https://a/cb',
        scopes: [],
        fetch: f,
        timeoutMs: 20,
      }).refresh('rt'),
    ).rejects.toMatchObject({ code: 'outbound_timeout' });
    expect(f.requests).toHaveLength(1);
  });
});
