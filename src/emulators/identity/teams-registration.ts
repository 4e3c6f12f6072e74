/**
 * What the Webex calling tab for Microsoft Teams adds to the product's app registrations
 * (product-registrations.ts), as seed data for the local stack:
 *
 * - the backend's API is the tab's single sign-on resource (the Teams manifest's
 *   webApplicationInfo): Teams' own clients are pre-authorized for `access_as_user`, as
 *   Microsoft's tab SSO guide asks, so Teams gets the tab a token without a prompt;
 * - the backend gets a redirect URI on the tab's origin for the consent popup. The tab's Graph
 *   permissions (docs/architecture.md#parts-and-permissions) are not added to its required
 *   permissions: they are asked for incrementally, by the popup and by the backend's on-behalf-of
 *   requests, so consenting to the scheduler does not consent to the calling tab, nor the other way
 *   round;
 * - stand-ins for Teams' first-party clients (web, and desktop/mobile), with public client flows
 *   allowed, so that the Teams dev host can get the tab's SSO token for a seeded user with the
 *   password grant, as Teams itself would get it for its signed-in user.
 */
import type { ApplicationRegistrationInput } from './application-registration';

/** Microsoft Teams' client application ids (Microsoft's tab SSO documentation). */
export const TEAMS_CLIENT_IDS = {
  web: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
  desktopAndMobile: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
} as const;

/** Microsoft's own tenant, home of the first-party clients. */
const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/**
 * The Teams calling tab's delegated Graph permissions (docs/architecture.md#parts-and-permissions).
 */
export const TEAMS_CALLING_GRAPH_PERMISSIONS = [
  'ChannelMember.Read.All',
  'Chat.ReadBasic',
  'Contacts.Read',
  'User.Read',
  'User.Read.All',
  'User.ReadWrite',
] as const;

export interface TeamsRegistrationIds {
  backendClientId: string;
  /** Where the tab is served, e.g. https://localhost:3000 (the add-in's origin). */
  tabBaseUrl: string;
}

/** The redirect URI of the tab's consent popup. */
export function teamsConsentRedirectUri(tabBaseUrl: string): string {
  return `${tabBaseUrl.replace(/\/+$/, '')}/teams-auth.html`;
}

/** Stand-ins for Teams' first-party clients. */
export function teamsClientRegistrations(): ApplicationRegistrationInput[] {
  return [
    {
      clientId: TEAMS_CLIENT_IDS.web,
      displayName: 'Microsoft Teams Web Client',
      homeTenantId: MICROSOFT_TENANT_ID,
      allowPublicClient: true,
    },
    {
      clientId: TEAMS_CLIENT_IDS.desktopAndMobile,
      displayName: 'Microsoft Teams',
      homeTenantId: MICROSOFT_TENANT_ID,
      allowPublicClient: true,
    },
  ];
}

/**
 * The product's registrations with the Teams calling tab added: the backend's registration (by
 * client id) pre-authorizes Teams and accepts the consent popup's redirect, and Teams' clients
 * are appended. The input is not changed.
 */
export function withTeamsCalling(registrations: ApplicationRegistrationInput[], ids: TeamsRegistrationIds): ApplicationRegistrationInput[] {
  const backendId = ids.backendClientId.toLowerCase();
  const changed = registrations.map((r): ApplicationRegistrationInput => {
    if (r.clientId.toLowerCase() !== backendId) return r;
    const preAuthorized = [...(r.preAuthorizedApplications ?? [])];
    for (const appId of Object.values(TEAMS_CLIENT_IDS)) {
      if (!preAuthorized.some((p) => p.appId.toLowerCase() === appId)) preAuthorized.push({ appId, scopes: ['access_as_user'] });
    }
    const web = [...(r.redirectUris?.web ?? [])];
    const redirect = teamsConsentRedirectUri(ids.tabBaseUrl);
    if (!web.includes(redirect)) web.push(redirect);
    return { ...r, preAuthorizedApplications: preAuthorized, redirectUris: { ...r.redirectUris, web } };
  });
  if (!changed.some((r) => r.clientId.toLowerCase() === backendId))
    throw new Error(`withTeamsCalling: no registration with client id ${ids.backendClientId}`);
  const known = new Set(changed.map((r) => r.clientId.toLowerCase()));
  return [...changed, ...teamsClientRegistrations().filter((c) => !known.has(c.clientId))];
}
