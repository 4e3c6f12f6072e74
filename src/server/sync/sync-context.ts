/**
 * Everything the sync engine's parts share, built once per process from the backend's clients:
 * Graph behind the per-mailbox limiter and counters, the per-user Graph tokens, Webex counted, the
 * job queue, the store, the metrics. The receiver, the workers and the calendar-sync calls all
 * take this context.
 */
import { createHostEmailResolver } from '../admin/host-email-resolver';
import type { Config } from '../config';
import type { GraphClient, GraphClientOptions } from '../graph';
import { createWebexActorResolver, type WebexActorResolver } from '../meetings/webex-actor';
import type { Db, Store, StoredWebexGrant } from '../store';
import type { JobDefinition, JobQueue } from '../jobs';
import { getWebexAccessToken } from '../webex/webex-access-token';
import type { WebexOAuth } from '../webex/webex-oauth';
import { countedWebex, type SyncWebexApi } from './counted-webex';
import { createGraphAccess, type GraphAccess } from './graph-access';
import { KeyedMutex } from './keyed-mutex';
import { createLimitedGraph, type GraphRequester } from './limited-graph';
import { MailboxLimiter, type MailboxLimits } from './mailbox-limiter';
import { createNotificationInbox, type NotificationInbox, type NotificationInboxOptions } from './notification-inbox';
import { syncEventJob, type SyncEventPayload } from './sync-jobs';
import { createSyncMetrics, type SyncMetrics } from './sync-metrics';
import { resolveSyncOptions, type ResolvedSyncOptions, type SyncOptions } from './sync-options';
import { createUnknownSubscriptions, type UnknownSubscriptions } from './unknown-subscriptions';

/** What the engine logs through (a pino Logger fits): codes and ids, never personal data. */
export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SyncDeps {
  /** With webex.serviceToken, admin-mode tenants' meetings are handled with the organization's token. */
  config: Pick<Config, 'microsoft'> & { webex?: Pick<Config['webex'], 'serviceToken'> };
  store: Store;
  /** Started, with SYNC_JOBS declared (createJobQueue(db, { jobs: SYNC_JOBS })). */
  queue: JobQueue;
  /** GraphClient with the app-only token provider (admin mode); delegated tokens are added per call. */
  graph: GraphRequester;
  /** WebexClient. */
  webex: SyncWebexApi;
  /** For refreshing users' Webex tokens (getWebexAccessToken), unless webexAccessToken is given. */
  webexOAuth?: Pick<WebexOAuth, 'refresh'>;
  /** The user's Webex access token; by default the stored grant's (or the one the job read, knownGrant), refreshed near expiry. */
  webexAccessToken?: (tenantId: string, userId: string, knownGrant?: StoredWebexGrant) => Promise<string>;
  /**
   * Who acts in Webex for a user (the meeting service's resolution, meetings/webex-actor.ts): in
   * admin mode with config.webex.serviceToken, the organization's token and the user's email as
   * hostEmail (asked of Graph through `hostEmailFor`, by default with `graph`'s app-only token);
   * otherwise the user's own token (webexAccessToken).
   */
  webexActor?: WebexActorResolver;
  /** The user's email for hostEmail (admin-mode resolution); by default read from Graph when `graph` can. */
  hostEmailFor?: (tenantId: string, userId: string) => Promise<string>;
  logger: SyncLogger;
  options: SyncOptions;
  /** Counters (a fresh set by default); expose them at /metrics. */
  metrics?: SyncMetrics;
  /** Per-mailbox Graph limits (replicas divides them; see mailbox-limiter.ts). */
  mailboxLimits?: Partial<MailboxLimits>;
  /** Per-user Graph tokens; built from config.microsoft and the store by default. */
  graphAccess?: GraphAccess;
  /** MSAL network options for delegated tokens (tests). */
  msalOptions?: Pick<GraphClientOptions, 'fetch'>;
  clock?: () => Date;
  /** How the notification inbox drains (tests). */
  inbox?: NotificationInboxOptions;
  /** Test hook, called at named steps of a job: throwing there simulates a process dying mid-job. */
  checkpoint?: (step: string) => void | Promise<void>;
}

export interface SyncContext {
  store: Store;
  queue: JobQueue;
  /** Graph, limited per mailbox and counted. */
  graph: GraphRequester;
  access: GraphAccess;
  /** Webex, counted. */
  webex: SyncWebexApi;
  webexAccessToken: (tenantId: string, userId: string, knownGrant?: StoredWebexGrant) => Promise<string>;
  /** Who acts in Webex for a user: their own token, or the organization's with hostEmail (admin mode). */
  webexActor: WebexActorResolver;
  metrics: SyncMetrics;
  /** What the receiver acknowledged, on its way to becoming jobs (started with the workers). */
  inbox: NotificationInbox;
  limiter: MailboxLimiter;
  logger: SyncLogger;
  options: ResolvedSyncOptions;
  clock: () => Date;
  /** Serializes work per event and per user in this process. */
  locks: KeyedMutex;
  /** What this Graph was found to support (learnt at run time). */
  features: { cancelledOccurrences: boolean };
  /** Subscription ids the receiver found unknown a moment ago; told of every subscription stored. */
  unknownSubscriptions: UnknownSubscriptions;
  checkpoint: (step: string) => Promise<void>;
}

export function createSyncContext(deps: SyncDeps): SyncContext {
  const options = resolveSyncOptions(deps.options);
  const metrics = deps.metrics ?? createSyncMetrics();
  const clock = deps.clock ?? (() => new Date());
  const limiter = new MailboxLimiter({ ...deps.mailboxLimits, onWait: (reason) => metrics.inc('mailbox_waits', { reason }) });
  const webexAccessToken =
    deps.webexAccessToken ??
    ((tenantId: string, userId: string, knownGrant?: StoredWebexGrant) => {
      if (!deps.webexOAuth) throw new Error('createSyncContext: give webexOAuth or webexAccessToken');
      return getWebexAccessToken(deps.store, deps.webexOAuth, tenantId, userId, clock(), knownGrant);
    });
  const serviceToken = deps.config.webex?.serviceToken;
  const hostEmailFor =
    deps.hostEmailFor ??
    (serviceToken && canReadDirectory(deps.graph) ? createHostEmailResolver({ graph: deps.graph, clock }).hostEmailFor : undefined);
  const webexActor =
    deps.webexActor ?? createWebexActorResolver({ store: deps.store, serviceToken, hostEmailFor, personalToken: webexAccessToken });
  return {
    store: deps.store,
    queue: deps.queue,
    graph: createLimitedGraph({ graph: deps.graph, limiter, metrics }),
    access:
      deps.graphAccess ??
      createGraphAccess({ store: deps.store, microsoft: deps.config.microsoft, poolOptions: { fetch: deps.msalOptions?.fetch } }),
    webex: countedWebex(deps.webex, metrics),
    webexAccessToken,
    webexActor,
    metrics,
    inbox: createNotificationInbox(
      { store: deps.store, queue: deps.queue, metrics, logger: deps.logger, coalesceSeconds: options.coalesceSeconds },
      deps.inbox,
    ),
    limiter,
    logger: deps.logger,
    options,
    clock,
    locks: new KeyedMutex(),
    features: { cancelledOccurrences: true },
    unknownSubscriptions: createUnknownSubscriptions({ now: () => clock().getTime() }),
    checkpoint: async (step) => {
      await deps.checkpoint?.(step);
    },
  };
}

/** Whether the Graph given can read users and the organization (a GraphClient can; a bare requester cannot). */
function canReadDirectory(graph: GraphRequester): graph is GraphRequester & Pick<GraphClient, 'getUser' | 'getOrganization'> {
  const candidate = graph as Partial<Pick<GraphClient, 'getUser' | 'getOrganization'>>;
  return typeof candidate.getUser === 'function' && typeof candidate.getOrganization === 'function';
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
