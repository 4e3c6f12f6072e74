/**
 * How the dev hosts sign in as a seeded person, as Teams and Office sign in their own user: the
 * identity emulator's seeded people with their passwords (GET /_emulator/users), and a token for an
 * API's `access_as_user` scope with the password grant, asked as the host's own client application
 * (Teams' for the Teams dev host, Office's for the Outlook dev host's single sign-on).
 */

export interface DevHostUser {
  id: string;
  upn: string;
  displayName: string;
  password: string;
  tenantId: string;
  tenantName: string;
  isTenantAdmin: boolean;
}

export async function loadUsers(identityUrl: string): Promise<DevHostUser[]> {
  const res = await fetch(`${identityUrl}/_emulator/users`);
  if (!res.ok) throw new Error(`${identityUrl}/_emulator/users answered ${res.status}`);
  const body = (await res.json()) as {
    tenants: Array<{
      id: string;
      displayName: string;
      users: Array<{ id: string; upn: string; displayName: string; password: string; isTenantAdmin: boolean }>;
    }>;
  };
  return body.tenants.flatMap((t) => t.users.map((u) => ({ ...u, tenantId: t.id, tenantName: t.displayName })));
}

/** A token for `<resource>/access_as_user`, for the person, as the client application `clientId`. */
export async function requestSsoToken(
  identityUrl: string,
  user: DevHostUser,
  resource: string,
  clientId: string,
): Promise<{ token: string; expiresAt: number }> {
  const res = await fetch(`${identityUrl}/${user.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: clientId,
      username: user.upn,
      password: user.password,
      scope: `${resource}/access_as_user`,
    }),
  });
  const json = (await res.json()) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!json.access_token) throw new Error(`${json.error ?? 'no token'}: ${(json.error_description ?? '').split('\n')[0]}`);
  return { token: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 3600) * 1000 };
}
