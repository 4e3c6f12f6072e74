/**
 * The Teams calling tab's backend as the tests run it (scripts/world/world.ts): the identity emulator
 * seeded with the product's registrations plus the Teams additions (teams-registration.ts), the
 * Graph emulator checking tokens against it, no Webex emulator, and the backend app in-process on a
 * free port with an in-memory PGlite store and its log lines kept — everything the tab talks to,
 * without the browser.
 *
 * The tab's SSO token is what Teams would get for it: the password grant with Teams' web client
 * id, for the backend's access_as_user scope (pre-authorized, so no consent).
 */
import { GRAPH_APP_ID } from '../../../src/emulators/identity/graph-permissions';
import { TEAMS_CALLING_GRAPH_PERMISSIONS, TEAMS_CLIENT_IDS } from '../../../src/emulators/identity/teams-registration';
import type { DirectoryTenant, DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';
import { freePort } from '../../../scripts/world/free-port';
import { CONTOSO, FABRIKAM, startWorld, type World, type WorldOptions } from '../../../scripts/world/world';

export { CONTOSO, FABRIKAM };
export const [ADELE, ALEX, MEGAN, IRINA] = CONTOSO.users as [DirectoryUser, DirectoryUser, DirectoryUser, DirectoryUser];

export interface TeamsStack extends World {
  /** Where the tab is served (the add-in's origin in the config). */
  tabBaseUrl: string;
  /** The SSO token Teams gets for the tab. */
  ssoToken(user: DirectoryUser): Promise<string>;
  /** Grants the tab's Graph permissions tenant-wide, as an admin consenting for the organization would. */
  grantAdminConsent(tenantId?: string): void;
  /** Revokes every grant of the backend app in the tenant (admin and users'). */
  revokeConsent(tenantId?: string): void;
}

export interface TeamsStackOptions {
  tenants?: DirectoryTenant[];
  adjustDeps?: WorldOptions['adjustDeps'];
  /** The port the tab's pages are served on, by a server the caller already listens with (default: a free port, for the API tests that serve no pages). */
  tabPort?: number;
}

export async function startTeamsStack(options: TeamsStackOptions = {}): Promise<TeamsStack> {
  const world = await startWorld({
    tenants: options.tenants ?? [CONTOSO, FABRIKAM],
    identity: { teamsCalling: true },
    webex: false,
    addinPort: options.tabPort ?? (await freePort()),
    ...(options.adjustDeps ? { adjustDeps: options.adjustDeps } : {}),
  });
  const graphDelegated = { [GRAPH_APP_ID]: [...TEAMS_CALLING_GRAPH_PERMISSIONS] };
  return Object.assign(world, {
    tabBaseUrl: world.addinBaseUrl,
    ssoToken: (user: DirectoryUser) => world.userToken(user, { clientId: TEAMS_CLIENT_IDS.web }),
    grantAdminConsent(tenantId = CONTOSO.id) {
      world.identity.state.grantAdminConsent(tenantId, LOCAL_APP.backendClientId, { delegated: graphDelegated });
    },
    revokeConsent(tenantId = CONTOSO.id) {
      world.identity.state.revokeConsents(tenantId, LOCAL_APP.backendClientId);
    },
  });
}

export interface ErrorAnswer {
  error: { code: string; message: string; requestId: string };
}
