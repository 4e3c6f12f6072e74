/**
 * The backend as the server tests run it (scripts/world/world.ts): the identity and Webex emulators
 * with Contoso and Fabrikam, no Graph emulator, an in-memory PGlite store and the app on a free port
 * of 127.0.0.1 (so that the OAuth redirects are real HTTP), its clock movable and its log lines kept.
 * The backend's registration has a second, read-only scope, and another application's API is
 * registered beside it: tokens for someone else.
 */
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import { LOCAL_APP } from '../../../src/server/config';
import { CONTOSO, FABRIKAM, startWorld, userNamed, type World, type WorldOptions } from '../../../scripts/world/world';

export { CONTOSO, FABRIKAM };
export const ALEX: DirectoryUser = userNamed(CONTOSO, 'Alex');
export const MEGAN: DirectoryUser = userNamed(CONTOSO, 'Megan');
export const IRINA: DirectoryUser = userNamed(CONTOSO, 'Irina');
export const ADELE: DirectoryUser = userNamed(CONTOSO, 'Adele');
/** An API of another application, for tokens issued to someone else. */
export const OTHER_API_ID = '5e1f0c3a-7d2b-4e6a-9c1d-00000000a0a0';
export const OTHER_API_URI = `api://localhost:3000/${OTHER_API_ID}`;
/** A second scope of our API, for tokens without access_as_user. */
export const READ_ONLY_SCOPE = 'Meetings.Read';

export type BackendStack = World;

export function startBackendStack(options: Pick<WorldOptions, 'env' | 'adjustConfig' | 'adjustDeps'> = {}): Promise<BackendStack> {
  return startWorld({
    ...options,
    tenants: [CONTOSO, FABRIKAM],
    graph: false,
    identity: {
      adjustRegistrations: (registrations) => {
        const backend = registrations[0] as (typeof registrations)[number];
        backend.scopes = ['access_as_user', READ_ONLY_SCOPE];
        backend.preAuthorizedApplications = [{ appId: LOCAL_APP.addinClientId, scopes: ['access_as_user', READ_ONLY_SCOPE] }];
        return [
          ...registrations,
          {
            clientId: OTHER_API_ID,
            displayName: 'Another API',
            homeTenantId: CONTOSO.id,
            identifierUris: [OTHER_API_URI],
            scopes: ['access_as_user'],
            preAuthorizedApplications: [{ appId: LOCAL_APP.addinClientId, scopes: ['access_as_user'] }],
          },
        ];
      },
    },
  });
}
