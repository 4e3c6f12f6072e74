/**
 * The Graph webhook receiver: POST /graph/notifications and POST /graph/lifecycle. It verifies and
 * enqueues, in one transaction, and answers 202; it processes nothing inline (STYLE.md rule 5;
 * Graph wants an answer within 3 s and marks slower endpoints slow, then drops them).
 *
 * Checks in a fixed order, before the body is trusted (as octokit/webhooks.js does):
 * 1. the validation handshake (`?validationToken=`): 200 text/plain with the decoded token, whatever
 *    the body and its type (Graph sends text/plain), for both URLs;
 * 2. content type application/json (else 415), size (else 413), JSON syntax (else 400), the
 *    `{ value: [...] }` shape (else 400);
 * 3. per notification: a subscription we hold, the clientState it was created with (compared in
 *    constant time), the tenant and mailbox it was made for. A notification failing any of these
 *    is dropped and counted, and touches nothing else;
 * 4. a change whose changeKey is the one already synced is dropped too (our own writes' echoes);
 * 5. the rest become jobs (coalesced per event) in one transaction: all of them, or none and a 500
 *    that makes Graph deliver again.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../http/api-error';
import { clientStateMatches, type SubscriptionRow } from '../store';
import { parseNotifications, type ChangeNotification, type Notification } from './notification-payload';
import { enqueueSyncEvent, sendCoalesced, type SyncContext } from './sync-context';
import { subscriptionLifecycleJob, syncEventKey, type SubscriptionLifecyclePayload, type SyncEventPayload } from './sync-jobs';

export interface GraphReceiverOptions {
  /** Where the routes live (default '/graph'). */
  prefix?: string;
  /** Largest body accepted, in bytes (default 1 MiB: Graph batches basic notifications of about 1 KB). */
  bodyLimit?: number;
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
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

async function verify(ctx: SyncContext, n: Notification): Promise<Verdict> {
  const subscription = await ctx.store.getSubscription(n.subscriptionId);
  if (!subscription) return { ok: false, reason: 'unknown_subscription' };
  if (!clientStateMatches(subscription, n.clientState)) return { ok: false, reason: 'client_state_mismatch' };
  if (n.tenantId !== undefined && !sameId(n.tenantId, subscription.tenantId)) return { ok: false, reason: 'tenant_mismatch' };
  if (n.kind === 'change' && !sameId(n.userId, subscription.userId)) return { ok: false, reason: 'resource_mismatch' };
  return { ok: true, subscription };
}

async function alreadySynced(ctx: SyncContext, subscription: SubscriptionRow, n: ChangeNotification): Promise<boolean> {
  if (!n.changeKey) return false;
  const link = await ctx.store.getLinkByEvent(subscription.tenantId, subscription.userId, n.eventId);
  return link?.lastSynced.changeKey === n.changeKey;
}

async function receive(ctx: SyncContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const parsed = parseNotifications(request.body);
  if (!parsed) throw new ReceiverError(400, 'malformed_notification', 'The body is not a collection of change notifications.');
  const { metrics } = ctx;
  metrics.inc('notifications_received', undefined, parsed.notifications.length + parsed.refused.length);
  for (const reason of parsed.refused) metrics.inc('notifications_dropped', { reason });

  const changes = new Map<string, SyncEventPayload>();
  const lifecycle = new Map<string, SubscriptionLifecyclePayload>();
  for (const n of parsed.notifications) {
    const verdict = await verify(ctx, n);
    if (!verdict.ok) {
      metrics.inc('notifications_dropped', { reason: verdict.reason });
      continue;
    }
    const { subscription } = verdict;
    if (n.kind === 'lifecycle') {
      metrics.inc('lifecycle_received', { event: n.lifecycleEvent });
      lifecycle.set(`${subscription.id}/${n.lifecycleEvent}`, { subscriptionId: subscription.id, lifecycleEvent: n.lifecycleEvent });
      continue;
    }
    if (await alreadySynced(ctx, subscription, n)) {
      metrics.inc('sync_skipped_known_change');
      continue;
    }
    // The ids the subscription was made with, not the notification's spelling of them.
    const payload: SyncEventPayload = { tenantId: subscription.tenantId, userId: subscription.userId, eventId: n.eventId, changeType: n.changeType };
    changes.set(syncEventKey(payload), payload);
  }

  if (changes.size > 0 || lifecycle.size > 0) {
    await ctx.store.transaction(async (tx) => {
      for (const payload of changes.values()) await enqueueSyncEvent(ctx, payload, tx.db);
      for (const payload of lifecycle.values()) {
        await sendCoalesced(ctx, subscriptionLifecycleJob, payload, `${payload.subscriptionId}/${payload.lifecycleEvent}`, tx.db);
      }
    });
    metrics.inc('notifications_enqueued', undefined, changes.size + lifecycle.size);
  }
  return reply.code(202).send();
}

/**
 * Registers the receiver's routes on `app` (the backend app, or a bare Fastify in tests), in a
 * context of their own: its own body parser and error answers, no /api authentication.
 */
export async function registerGraphReceiver(app: FastifyInstance, ctx: SyncContext, options: GraphReceiverOptions = {}): Promise<void> {
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
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
          return reply.code(400).type('application/json; charset=utf-8').send(errorBody('malformed_request', 'The validation token is not usable.', request.id));
        }
        ctx.metrics.inc('validation_handshakes');
        return reply.code(200).header('X-Content-Type-Options', 'nosniff').type('text/plain; charset=utf-8').send(token);
      });

      scope.setErrorHandler((thrown: FastifyError | Error, request, reply) => {
        const known = thrown instanceof ReceiverError ? thrown : BODY_FAULTS[(thrown as FastifyError).code ?? ''];
        if (known) {
          ctx.metrics.inc('notifications_dropped', { reason: known.code });
          return reply.code(known.status).type('application/json; charset=utf-8').send(errorBody(known.code, known.message, request.id));
        }
        // Nothing was stored: Graph delivers the batch again.
        request.log.error({ err: thrown, code: 'notification_enqueue_failed' }, 'notifications could not be stored');
        return reply.code(500).type('application/json; charset=utf-8').send(errorBody('internal_error', 'The notifications could not be stored; deliver them again.', request.id));
      });

      // Graph posts from a few addresses at the rate the tenant's calendars change: the per-user
      // API rate limit (@fastify/rate-limit, if the app registered it globally) must not apply.
      const route = { bodyLimit, config: { rateLimit: false } };
      scope.post('/notifications', route, (request, reply) => receive(ctx, request, reply));
      scope.post('/lifecycle', route, (request, reply) => receive(ctx, request, reply));
    },
    { prefix: options.prefix ?? '/graph' },
  );
}
