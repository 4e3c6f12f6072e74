/**
 * Everything the sync engine's parts share: the receiver, the workers and the calendar-sync calls
 * all take this context. Its dependencies are built once per process by the composition root
 * (src/server/compose.ts) and given here, none made up when missing; this file only puts Graph
 * behind the per-mailbox limiter and the counters, Webex behind the counters, and adds the
 * engine's own in-process state (locks, what Graph was found to support, unknown subscriptions).
 */
import type { WebexActorResolver } from '../meetings/webex-actor';
import type { Db, Store } from '../store';
import type { JobDefinition, JobQueue } from '../jobs';
import { countedWebex, type SyncWebexApi } from './counted-webex';
import type { GraphAccess } from './graph-access';
import { KeyedMutex } from './keyed-mutex';
import { createLimitedGraph, type GraphRequester } from './limited-graph';
import { MailboxLimiter, type MailboxLimits } from './mailbox-limiter';
import type { NotificationInbox } from './notification-inbox';
import { syncEventJob, type SyncEventPayload } from './sync-jobs';
import type { SyncMetrics } from './sync-metrics';
import type { ResolvedSyncOptions } from './sync-options';
import { createUnknownSubscriptions, type UnknownSubscriptions } from './unknown-subscriptions';

/** What the engine logs through (a pino Logger fits): codes and ids, never personal data. */
export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What the engine is given; every field is required (src/server/compose.ts builds them). */
export interface SyncDeps {
  store: Store;
  /** Started, with SYNC_JOBS declared (createJobQueue(db, { jobs: SYNC_JOBS })). */
  queue: JobQueue;
  /** GraphClient with the app-only token provider (admin mode); delegated tokens are added per call (`access`). */
  graph: GraphRequester;
  /** Per-user Graph tokens (graph-access.ts). */
  access: GraphAccess;
  /** WebexClient. */
  webex: SyncWebexApi;
  /** Who acts in Webex for a user: their own token, or the organization's with hostEmail (meetings/webex-actor.ts). */
  webexActor: WebexActorResolver;
  /** What the receiver acknowledged, on its way to becoming jobs; started and stopped by whoever built it. */
  inbox: NotificationInbox;
  /** The engine's counters, shown on /metrics. */
  metrics: SyncMetrics;
  /** Per-mailbox Graph limits over DEFAULT_MAILBOX_LIMITS (replicas divides them; see mailbox-limiter.ts). */
  mailboxLimits: Partial<MailboxLimits>;
  logger: SyncLogger;
  options: ResolvedSyncOptions;
  clock: () => Date;
  /** Called at named steps of a job (sync-event.ts names them): the fault suite's crash throws or dies there. */
  checkpoint: (step: string) => void | Promise<void>;
}

/**
 * What the engine works with: its deps, Graph limited per mailbox and counted and Webex counted, and
 * what this process keeps (the limiter, the locks, what Graph was found to support).
 */
export interface SyncContext extends Omit<SyncDeps, 'mailboxLimits' | 'checkpoint'> {
  /** Graph, limited per mailbox and counted. */
  graph: GraphRequester;
  /** Webex, counted. */
  webex: SyncWebexApi;
  limiter: MailboxLimiter;
  /** Serializes work per event and per user in this process. */
  locks: KeyedMutex;
  /** What this Graph was found to support (learnt at run time). */
  features: { cancelledOccurrences: boolean };
  /** Subscription ids the receiver found unknown a moment ago; told of every subscription stored. */
  unknownSubscriptions: UnknownSubscriptions;
  checkpoint: (step: string) => Promise<void>;
}

export function createSyncContext(deps: SyncDeps): SyncContext {
  const { metrics, clock } = deps;
  const limiter = new MailboxLimiter({ ...deps.mailboxLimits, onWait: (reason) => metrics.inc('mailbox_waits', { reason }) });
  return {
    store: deps.store,
    queue: deps.queue,
    graph: createLimitedGraph({ graph: deps.graph, limiter, metrics }),
    access: deps.access,
    webex: countedWebex(deps.webex, metrics),
    webexActor: deps.webexActor,
    metrics,
    inbox: deps.inbox,
    limiter,
    logger: deps.logger,
    options: deps.options,
    clock,
    locks: new KeyedMutex(),
    features: { cancelledOccurrences: true },
    unknownSubscriptions: createUnknownSubscriptions({ now: () => clock().getTime() }),
    checkpoint: async (step) => {
      await deps.checkpoint(step);
    },
  };
}

/**
 * Sends a job coalesced by its key (the job's keyOf; its queue is stately): a job of the key already
 * waiting takes this one's place. It starts coalesceSeconds from now, so that the notifications of
 * the next moments find it waiting and join it; the one run reads the state of things when it
 * starts. (A job that had already started could not cover a request made after it: such a request
 * makes a job of its own, which waits until that one has finished.)
 */
export function sendCoalesced<T extends object>(
  ctx: Pick<SyncContext, 'queue' | 'options'>,
  job: JobDefinition<T>,
  payload: T,
  tx?: Db,
): Promise<string | null> {
  const delay = ctx.options.coalesceSeconds;
  return ctx.queue.send(job, payload, { tx, ...(delay === 0 ? {} : { startAfter: delay }) });
}

/** Queues a sync of one event, coalesced with the other notifications of the event. */
export function enqueueSyncEvent(ctx: Pick<SyncContext, 'queue' | 'options'>, payload: SyncEventPayload, tx?: Db): Promise<string | null> {
  return sendCoalesced(ctx, syncEventJob, payload, tx);
}
