/**
 * Who may see and change the tenant's authorization: the directory roles that can grant tenant-wide
 * admin consent to application permissions of Microsoft Graph — Global Administrator and Privileged
 * Role Administrator (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent).
 * A Cloud or Application Administrator cannot grant Graph application permissions, so they are not
 * given a page whose one action is that grant.
 *
 * Entra names a user's roles by template id in the `wids` claim of the tokens it issues them (the
 * Graph access token carries it; an ID token does when the app asks for it as an optional claim).
 * The tokens come straight from the token endpoint over TLS, so their claims are read, not verified.
 */

/** Role template ids, the same in every tenant. */
export const TENANT_ADMIN_ROLES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
} as const;

const ADMIN_ROLE_IDS = new Set<string>(Object.values(TENANT_ADMIN_ROLES));

/** True when any of the token claim sets names one of the admin roles in `wids`. */
export function holdsTenantAdminRole(...claimSets: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>): boolean {
  return claimSets.some((claims) => {
    const wids = claims?.wids;
    return Array.isArray(wids) && wids.some((w) => typeof w === 'string' && ADMIN_ROLE_IDS.has(w.toLowerCase()));
  });
}
