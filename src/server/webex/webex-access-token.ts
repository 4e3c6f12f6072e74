/**
 * A usable Webex access token for a user: the stored grant's, refreshed when it expires within
 * five minutes (the new grant is saved), or an error that sends the user to link Webex again.
 *
 * Refresh tokens may be single-use, so two refreshes of one grant must not race:
 * - in this process, concurrent calls for one user share one refresh;
 * - across replicas, a refresh Webex refuses is checked against the store again: if the stored
 *   refresh token changed meanwhile, another replica refreshed first and its grant is used; only
 *   a grant that is still the one Webex refused is deleted.
 */
import { ClientFaultError } from '../outbound/client-fault-error';
import { ServiceError } from '../outbound/service-error';
import { WebexAuthorizationError } from './webex-authorization-error';
import type { WebexOAuth, WebexTokenSet } from './webex-oauth';

/** What getWebexAccessToken needs of the store (src/server/store's webex-grants repository). */
export interface WebexGrantStore {
  get(tenantId: string, userId: string): Promise<WebexTokenSet | undefined>;
  save(tenantId: string, userId: string, grant: WebexTokenSet): Promise<void>;
  delete(tenantId: string, userId: string): Promise<unknown>;
}

/** Refresh this long before the access token expires, so that a call made with it does not fail mid-way. */
export const WEBEX_REFRESH_MARGIN_MS = 5 * 60_000;

/** Refreshes in flight, per store (so that separate stores, as in tests, never share one). */
const inFlight = new WeakMap<object, Map<string, Promise<string>>>();
/** Refreshes finished, per store and user: a call that read the grant while one finished reads it again. */
const refreshesDone = new WeakMap<object, Map<string, number>>();

export async function getWebexAccessToken(
  store: WebexGrantStore,
  oauth: Pick<WebexOAuth, 'refresh'>,
  tenantId: string,
  userId: string,
  now: Date = new Date(),
  knownGrant?: WebexTokenSet,
): Promise<string> {
  // A grant the caller just read (a sync job's one read) that is good for a while: nothing to refresh, nothing to read.
  if (knownGrant && knownGrant.accessExpiresAt.getTime() - now.getTime() > WEBEX_REFRESH_MARGIN_MS) return knownGrant.accessToken;
  let pending = inFlight.get(store);
  if (!pending) {
    pending = new Map();
    inFlight.set(store, pending);
  }
  const key = `${tenantId}\n${userId}`;
  const running = pending.get(key);
  if (running) return running;
  let done = refreshesDone.get(store);
  if (!done) {
    done = new Map();
    refreshesDone.set(store, done);
  }
  const doneBefore = done.get(key) ?? 0;

  const grant = await store.get(tenantId, userId);
  if (!grant) throw new WebexAuthorizationError('webex_not_linked');
  if (grant.accessExpiresAt.getTime() - now.getTime() > WEBEX_REFRESH_MARGIN_MS) return grant.accessToken;

  // Another call may have started the refresh while we read the store, or even finished it (then
  // what we read is the old grant: read the new one).
  const started = pending.get(key);
  if (started) return started;
  if ((done.get(key) ?? 0) !== doneBefore) return getWebexAccessToken(store, oauth, tenantId, userId, now);
  const map = pending;
  const finished = done;
  const refresh = refreshGrant(store, oauth, tenantId, userId, grant, now).finally(() => {
    map.delete(key);
    finished.set(key, (finished.get(key) ?? 0) + 1);
  });
  map.set(key, refresh);
  return refresh;
}

function isTransient(e: unknown): boolean {
  return (e instanceof ServiceError && e.retryable) || (e instanceof ClientFaultError && e.retryable);
}

async function refreshGrant(
  store: WebexGrantStore,
  oauth: Pick<WebexOAuth, 'refresh'>,
  tenantId: string,
  userId: string,
  grant: WebexTokenSet,
  now: Date,
): Promise<string> {
  if (grant.refreshExpiresAt.getTime() <= now.getTime()) {
    await store.delete(tenantId, userId);
    throw new WebexAuthorizationError('webex_reauthorization_required');
  }
  try {
    const fresh = await oauth.refresh(grant.refreshToken);
    await store.save(tenantId, userId, fresh);
    return fresh.accessToken;
  } catch (e) {
    // Webex is unreachable or busy, but the token we hold is still good for a while: use it.
    if (isTransient(e) && grant.accessExpiresAt.getTime() > now.getTime()) return grant.accessToken;
    if (!(e instanceof WebexAuthorizationError)) throw e;
    const current = await store.get(tenantId, userId);
    if (current && current.refreshToken !== grant.refreshToken) {
      // Another replica refreshed first (or the user linked again): theirs is the grant now.
      if (current.accessExpiresAt.getTime() > now.getTime()) return current.accessToken;
      throw e;
    }
    if (current) await store.delete(tenantId, userId);
    throw e;
  }
}
