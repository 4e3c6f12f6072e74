import { adminConsentUrl, authorizeUrl, nonceFor, refreshTokenOf } from '../../../../src/server/admin/microsoft-sign-in';

describe('the URLs the browser is sent to', () => {
  it('ask the authorize endpoint for a code with PKCE S256, a nonce and the scopes, answered in the query', () => {
    const url = new URL(
      authorizeUrl({
        authorityHost: 'https://login.microsoftonline.com/',
        tenant: 'organizations',
        clientId: 'client',
        redirectUri: 'https://scheduler.example.com/auth/callback',
        scopes: ['openid', 'profile', 'https://graph.microsoft.com/User.Read'],
        state: 'st',
        codeChallenge: 'ch',
        nonce: 'n',
        prompt: 'select_account',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client',
      response_type: 'code',
      redirect_uri: 'https://scheduler.example.com/auth/callback',
      response_mode: 'query',
      scope: 'openid profile https://graph.microsoft.com/User.Read',
      state: 'st',
      nonce: 'n',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      prompt: 'select_account',
    });
  });

  it('ask the v2.0 admin consent endpoint of the admin’s own tenant for everything the registration requires', () => {
    const url = new URL(
      adminConsentUrl({
        authorityHost: 'https://login.microsoftonline.com',
        tenant: 'tid',
        clientId: 'client',
        redirectUri: 'https://s.example/admin/consent/callback',
        scope: 'https://graph.microsoft.com/.default',
        state: 'st',
      }),
    );
    expect(url.pathname).toBe('/tid/v2.0/adminconsent');
    expect(url.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
  });

  it('bind the nonce to the flow’s verifier, so that it need not be stored', () => {
    expect(nonceFor('verifier-a')).toBe(nonceFor('verifier-a'));
    expect(nonceFor('verifier-a')).not.toBe(nonceFor('verifier-b'));
  });
});

describe('the refresh token of a sign-in', () => {
  it('is read from the RefreshToken section of MSAL’s serialized cache, and nothing else of it', () => {
    const cache = {
      Account: { 'oid.tid-login.microsoftonline.com-tid': { username: 'adele@contoso.example' } },
      RefreshToken: { 'oid.tid-login.microsoftonline.com-refreshtoken-client--': { credential_type: 'RefreshToken', secret: 'rt-secret' } },
    };
    expect(refreshTokenOf(JSON.stringify(cache))).toBe('rt-secret');
  });

  it('is missing when no offline_access was granted, or the cache is not MSAL’s', () => {
    expect(refreshTokenOf(JSON.stringify({ Account: {}, RefreshToken: {} }))).toBeUndefined();
    expect(refreshTokenOf('not json')).toBeUndefined();
    expect(refreshTokenOf('')).toBeUndefined();
  });
});
