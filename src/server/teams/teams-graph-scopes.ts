/**
 * The Microsoft Graph permissions of the Teams calling tab
 * (docs/architecture.md#parts-and-permissions: ChannelMember.Read.All, Chat.ReadBasic,
 * Contacts.Read, offline_access, User.Read, User.Read.All, User.ReadWrite) and no broader ones. The
 * backend asks for exactly these on the user's behalf rather than for `.default`: the scheduler's
 * consent to the same app does not stand in for the tab's, and a grant that lacks one of them fails
 * at the token step with a clear "consent required" instead of a 403 later.
 */
import { graphResourceOf } from '../graph/graph-resource';

export const TEAMS_GRAPH_PERMISSIONS = [
  'ChannelMember.Read.All',
  'Chat.ReadBasic',
  'Contacts.Read',
  'User.Read',
  'User.Read.All',
  'User.ReadWrite',
] as const;

/**
 * The permissions as scopes of the Graph resource the deployment uses, for on-behalf-of requests.
 * Global Graph's are bare names ("Contacts.Read"), as the token response names them too: MSAL
 * finds a cached token only when the scopes asked for match the ones it stored, and a prefixed
 * request never matches a bare response. Other clouds' Graph must be named.
 */
export function teamsGraphScopes(graphBaseUrl: string): string[] {
  const resource = graphResourceOf(graphBaseUrl);
  return resource === 'https://graph.microsoft.com' ? [...TEAMS_GRAPH_PERMISSIONS] : TEAMS_GRAPH_PERMISSIONS.map((p) => `${resource}/${p}`);
}

/** What the consent popup asks for: the Graph permissions and offline_access. */
export function teamsConsentScopes(graphBaseUrl: string): string[] {
  return [...teamsGraphScopes(graphBaseUrl), 'offline_access', 'openid', 'profile'];
}
