/**
 * What the Teams dev host reads from the local emulators: the seeded people and their passwords
 * (identity emulator, GET /_emulator/users), the app registration Teams' web client is
 * pre-authorized for (GET /_emulator/apps: the tab's single sign-on resource, as the Teams
 * manifest's webApplicationInfo names it), and each person's chats and channels (Graph emulator,
 * GET /_emulator/users/{id}/chats). It stands in for what Teams itself knows.
 */
import { TEAMS_CLIENT_IDS } from '../identity/teams-registration';
import { loadUsers as loadSeededUsers, requestSsoToken as requestSeededSsoToken, type DevHostUser } from '../identity/seeded-sign-in';

export type { DevHostUser };

/** Microsoft Teams' web client id: the dev host asks for the tab's token as Teams would. */
export const TEAMS_WEB_CLIENT_ID = TEAMS_CLIENT_IDS.web;

/** The seeded people of the identity emulator, with their passwords. */
export const loadUsers = (sources: DevHostSources): Promise<DevHostUser[]> => loadSeededUsers(sources.identityUrl);

/** The SSO token for the tab, with the password grant, as Teams would get it silently for its signed-in user. */
export const requestSsoToken = (
  sources: DevHostSources,
  user: DevHostUser,
  resource: string,
): Promise<{ token: string; expiresAt: number }> => requestSeededSsoToken(sources.identityUrl, user, resource, TEAMS_WEB_CLIENT_ID);

export interface DevHostChat {
  id: string;
  chatType: string;
  topic: string | null;
  members: Array<{ userId: string; displayName: string }>;
}

export interface DevHostTeam {
  id: string;
  displayName: string;
  channels: Array<{ id: string; displayName: string; membershipType: string }>;
}

export interface DevHostSources {
  identityUrl: string;
  graphUrl: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

/** The API (app id URI) Teams' web client is pre-authorized for: the tab's SSO resource. */
export async function findSsoResource(sources: DevHostSources): Promise<string> {
  const body = await getJson<{
    applications: Array<{ identifierUris: string[]; preAuthorizedApplications: Array<{ appId: string; scopes: string[] }> }>;
  }>(`${sources.identityUrl}/_emulator/apps`);
  const app = body.applications.find(
    (a) => a.identifierUris.length > 0 && a.preAuthorizedApplications.some((p) => p.appId.toLowerCase() === TEAMS_WEB_CLIENT_ID),
  );
  if (!app) throw new Error('No app registration pre-authorizes Teams: seed the identity emulator with withTeamsCalling().');
  return app.identifierUris[0]!;
}

export async function loadConversations(sources: DevHostSources, userId: string): Promise<{ chats: DevHostChat[]; teams: DevHostTeam[] }> {
  return getJson(`${sources.graphUrl}/_emulator/users/${encodeURIComponent(userId)}/chats`);
}
