/**
 * The control surface for the sync side of the emulated Graph, under /_emulator/:
 *   GET|POST /_emulator/clock                  read or move the emulator clock ({offsetSeconds} or {advanceSeconds})
 *   GET  /_emulator/subscriptions              every live subscription, of every app
 *   POST /_emulator/subscriptions/{id}/lifecycle  send a lifecycle notification ({lifecycleEvent})
 *   GET  /_emulator/notifications              delivery counters, endpoint health, settings
 *   POST /_emulator/notifications/settings     change delivery settings (duplicates, delays, retries, slow rule,
 *                                              resourceForm 'userId' | 'userAtTenant'…)
 *   POST /_emulator/notifications/flush        deliver everything queued now and wait for the answers
 *   DELETE /_emulator/notifications            forget the queue, counters and endpoint health
 *   GET|POST|DELETE /_emulator/throttling      429 counters (throttle_429s), limits, added latency; DELETE zeroes counters
 *   POST /_emulator/delta/expire               forget every delta and skip token (the client must resync)
 */
import type { FastifyInstance } from 'fastify';
import { ChangeNotifier, NotifierSettingsError } from './change-notifier';
import type { SyncServices } from './graph-context';
import { GraphApiError } from './graph-error';
import { MailboxThrottle, ThrottleSettingsError } from './mailbox-throttle';
import { LIFECYCLE_EVENTS, LifecycleEvent, subscriptionResource } from './subscription-store';

export interface SyncControlDeps {
  sync: SyncServices;
  notifier: ChangeNotifier;
  throttle: MailboxThrottle;
}

function asControlError(caught: unknown): Error {
  const err = caught instanceof Error ? caught : new Error(String(caught));
  if (err instanceof NotifierSettingsError || err instanceof ThrottleSettingsError)
    return new GraphApiError(400, 'BadRequest', err.message);
  return err;
}

function clockState(sync: SyncServices): Record<string, unknown> {
  return { now: new Date(sync.clock.now()).toISOString(), offsetSeconds: sync.clock.offsetSeconds };
}

function finiteNumber(body: unknown, key: string): number | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new GraphApiError(400, 'BadRequest', `${key} must be a number.`);
  return v;
}

export function registerSyncControlRoutes(app: FastifyInstance, deps: SyncControlDeps): void {
  const { sync, notifier, throttle } = deps;

  app.get('/_emulator/clock', async () => clockState(sync));
  app.post('/_emulator/clock', async (req) => {
    const offset = finiteNumber(req.body, 'offsetSeconds');
    const advance = finiteNumber(req.body, 'advanceSeconds');
    if (offset === undefined && advance === undefined)
      throw new GraphApiError(400, 'BadRequest', 'offsetSeconds or advanceSeconds is required.');
    if (offset !== undefined) sync.clock.setOffset(offset);
    if (advance !== undefined) sync.clock.advance(advance);
    sync.subscriptions.sweep();
    return clockState(sync);
  });

  app.get('/_emulator/subscriptions', async () => ({
    value: sync.subscriptions.all().map((s) => ({
      ...subscriptionResource(s),
      tenantId: s.tenantId,
      mailboxId: s.mailboxId,
      idType: s.idType,
      reauthorizationRequired: s.reauthorizationRequiredAt !== null,
    })),
  }));

  app.post<{ Params: { id: string } }>('/_emulator/subscriptions/:id/lifecycle', async (req, reply) => {
    const event = (req.body as { lifecycleEvent?: unknown } | undefined)?.lifecycleEvent;
    if (typeof event !== 'string' || !LIFECYCLE_EVENTS.includes(event as LifecycleEvent)) {
      throw new GraphApiError(400, 'BadRequest', `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}.`);
    }
    if (!sync.subscriptions.get(req.params.id)) throw new GraphApiError(404, 'ResourceNotFound', 'The object was not found.');
    const { sent } = notifier.sendLifecycle(req.params.id, event as LifecycleEvent);
    return reply.code(202).send({ sent });
  });

  app.get('/_emulator/notifications', async () => notifier.report());
  app.post('/_emulator/notifications/settings', async (req) => {
    try {
      return { settings: notifier.configure((req.body ?? {}) as Record<string, unknown>) };
    } catch (caught) {
      throw asControlError(caught);
    }
  });
  app.post('/_emulator/notifications/flush', async () => {
    await notifier.flush();
    return notifier.report();
  });
  app.delete('/_emulator/notifications', async (_req, reply) => {
    notifier.reset();
    return reply.code(204).send();
  });

  app.get('/_emulator/throttling', async () => {
    const report = throttle.report();
    return { throttle_429s: report.counters.throttled, ...report };
  });
  app.post('/_emulator/throttling', async (req) => {
    try {
      return { settings: throttle.configure((req.body ?? {}) as Record<string, unknown>) };
    } catch (caught) {
      throw asControlError(caught);
    }
  });
  app.delete('/_emulator/throttling', async (_req, reply) => {
    throttle.reset();
    return reply.code(204).send();
  });

  app.post('/_emulator/delta/expire', async (_req, reply) => {
    sync.deltaTokens.clear();
    return reply.code(204).send();
  });
}
