import { teamsConsentUrl } from '../../../../src/server/teams/teams-consent-url';
import { teamsConsentScopes, teamsGraphScopes } from '../../../../src/server/teams/teams-graph-scopes';

const TENANT = '72f988bf-0000-4000-8000-00000000c0de';

describe('the consent popup’s authorization request', () => {
  const url = new URL(
    teamsConsentUrl({
      authorityHost: 'https://login.microsoftonline.com/',
      tenant: TENANT,
      clientId: 'app-id',
      redirectUri: 'https://tab.example/teams-auth.html',
      scopes: teamsConsentScopes('https://graph.microsoft.com'),
      loginHint: 'alex@contoso.example',
      state: 's1',
    }),
  );

  it('goes to the tenant’s v2.0 authorize endpoint for the backend’s app', () => {
    expect(`${url.origin}${url.pathname}`).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'app-id',
      response_type: 'code',
      response_mode: 'query',
      redirect_uri: 'https://tab.example/teams-auth.html',
      prompt: 'consent',
      state: 's1',
      login_hint: 'alex@contoso.example',
    });
  });

  it('asks for the tab’s permissions of docs/architecture.md and no broader ones', () => {
    expect(url.searchParams.get('scope')!.split(' ').sort()).toEqual(
      [
        'ChannelMember.Read.All',
        'Chat.ReadBasic',
        'Contacts.Read',
        'User.Read',
        'User.Read.All',
        'User.ReadWrite',
        'offline_access',
        'openid',
        'profile',
      ].sort(),
    );
  });

  it('refuses a tenant that could change the URL’s path', () => {
    expect(() =>
      teamsConsentUrl({
        authorityHost: 'https://login.microsoftonline.com',
        tenant: 'evil/../x',
        clientId: 'a',
        redirectUri: 'https://t',
        scopes: [],
        state: 's',
      }),
    ).toThrow();
  });
});

describe('the scopes of the on-behalf-of requests', () => {
  it('are bare names for the global Graph, so that MSAL finds its cached tokens', () => {
    expect(teamsGraphScopes('https://graph.microsoft.com')).toContain('Contacts.Read');
    expect(teamsGraphScopes('https://localhost:4000')).toContain('Contacts.Read');
  });

  it('name the resource for a national cloud’s Graph', () => {
    expect(teamsGraphScopes('https://graph.microsoft.us')).toContain('https://graph.microsoft.us/Contacts.Read');
  });
});
