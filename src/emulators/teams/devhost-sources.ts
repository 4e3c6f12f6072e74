/**
 * What the Teams dev host reads from the local emulators: the seeded people and their passwords
 * (identity emulator, GET /_emulator/users), the app registration Teams' web client is
 * pre-authorized for (GET /_emulator/apps: the tab's single sign-on resource, as the Teams
 * manifest's webApplicationInfo names it), and each person's chats and channels (Graph emulator,
 * GET /_emulator/users/{id}/chats). It stands in for what Teams itself knows.
 */

/** Microsoft Teams' web client id: the dev host asks for the tab's token as Teams would. */
export const TEAMS_WEB_CLIENT_ID = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

export interface DevHostUser {
  id: string;
  upn: string;
  displayName: string;
  password: string;
  tenantId: string;
  tenantName: string;
  isTenantAdmin: boolean;
}

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

export async function loadUsers(sources: DevHostSources): Promise<DevHostUser[]> {
  const body = await getJson<{
    tenants: Array<{ id: string; displayName: string; users: Array<{ id: string; upn: string; displayName: string; password: string; isTenantAdmin: boolean }> }>;
  }>(`${sources.identityUrl}/_emulator/users`);
  return body.tenants.flatMap((t) => t.users.map((u) => ({ ...u, tenantId: t.id, tenantName: t.displayName })));
}

/** The API (app id URI) Teams' web client is pre-authorized for: the tab's SSO resource. */
export async function findSsoResource(sources: DevHostSources): Promise<string> {
  const body = await getJson<{ applications: Array<{ identifierUris: string[]; preAuthorizedApplications: Array<{ appId: string; scopes: string[] }> }> }>(
    `${sources.identityUrl}/_emulator/apps`,
  );
  const app = body.applications.find((a) => a.identifierUris.length > 0 && a.preAuthorizedApplications.some((p) => p.appId.toLowerCase() === TEAMS_WEB_CLIENT_ID));
  if (!app) throw new Error('No app registration pre-authorizes Teams: seed the identity emulator with withTeamsCalling().');
  return app.identifierUris[0]!;
}

export async function loadConversations(sources: DevHostSources, userId: string): Promise<{ chats: DevHostChat[]; teams: DevHostTeam[] }> {
  return getJson(`${sources.graphUrl}/_emulator/users/${encodeURIComponent(userId)}/chats`);
}

/** The SSO token for the tab, with the password grant, as Teams would get it silently for its signed-in user. */
export async function requestSsoToken(sources: DevHostSources, user: DevHostUser, resource: string): Promise<{ token: string; expiresAt: number }> {
  const res = await fetch(`${sources.identityUrl}/${user.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: TEAMS_WEB_CLIENT_ID,
      username: user.upn,
      password: user.password,
      scope: `${resource}/access_as_user`,
    }),
  });
  const json = (await res.json()) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!json.access_token) throw new Error(`${json.error ?? 'no token'}: ${(json.error_description ?? '').split('\n')[0]}`);
  return { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 };
}
