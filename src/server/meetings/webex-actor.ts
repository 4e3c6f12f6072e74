/**
 * Who the backend acts as in Webex for a user's meeting (docs/architecture.md#authorization-modes):
 * - 'organization': the tenant is in admin mode and the deployment has an organization token with
 *   the admin scheduling scope (WEBEX_SERVICE_TOKEN); the meeting is the user's through `hostEmail`,
 *   so the user links nothing;
 * - 'personal': the user's own Webex grant (linked from the add-in).
 *
 * The host's email is never stored: it is asked of Graph when needed (hostEmailFor) and the
 * resolver there checks its domain against the tenant's verified domains.
 *
 * For a delegate's meeting the user is the calendar's owner (the delegate's right was checked
 * before: meetings/delegation.ts). The organization's token schedules for the owner as for anyone;
 * otherwise Webex lets only admins schedule for someone else, so the owner's own grant acts, and
 * only when the owner has linked Webex and turned on "Let my Outlook delegates add Webex meetings
 * for me" (409 owner_webex_not_linked, 403 owner_delegation_disabled).
 */
import { DomainError } from '../errors';
import type { TenantRepository, UserRepository, StoredWebexGrant, TenantRow } from '../store';
import { resolveUserSettings } from './user-settings';

export interface WebexActor {
  kind: 'organization' | 'personal';
  /** The bearer token of the calls. */
  token: string;
  /** Set for 'organization': the user the meeting belongs to. */
  hostEmail?: string;
}

export interface WebexActorContext {
  /** A delegate acts for the user (the calendar's owner). */
  delegated?: boolean;
  /**
   * The tenant and the user's Webex grant as the caller just read them (a sync job's one read,
   * store/event-sync-inputs.ts), instead of reading them again.
   */
  known?: { tenant: TenantRow | undefined; webexGrant(): StoredWebexGrant | undefined };
}

export type WebexActorResolver = (tenantId: string, userId: string, context?: WebexActorContext) => Promise<WebexActor>;

export interface WebexActorDeps {
  store: { tenants: Pick<TenantRepository, 'get'> } & { users?: Partial<Pick<UserRepository, 'get'>> };
  /** The organization token (config.webex.serviceToken); without it every user acts for themselves. */
  serviceToken?: string;
  /** The user's email as Webex knows them, checked against the tenant's verified domains. */
  hostEmailFor?: (tenantId: string, userId: string) => Promise<string>;
  /** The user's own Webex access token; throws 'webex_not_linked' or 'webex_reauthorization_required'. */
  personalToken: (tenantId: string, userId: string, knownGrant?: StoredWebexGrant) => Promise<string>;
}

export function createWebexActorResolver(deps: WebexActorDeps): WebexActorResolver {
  return async (tenantId, userId, context = {}) => {
    if (deps.serviceToken && deps.hostEmailFor) {
      const tenant = context.known ? context.known.tenant : await deps.store.tenants.get(tenantId);
      if (tenant?.mode === 'admin') {
        return { kind: 'organization', token: deps.serviceToken, hostEmail: await deps.hostEmailFor(tenantId, userId) };
      }
    }
    if (context.delegated) return { kind: 'personal', token: await ownerToken(deps, tenantId, userId) };
    return { kind: 'personal', token: await deps.personalToken(tenantId, userId, context.known?.webexGrant()) };
  };
}

function ownerNotLinked(cause?: unknown): DomainError {
  return new DomainError(
    'conflict',
    'owner_webex_not_linked',
    'The calendar’s owner has not linked a Webex account to this app.',
    cause === undefined ? undefined : { cause },
  );
}

/** The owner's own Webex token for a delegate's meeting, if the owner linked Webex and allows delegates. */
async function ownerToken(deps: WebexActorDeps, tenantId: string, ownerId: string): Promise<string> {
  const owner = deps.store.users?.get ? await deps.store.users.get(tenantId, ownerId) : undefined;
  if (!owner?.webexLinked) throw ownerNotLinked();
  if (!resolveUserSettings(owner.settings).allowDelegates) {
    throw new DomainError(
      'forbidden',
      'owner_delegation_disabled',
      'The calendar’s owner has not let delegates add Webex meetings with their Webex account.',
    );
  }
  try {
    return await deps.personalToken(tenantId, ownerId);
  } catch (thrown) {
    const code = (thrown as { code?: unknown } | null)?.code;
    if (code === 'webex_not_linked') throw ownerNotLinked(thrown);
    if (code === 'webex_reauthorization_required') {
      throw new DomainError(
        'conflict',
        'owner_webex_reauthorization_required',
        'The calendar’s owner must link their Webex account again.',
        { cause: thrown },
      );
    }
    throw thrown;
  }
}
