/**
 * The Graph webhook receiver: POST /graph/notifications and POST /graph/lifecycle. It verifies and
 * enqueues, in one transaction, and answers 202; it processes nothing inline
 * (docs/architecture.md#conventions, rule 5; Graph wants an answer within 3 s and marks slower
 * endpoints slow, then drops them).
 *
 * Checks in a fixed order, before the body is trusted (as octokit/webhooks.js does):
 * 1. the validation handshake (`?validationToken=`): 200 text/plain with the decoded token, whatever
 *    the body and its type (Graph sends text/plain), for both URLs;
 * 2. content type application/json (else 415), size (else 413), JSON syntax (else 400), the
 *    `{ value: [...] }` shape (else 400);
 * 3. the client's address: one whose POSTs kept failing the checks of step 4 gets no lookup for a
 *    while (receiver-failure-limiter.ts): its POST is refused (429) unless every notification in it
 *    verifies against the subscriptions remembered;
 * 4. per notification: a subscription id that is a GUID (anything else is dropped unlooked-up), a
 *    subscription we hold (all of a POST's looked up at once; those found remembered a while, those
 *    not found a shorter while), the clientState it was created with (compared in constant time),
 *    the tenant and mailbox it was made for. A notification failing any of these is dropped and
 *    counted, and touches nothing else;
 * 5. the rest are stored in the notification inbox (notification-inbox.ts), together with those of
 *    the other POSTs arriving meanwhile, in one write: all of them, or none and a 500 that makes
 *    Graph deliver again. Then 202. Bad input never gets a 5xx (Graph would deliver it again, and
 *    mark the endpoint slow). The inbox's drainer drops our own writes' echoes (a changeKey
 *    already synced) and turns the rest into jobs, coalesced per event.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../core/api-types';
import { clientStateMatches, type SubscriptionRow } from '../store';
import type { ChangeEntry, InboxEntry } from './notification-inbox';
import { parseNotifications, type Notification } from './notification-payload';
import { createReceiverFailureLimiter, type ReceiverFailureLimiter } from './receiver-failure-limiter';
import { isSubscriptionId } from './subscription-id';
import type { SyncContext } from './sync-context';
import { syncEventKey } from './sync-jobs';
import type { UnknownSubscriptions } from './unknown-subscriptions';

export interface GraphReceiverOptions {
  /** Where the routes live (default '/graph'). */
  prefix?: string;
  /** Largest body accepted, in bytes (default 1 MiB: Graph batches basic notifications of about 1 KB). */
  bodyLimit?: number;
  /** How long a subscription found is remembered (default 30 s, by the sync context's clock). */
  subscriptionCacheMs?: number;
  /** POSTs of which nothing verified that one address may send per failureWindowMs before it is refused (default 30). */
  failureLimit?: number;
  /** The window of failureLimit (default 60 s, by the sync context's clock). */
  failureWindowMs?: number;
}

const MAX_VALIDATION_TOKEN = 4096;

/** Fastify's body faults, as the receiver reports them. */
const BODY_FAULTS: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send notifications as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The notification body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed_request', message: 'The Content-Length does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The body is not valid JSON.' },
};

class ReceiverError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReceiverError';
  }
}

type Verdict = { ok: true; subscription: SubscriptionRow } | { ok: false; reason: string };

function sameId(a: string | undefined, b: string): boolean {
  // Graph spells the ids as they were given when the subscription was made: equal as they are, mostly.
  return a !== undefined && (a === b || a.toLowerCase() === b.toLowerCase());
}

/** A subscription we hold, as the receiver remembers it. */
interface KnownSubscription {
  row: SubscriptionRow;
  until: number;
  /** The clientState last found to match the stored hash: the next ones are compared with it, not hashed. */
  clientState?: Buffer;
}

/** Whether `presented` is the subscription's clientState: hashed and compared once, then compared with the value that matched (constant time, both ways). */
function clientStateOf(known: KnownSubscription, presented: string): boolean {
  const candidate = Buffer.from(presented, 'utf8');
  if (known.clientState) return known.clientState.length === candidate.length && timingSafeEqual(known.clientState, candidate);
  if (!clientStateMatches(known.row, presented)) return false;
  known.clientState = candidate;
  return true;
}

function verify(known: KnownSubscription | undefined, n: Notification): Verdict {
  if (!known) return { ok: false, reason: 'unknown_subscription' };
  const subscription = known.row;
  if (!clientStateOf(known, n.clientState)) return { ok: false, reason: 'client_state_mismatch' };
  if (n.tenantId !== undefined && !sameId(n.tenantId, subscription.tenantId)) return { ok: false, reason: 'tenant_mismatch' };
  if (n.kind === 'change' && !sameId(n.userId, subscription.userId)) return { ok: false, reason: 'resource_mismatch' };
  return { ok: true, subscription };
}

/**
 * The subscriptions we hold, as the receiver looks them up: the ones found are remembered for
 * `ttlMs` (every notification names one, and a tenant's few thousand are named over and over), the
 * rest are read in one query per POST (a POST naming one that another POST is reading waits for
 * that read: after a quiet while, a burst's POSTs would all read the same ones). Those not found are remembered too, more briefly, in
 * `unknown` (unknown-subscriptions.ts, which also says how one stored a moment later is not missed).
 * A subscription deleted elsewhere is honoured here for at most ttlMs; its notifications then
 * become jobs that find no authorization and do nothing.
 */
function subscriptionDirectory(
  store: SyncContext['store'],
  unknown: UnknownSubscriptions,
  clock: () => number,
  ttlMs: number,
  maxEntries = 100_000,
) {
  const known = new Map<string, KnownSubscription>();
  /** The subscription of `id` if it is remembered, without a lookup. */
  const remembered = (id: string): KnownSubscription | undefined => {
    const hit = known.get(id);
    return hit && hit.until > clock() ? hit : undefined;
  };
  /** Lookups under way, by id: a POST naming a subscription another POST is looking up waits for that lookup instead of making its own. */
  const inFlight = new Map<string, Promise<void>>();
  const lookup = async (ids: readonly string[]): Promise<Map<string, KnownSubscription>> => {
    const now = clock();
    const found = new Map<string, KnownSubscription>();
    const missing: string[] = [];
    const awaited = new Map<string, Promise<void>>();
    for (const id of new Set(ids)) {
      const hit = known.get(id);
      const pending = inFlight.get(id);
      if (hit && hit.until > now) found.set(id, hit);
      else if (pending) awaited.set(id, pending);
      else if (!unknown.has(id)) missing.push(id);
    }
    if (missing.length > 0) {
      const read = readMissing(missing, now, found);
      for (const id of missing) inFlight.set(id, read);
      try {
        await read;
      } finally {
        for (const id of missing) if (inFlight.get(id) === read) inFlight.delete(id);
      }
    }
    if (awaited.size > 0) {
      // A lookup that failed fails this POST too (500: Graph delivers again), as its own would have.
      await Promise.all(awaited.values());
      for (const id of awaited.keys()) {
        const hit = known.get(id);
        if (hit) found.set(id, hit);
      }
    }
    return found;
  };
  /** Reads the subscriptions not remembered, in one query; remembers what it found, and what it did not. */
  const readMissing = async (missing: string[], now: number, found: Map<string, KnownSubscription>): Promise<void> => {
    const started = unknown.lookupStarted();
    for (const row of await store.subscriptions.getMany(missing)) {
      const entry: KnownSubscription = { row, until: now + ttlMs };
      found.set(row.id, entry);
      known.delete(row.id);
      known.set(row.id, entry);
    }
    // Oldest first out (a Map iterates in insertion order).
    for (const id of known.keys()) {
      if (known.size <= maxEntries) break;
      known.delete(id);
    }
    unknown.remember(
      missing.filter((id) => !found.has(id)),
      started,
    );
  };
  return { lookup, remembered };
}

type Directory = ReturnType<typeof subscriptionDirectory>;

/** What the receiver keeps between requests. */
interface ReceiverState {
  directory: Directory;
  failures: ReceiverFailureLimiter;
}

/** The notifications whose subscription id could be one of Graph's; the others are dropped and counted, never looked up. */
function withSubscriptionIds(ctx: SyncContext, notifications: readonly Notification[]): { kept: Notification[]; dropped: number } {
  const kept = notifications.filter((n) => isSubscriptionId(n.subscriptionId));
  const dropped = notifications.length - kept.length;
  if (dropped > 0) ctx.metrics.inc('notifications_dropped', { reason: 'invalid_subscription_id' }, dropped);
  return { kept, dropped };
}

/** A POST of which something failed verification and nothing passed counts against its address. */
function countFailure(state: ReceiverState, request: FastifyRequest, outcome: { rejected: number; accepted: number }): void {
  if (outcome.rejected > 0 && outcome.accepted === 0) state.failures.failed(request.ip);
}

/**
 * Seconds an address whose POSTs kept failing must wait before this POST is heard; 0 when it is
 * heard now. Such an address gets no lookup, but a POST of which every notification verifies
 * against the subscriptions remembered is heard all the same: behind a proxy the backend was not
 * told of (TRUST_PROXY), Graph shares its address with whoever forges notifications, and its
 * notifications of the subscriptions it names most are still taken.
 */
function refusalOf(state: ReceiverState, request: FastifyRequest, notifications: readonly Notification[]): number {
  const seconds = state.failures.refusedFor(request.ip);
  if (seconds === 0) return 0;
  return notifications.every((n) => verify(state.directory.remembered(n.subscriptionId), n).ok) ? 0 : seconds;
}

function refuse(ctx: SyncContext, request: FastifyRequest, reply: FastifyReply, seconds: number, notifications: number): FastifyReply {
  ctx.metrics.inc('notifications_dropped', { reason: 'rate_limited' }, notifications);
  return reply
    .code(429)
    .header('Retry-After', String(seconds))
    .type('application/json; charset=utf-8')
    .send(errorBody('rate_limited', 'Too many notifications from this address failed verification; try again later.', request.id));
}

async function receive(ctx: SyncContext, state: ReceiverState, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const parsed = parseNotifications(request.body);
  if (!parsed) throw new ReceiverError(400, 'malformed_notification', 'The body is not a collection of change notifications.');
  const { metrics } = ctx;
  metrics.inc('notifications_received', undefined, parsed.notifications.length + parsed.refused.length);
  for (const reason of parsed.refused) metrics.inc('notifications_dropped', { reason });

  const { kept: notifications, dropped: invalidIds } = withSubscriptionIds(ctx, parsed.notifications);
  const refusal = refusalOf(state, request, notifications);
  if (refusal > 0) return refuse(ctx, request, reply, refusal, notifications.length);
  const subscriptions = await state.directory.lookup(notifications.map((n) => n.subscriptionId));
  const entries = new Map<string, InboxEntry>();
  let rejected = invalidIds;
  for (const n of notifications) {
    const verdict = verify(subscriptions.get(n.subscriptionId), n);
    if (!verdict.ok) {
      metrics.inc('notifications_dropped', { reason: verdict.reason });
      rejected++;
      continue;
    }
    const { subscription } = verdict;
    if (n.kind === 'lifecycle') {
      metrics.inc('lifecycle_received', { event: n.lifecycleEvent });
      entries.set(`lifecycle/${subscription.id}/${n.lifecycleEvent}`, {
        kind: 'lifecycle',
        subscriptionId: subscription.id,
        lifecycleEvent: n.lifecycleEvent,
      });
      continue;
    }
    // The ids the subscription was made with, not the notification's spelling of them.
    const entry: ChangeEntry = {
      kind: 'change',
      tenantId: subscription.tenantId,
      userId: subscription.userId,
      eventId: n.eventId,
      changeType: n.changeType,
      changeKey: n.changeKey,
    };
    // Duplicates within the POST are one entry; the same event under another changeKey is kept (the echo check is per changeKey).
    entries.set(`change/${syncEventKey(entry)}/${n.changeKey ?? ''}`, entry);
  }

  countFailure(state, request, { rejected, accepted: entries.size });
  if (entries.size > 0) {
    await ctx.inbox.append([...entries.values()]);
    metrics.inc('notifications_stored', undefined, entries.size);
  }
  return reply.code(202).send();
}

/**
 * Registers the receiver's routes on `app` (the backend app, or a bare Fastify in tests), in a
 * context of their own: its own body parser and error answers, no /api authentication.
 */
export async function registerGraphReceiver(app: FastifyInstance, ctx: SyncContext, options: GraphReceiverOptions = {}): Promise<void> {
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  // The receiver's memories and windows go by the sync context's clock (tests move it).
  const now = () => ctx.clock().getTime();
  const state: ReceiverState = {
    directory: subscriptionDirectory(ctx.store, ctx.unknownSubscriptions, now, options.subscriptionCacheMs ?? 30_000),
    failures: createReceiverFailureLimiter({ now, limit: options.failureLimit, windowMs: options.failureWindowMs }),
  };
  await app.register(
    async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        if (text.trim() === '') {
          done(Object.assign(new Error('empty body'), { code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }), undefined);
          return;
        }
        try {
          done(null, JSON.parse(text) as unknown);
        } catch {
          done(Object.assign(new Error('invalid JSON'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
        }
      });

      // The handshake comes before any look at the body: Graph posts it as text/plain.
      scope.addHook('onRequest', async (request, reply) => {
        const token = (request.query as Record<string, unknown> | undefined)?.validationToken;
        if (token === undefined) return;
        if (typeof token !== 'string' || token.length > MAX_VALIDATION_TOKEN) {
          return reply
            .code(400)
            .type('application/json; charset=utf-8')
            .send(errorBody('malformed_request', 'The validation token is not usable.', request.id));
        }
        ctx.metrics.inc('validation_handshakes');
        return reply.code(200).header('X-Content-Type-Options', 'nosniff').type('text/plain; charset=utf-8').send(token);
      });

      scope.setErrorHandler((thrown: FastifyError | Error, request, reply) => {
        const known = thrown instanceof ReceiverError ? thrown : BODY_FAULTS[(thrown as FastifyError).code ?? ''];
        if (known) {
          ctx.metrics.inc('notifications_dropped', { reason: known.code });
          return reply
            .code(known.status)
            .type('application/json; charset=utf-8')
            .send(errorBody(known.code, known.message, request.id));
        }
        // Nothing was stored: Graph delivers the batch again.
        request.log.error({ err: thrown, code: 'notification_enqueue_failed' }, 'notifications could not be stored');
        return reply
          .code(500)
          .type('application/json; charset=utf-8')
          .send(errorBody('internal_error', 'The notifications could not be stored; deliver them again.', request.id));
      });

      // Graph posts from a few addresses at the rate the tenant's calendars change: the per-user
      // API rate limit (@fastify/rate-limit, if the app registered it globally) must not apply.
      const route = { bodyLimit, config: { rateLimit: false } };
      scope.post('/notifications', route, (request, reply) => receive(ctx, state, request, reply));
      scope.post('/lifecycle', route, (request, reply) => receive(ctx, state, request, reply));
    },
    { prefix: options.prefix ?? '/graph' },
  );
}
