/**
 * Who the backend acts as in Webex for a user's meeting (docs/architecture.md#authorization-modes):
 * - 'organization': the tenant is in admin mode and the deployment has an organization token with
 *   the admin scheduling scope (WEBEX_SERVICE_TOKEN); the meeting is the user's through `hostEmail`,
 *   so the user links nothing;
 * - 'personal': the user's own Webex grant (linked from the add-in).
 *
 * The host's email is never stored: it is asked of Graph when needed (hostEmailFor) and the
 * resolver there checks its domain against the tenant's verified domains.
 */
import type { Store } from '../store';

export interface WebexActor {
  kind: 'organization' | 'personal';
  /** The bearer token of the calls. */
  token: string;
  /** Set for 'organization': the user the meeting belongs to. */
  hostEmail?: string;
}

export type WebexActorResolver = (tenantId: string, userId: string) => Promise<WebexActor>;

export interface WebexActorDeps {
  store: Pick<Store, 'getTenant'>;
  /** The organization token (config.webex.serviceToken); without it every user acts for themselves. */
  serviceToken?: string;
  /** The user's email as Webex knows them, checked against the tenant's verified domains. */
  hostEmailFor?: (tenantId: string, userId: string) => Promise<string>;
  /** The user's own Webex access token; throws 'webex_not_linked' or 'webex_reauthorization_required'. */
  personalToken: (tenantId: string, userId: string) => Promise<string>;
}

export function createWebexActorResolver(deps: WebexActorDeps): WebexActorResolver {
  return async (tenantId, userId) => {
    if (deps.serviceToken && deps.hostEmailFor) {
      const tenant = await deps.store.getTenant(tenantId);
      if (tenant?.mode === 'admin') {
        return { kind: 'organization', token: deps.serviceToken, hostEmail: await deps.hostEmailFor(tenantId, userId) };
      }
    }
    return { kind: 'personal', token: await deps.personalToken(tenantId, userId) };
  };
}
