/**
 * Delegates: an assistant schedules Webex meetings for the person whose calendar they manage in
 * Outlook. The backend checks the delegate's right itself, never trusting the client: with the
 * delegate's own token for our API, exchanged on-behalf-of for a Graph token with the delegated
 * Calendars.ReadWrite.Shared and User.ReadBasic.All permissions, it finds the owner
 * (`GET /users/{owner}`, by user id, user principal name or mail) and reads the owner's calendar
 * (`GET /users/{owner}/calendar`): Exchange answers only a delegate, and says whether they may edit
 * it. Nothing is remembered between requests, so removing a delegate in Outlook removes the right
 * at the next request.
 *
 * Refusals: 403 delegate_access_required (not a delegate with write access, or no such owner: the
 * same answer, so mailboxes cannot be probed), 409 delegate_consent_required (Microsoft has no
 * consent to the sharing permission for this user: they authorize the app again), 400
 * invalid_owner, 503 graph_unavailable.
 *
 * The owner's name is read for the pane to show and never stored; the owner's email is never
 * stored either (only their user id, in the meeting row that is theirs).
 */
import type { CallerIdentity } from '../auth/bearer-token-verifier';
import type { ConfidentialClientPoolOptions, GraphClient } from '../graph';
import { createOnBehalfOfTokenProvider, GraphError, graphResourceOf, type OnBehalfOfTokenProvider } from '../graph';
import type { MicrosoftConfig } from '../config';
import { delegateScopes } from '../admin/authorization-context';
import { graphFailureToDomainError } from '../admin/host-email-resolver';
import { codeOf, DomainError } from '../errors';
import type { TenantRepository, UserRepository } from '../store';
import { resolveUserSettings } from './user-settings';
import { toError } from '../errors';
import type { DelegationStatus, OwnerAction } from '../../core/api-types';

/** Who a request acts for: the caller, or the calendar's owner a verified delegate named. */
export interface Acting {
  identity: CallerIdentity;
  delegated: boolean;
}

export interface DelegationDeps {
  microsoft: MicrosoftConfig;
  /** Graph; each call here carries the delegate's on-behalf-of token. */
  graph: Pick<GraphClient, 'request'>;
  store: { tenants: Pick<TenantRepository, 'get'>; users: Pick<UserRepository, 'get'> };
  /** The deployment has an organization Webex token (admin mode schedules with it). */
  webexServiceToken: boolean;
  /** Whether the user authorized their own calendar (individual mode). */
  hasCalendarAuthorization: (tenantId: string, userId: string) => Promise<boolean>;
  /** Called, without waiting, once a delegate made a meeting: the owner's calendar is followed if the backend may. */
  onCalendarAvailable?: (tenantId: string, userId: string) => Promise<void>;
  /** Told when following the owner's calendar failed (codes only). */
  onFollowFailed?: (error: Error) => void;
  /** Network options of the MSAL application that exchanges tokens (tests). */
  poolOptions?: ConfidentialClientPoolOptions;
  /** Replaces the on-behalf-of exchange (tests). */
  onBehalfOf?: Pick<OnBehalfOfTokenProvider, 'getAccessToken'>;
}

export interface Delegation {
  /**
   * Who the request acts for. `onBehalfOf` (an owner's user id, principal name or mail) names the
   * calendar a delegate works in; absent, or naming the caller, it is the caller's own.
   */
  actingFor(caller: CallerIdentity, userAssertion: string | undefined, onBehalfOf: string | undefined): Promise<Acting>;
  status(caller: CallerIdentity, userAssertion: string | undefined, owner: string): Promise<DelegationStatus>;
  /** After a delegate's meeting: let the sync engine follow the owner's calendar, when the backend may read it (never throws). */
  followOwner(tenantId: string, ownerId: string): Promise<void>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A mailbox or principal name as Office gives it; nothing that could change a Graph path or filter's meaning.
const MAILBOX = /^[^\s/\\?#%"<>]{1,320}$/;

function accessRequired(cause?: unknown): DomainError {
  return new DomainError(
    'forbidden',
    'delegate_access_required',
    'You are not a delegate with write access to this calendar.',
    cause === undefined ? undefined : { cause },
  );
}

/** Graph's and the token service's failures during the check, as the API answers them. */
function checkFailure(thrown: unknown): Error {
  const code = codeOf(thrown);
  if (code === 'graph_consent_required' || code === 'graph_interaction_required') {
    return new DomainError(
      'conflict',
      'delegate_consent_required',
      'Authorize Webex Scheduler again, so that it can check that you manage this calendar.',
      { cause: thrown },
    );
  }
  if (thrown instanceof GraphError && (thrown.status === 403 || thrown.status === 404)) return accessRequired(thrown);
  if (code === 'graph_user_assertion_invalid')
    return new DomainError('unauthenticated', 'token_invalid', 'The access token could not be used; sign in again.', { cause: thrown });
  return graphFailureToDomainError(thrown) ?? toError(thrown);
}

interface GraphUserBasics {
  id?: string;
  displayName?: string;
}

export function createDelegation(deps: DelegationDeps): Delegation {
  const scopes = delegateScopes(graphResourceOf(deps.microsoft.graphBaseUrl));
  const obo = deps.onBehalfOf ?? createOnBehalfOfTokenProvider(deps.microsoft, deps.poolOptions ?? {});

  /** The owner the delegate names, checked: they may write to the owner's calendar. */
  async function verify(
    caller: CallerIdentity,
    userAssertion: string | undefined,
    owner: string,
  ): Promise<{ ownerId: string; displayName?: string }> {
    if (!GUID.test(owner) && !MAILBOX.test(owner))
      throw new DomainError('invalid', 'invalid_owner', 'onBehalfOf must be a user id or a mailbox address.');
    if (!userAssertion) throw new DomainError('unauthenticated', 'token_missing', 'An access token is required.');
    const auth = { getAccessToken: () => obo.getAccessToken(caller.tenantId, userAssertion, scopes) };
    try {
      const found = await findOwner(caller.tenantId, owner, auth);
      if (!found?.id) throw accessRequired();
      const calendar = await deps.graph.request<{ canEdit?: boolean }>(caller.tenantId, {
        path: `/users/${encodeURIComponent(found.id)}/calendar`,
        query: { $select: 'canEdit' },
        auth,
      });
      if (calendar?.canEdit !== true) throw accessRequired();
      return { ownerId: found.id.toLowerCase(), ...(found.displayName ? { displayName: found.displayName } : {}) };
    } catch (thrown) {
      if (thrown instanceof DomainError) throw thrown;
      throw checkFailure(thrown);
    }
  }

  /** The owner by id or principal name; failing that, by mail (Office names the owner by their SMTP address). */
  async function findOwner(
    tenantId: string,
    owner: string,
    auth: { getAccessToken(): Promise<string> },
  ): Promise<GraphUserBasics | undefined> {
    try {
      return await deps.graph.request<GraphUserBasics>(tenantId, {
        path: `/users/${encodeURIComponent(owner)}`,
        query: { $select: 'id,displayName' },
        auth,
      });
    } catch (thrown) {
      if (!(thrown instanceof GraphError && thrown.status === 404) || GUID.test(owner)) throw thrown;
    }
    const byMail = await deps.graph.request<{ value?: GraphUserBasics[] }>(tenantId, {
      path: '/users',
      query: { $filter: `mail eq '${owner.replace(/'/g, "''")}'`, $select: 'id,displayName', $top: 2 },
      auth,
    });
    return byMail?.value?.length === 1 ? byMail.value[0] : undefined;
  }

  return {
    async actingFor(caller, userAssertion, onBehalfOf) {
      if (onBehalfOf === undefined || onBehalfOf.toLowerCase() === caller.userId) return { identity: caller, delegated: false };
      const { ownerId } = await verify(caller, userAssertion, onBehalfOf);
      // The caller's own mailbox, named by its address.
      if (ownerId === caller.userId) return { identity: caller, delegated: false };
      return { identity: { tenantId: caller.tenantId, userId: ownerId }, delegated: true };
    },

    async status(caller, userAssertion, owner) {
      const { ownerId, displayName } = await verify(caller, userAssertion, owner);
      const tenant = await deps.store.tenants.get(caller.tenantId);
      const admin = tenant?.mode === 'admin';
      const organization = admin && deps.webexServiceToken;
      const actions: OwnerAction[] = [];
      if (!organization) {
        const row = await deps.store.users.get(caller.tenantId, ownerId);
        if (!row?.webexLinked) actions.push('link_webex');
        if (!resolveUserSettings(row?.settings).allowDelegates) actions.push('allow_delegates');
      }
      // Graph sends no change notifications through the sharing permissions: edits are followed
      // through the owner's mailbox, with the organization's authorization or the owner's own.
      if (!admin && !(await deps.hasCalendarAuthorization(caller.tenantId, ownerId))) actions.push('authorize_calendar');
      return {
        owner: { userId: ownerId, ...(displayName ? { displayName } : {}) },
        webexScheduling: organization ? 'organization' : 'personal',
        ready: !actions.includes('link_webex') && !actions.includes('allow_delegates'),
        ownerActions: actions,
      };
    },

    async followOwner(tenantId, ownerId) {
      const follow = deps.onCalendarAvailable;
      if (!follow) return;
      try {
        const tenant = await deps.store.tenants.get(tenantId);
        if (tenant?.mode !== 'admin' && !(await deps.hasCalendarAuthorization(tenantId, ownerId))) return;
        // Not awaited: the delegate's answer should not wait for a subscription to be made.
        follow(tenantId, ownerId).catch((thrown: unknown) => deps.onFollowFailed?.(toError(thrown)));
      } catch (thrown) {
        deps.onFollowFailed?.(toError(thrown));
      }
    },
  };
}
