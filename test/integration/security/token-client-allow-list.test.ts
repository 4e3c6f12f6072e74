/**
 * Which application obtained a bearer token matters: /api takes the tokens the add-in and Microsoft
 * Teams get for the user, and refuses, with 401 token_client_not_allowed, a token that another
 * application of the tenant obtained for the same access_as_user scope — a user's consent to that
 * application must not let it call the API, nor use this product's Graph permissions through the
 * on-behalf-of routes (/api/teams).
 *
 * The tokens are real: the identity emulator issues them with the password grant to the add-in, to
 * Teams' web and desktop clients (seeded as Teams' tab SSO guide pre-authorizes them), and to a
 * third application registered here, which the user consented to for access_as_user.
 */
import { normalizeApplication } from '../../../src/emulators/identity/application-registration';
import { TEAMS_CLIENT_IDS } from '../../../src/emulators/identity/teams-registration';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';
import { ALEX, CONTOSO, startTeamsStack, type ErrorAnswer, type TeamsStack } from '../teams/teams-stack';

/** A public client of the tenant (e.g. a tool a user installed) that asks for the API's scope. */
const OTHER_CLIENT_ID = '0b5e55ed-0000-4000-8000-00000000a11e';

let stack: TeamsStack;

beforeAll(async () => {
  stack = await startTeamsStack();
  stack.identity.state.addApplication(
    normalizeApplication({
      clientId: OTHER_CLIENT_ID,
      displayName: 'Another app of the tenant',
      homeTenantId: CONTOSO.id,
      allowPublicClient: true,
      requiredResourceAccess: [{ resource: LOCAL_APP.backendClientId, delegated: ['access_as_user'] }],
    }),
  );
  // The user consented to it: the identity platform issues it a token for the API.
  stack.identity.state.grantUserConsent(CONTOSO.id, ALEX.id, OTHER_CLIENT_ID, LOCAL_APP.backendClientId, ['access_as_user']);
  // The tab's Graph permissions, so that /api/teams answers for the clients that are allowed.
  stack.grantAdminConsent();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** A token for the API's access_as_user, as the identity platform issues it to `clientId`. */
async function tokenFor(clientId: string, user: DirectoryUser = ALEX): Promise<string> {
  const res = await fetch(`${stack.identity.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: clientId,
      username: user.userPrincipalName,
      password: user.password,
      scope: stack.config.microsoft.apiScope,
    }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`the identity emulator issued no token to ${clientId}: ${body.error}`);
  return body.access_token;
}

describe('the application that obtained a bearer token', () => {
  it.each([
    ['the add-in', LOCAL_APP.addinClientId],
    ['Teams (web)', TEAMS_CLIENT_IDS.web],
    ['Teams (desktop and mobile)', TEAMS_CLIENT_IDS.desktopAndMobile],
  ])('is accepted when it is %s', async (_name, clientId) => {
    const token = await tokenFor(clientId);
    const me = await stack.api('GET', '/api/me', { token });
    const teamsMe = await stack.api('GET', '/api/teams/me', { token });
    expect([me.status, teamsMe.status]).toEqual([200, 200]);
  });

  it('is refused with 401 token_client_not_allowed when it is another application of the tenant', async () => {
    const token = await tokenFor(OTHER_CLIENT_ID);
    const oboBefore = stack.identity.state.tokenCounters.on_behalf_of ?? 0;
    const answers = [];
    for (const path of ['/api/me', '/api/teams/me', '/api/teams/directory?q=meg']) {
      const res = await stack.api<ErrorAnswer>('GET', path, { token });
      answers.push(`${path} ${res.status} ${res.body?.error?.code} ${res.headers.get('www-authenticate')?.startsWith('Bearer') ?? false}`);
    }
    expect(answers).toEqual([
      '/api/me 401 token_client_not_allowed true',
      '/api/teams/me 401 token_client_not_allowed true',
      '/api/teams/directory?q=meg 401 token_client_not_allowed true',
    ]);
    // Nothing was asked of the identity platform on its behalf.
    expect(stack.identity.state.tokenCounters.on_behalf_of ?? 0).toBe(oboBefore);
  });
});
