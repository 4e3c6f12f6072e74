/**
 * The Microsoft Graph emulator (port 4000 in the local stack): /v1.0 and /beta for /me, /users,
 * /organization and the calendar events of each user (recurring series, instances, calendarView
 * and its delta), /subscriptions with change and lifecycle notifications delivered as Graph
 * delivers them, $batch, and Outlook's per-app per-mailbox throttling, speaking Graph's wire
 * format so that @microsoft/microsoft-graph-client and plain HTTP clients work against it unchanged.
 *
 * Tokens come from the identity emulator (`identityUrl`: its per-tenant JWKS) or from an injected
 * verifier. State is in memory: the directory seeded from the shared DirectoryTenant list, the
 * event store, whose change feed (`events.onChange`) drives the notifier, the subscriptions and the
 * delta states. A clock of its own (`clock`, POST /_emulator/clock) lets tests move past expiry.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createEmulatorApp, FaultCounters, FaultRule, TlsOptions } from '../shared/emulator-app';
import type { DirectoryTenant } from '../shared/directory';
import { createIdentityTokenVerifier, VerifyAccessToken } from './access-token';
import { ChangeNotifier, NotifierSettings } from './change-notifier';
import { registerControlRoutes } from './control-routes';
import { DeltaTokens } from './delta-tokens';
import { EmulatorClock } from '../shared/emulator-clock';
import { createEndpointValidator, EndpointValidator } from './endpoint-validation';
import { eventIds } from './event-handlers';
import { newEventFields, parseEventInput } from './event-input';
import type { StoredEvent } from './event-model';
import { renderEvent } from './event-render';
import { EventStore } from './event-store';
import { GraphDirectory } from './graph-directory';
import type { SyncServices } from './graph-context';
import { graphErrorBody, injectedFaultCode } from './graph-error';
import { registerGraphConventions, registerGraphRoutes } from './graph-routes';
import { MailboxThrottle, ThrottleSettings } from './mailbox-throttle';
import { requestIdsOf } from './request-ids';
import { SubscriptionStore } from './subscription-store';
import { registerSyncControlRoutes } from './sync-control-routes';
import { registerTeamsGraphRoutes } from './teams-graph-routes';

export interface GraphEmulatorOptions {
  tls?: TlsOptions;
  /** Tenants and users to seed; POST /_emulator/reset returns to these. */
  tenants?: DirectoryTenant[];
  /** Base URL of the identity emulator; tokens are checked against its per-tenant JWKS. */
  identityUrl?: string;
  /** Replaces the identity-backed verifier (tests sign their own tokens). */
  verifyAccessToken?: VerifyAccessToken;
  logger?: boolean;
  /** Longest subscription lifetime on events, in minutes (Graph documents 10,080; older limits were 4,230). */
  maxSubscriptionMinutes?: number;
  /** Live subscriptions allowed per mailbox (default 1,000). */
  maxSubscriptionsPerMailbox?: number;
  /** How long a notification endpoint has to answer the validation handshake (default 10,000 ms). */
  validationTimeoutMs?: number;
  /** Replaces the handshake (tests of other parts that have no receiver). */
  validateEndpoint?: EndpointValidator;
  /** Delivery settings (batching, realism knobs, timeouts, retries, slow rule); see change-notifier.ts. */
  notifications?: Partial<NotifierSettings>;
  /** Outlook limits per app per mailbox and added latency; see mailbox-throttle.ts. */
  throttling?: Partial<ThrottleSettings>;
  /** The base clock (default Date.now); POST /_emulator/clock shifts it. */
  now?: () => number;
  /** Randomness for duplicates, extra notifications and shuffling (default Math.random). */
  random?: () => number;
  /** Delta states kept before the oldest are evicted (default 10,000). */
  deltaTokenCapacity?: number;
}

export interface CreatedEvent {
  event: StoredEvent;
  /** The regular (REST) id and the immutable id. */
  id: string;
  immutableId: string;
  /** The event as Graph returns it (UTC, immutable id). */
  resource: Record<string, unknown>;
}

export interface GraphEmulator {
  app: FastifyInstance;
  listen(port?: number, host?: string): Promise<string>;
  /** 'https://localhost:<port>' once listening. */
  url: string;
  close(): Promise<void>;
  directory: GraphDirectory;
  events: EventStore;
  clock: EmulatorClock;
  subscriptions: SubscriptionStore;
  notifier: ChangeNotifier;
  throttle: MailboxThrottle;
  deltaTokens: DeltaTokens;
  faults: FaultRule[];
  faultCounters: FaultCounters;
  /** Back to the seeded tenants with no events, subscriptions, queued notifications, delta states or faults, and the clock unshifted. */
  reset(): void;
  addTenant(tenant: DirectoryTenant): void;
  /** Stores an event in a user's calendar as if the user made it in Outlook (a Graph event body). */
  createEvent(userIdOrUpn: string, body: Record<string, unknown>): CreatedEvent;
}

export class GraphEmulatorConfigError extends Error {
  readonly code = 'graph_emulator_config';
  constructor(message: string) {
    super(message);
    this.name = 'GraphEmulatorConfigError';
  }
}

function isMailboxPath(req: FastifyRequest): boolean {
  return /\/(events|calendar)(\/|\(|$|\?)/i.test(req.url);
}

export function createGraphEmulator(options: GraphEmulatorOptions = {}): GraphEmulator {
  const verifyAccessToken =
    options.verifyAccessToken ?? (options.identityUrl ? createIdentityTokenVerifier(options.identityUrl) : undefined);
  if (!verifyAccessToken)
    throw new GraphEmulatorConfigError('createGraphEmulator needs identityUrl or verifyAccessToken to check bearer tokens');
  const seed = options.tenants ?? [];
  const directory = new GraphDirectory(seed);
  const clock = new EmulatorClock(options.now);
  const now = () => clock.now();
  const events = new EventStore(now);
  const subscriptions = new SubscriptionStore(now);
  const deltaTokens = new DeltaTokens(options.deltaTokenCapacity);
  const throttle = new MailboxThrottle(now, options.throttling);
  const notifier = new ChangeNotifier({ store: events, subscriptions, clock, settings: options.notifications, random: options.random });
  notifier.start();
  const sync: SyncServices = {
    clock,
    subscriptions,
    deltaTokens,
    validateEndpoint: options.validateEndpoint ?? createEndpointValidator({ timeoutMs: options.validationTimeoutMs ?? 10_000 }),
    maxSubscriptionMinutes: options.maxSubscriptionMinutes ?? 10_080,
    maxSubscriptionsPerMailbox: options.maxSubscriptionsPerMailbox ?? 1_000,
  };
  const { app, faults, counters } = createEmulatorApp({
    name: 'graph',
    tls: options.tls,
    logger: options.logger,
    errorBody: (status, req, custom) => {
      const { code, message } = injectedFaultCode(status, isMailboxPath(req));
      return graphErrorBody(code, custom ?? message, requestIdsOf(req));
    },
  });

  const reset = () => {
    directory.clear();
    for (const t of seed) directory.addTenant(t);
    events.clear();
    subscriptions.clear();
    notifier.reset();
    throttle.reset();
    deltaTokens.clear();
    clock.reset();
    faults.length = 0;
    counters.injected = 0;
    counters.delayed = 0;
  };

  registerGraphConventions(app);
  registerGraphRoutes(app, { directory, store: events, verifyAccessToken, sync, throttle });
  registerControlRoutes(app, { directory, store: events, sync, reset });
  registerSyncControlRoutes(app, { sync, notifier, throttle });
  registerTeamsGraphRoutes(app, { directory, store: events, sync, throttle, verifyAccessToken });

  const emulator: GraphEmulator = {
    app,
    url: '',
    directory,
    events,
    clock,
    subscriptions,
    notifier,
    throttle,
    deltaTokens,
    faults,
    faultCounters: counters,
    reset,
    addTenant: (tenant) => directory.addTenant(tenant),
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      emulator.url = `${options.tls ? 'https' : 'http'}://localhost:${address.port}`;
      return emulator.url;
    },
    async close() {
      // Requests still being answered finish first, with the notifications they queued still queued (a saved world keeps them).
      await app.close();
      notifier.stop();
    },
    createEvent(userIdOrUpn, body) {
      const tenant = directory.tenantOfUser(userIdOrUpn);
      const user = tenant && directory.findUser(tenant.id, userIdOrUpn);
      if (!tenant || !user) throw new GraphEmulatorConfigError(`no user '${userIdOrUpn}' in any tenant`);
      const event = events.create({ mailboxId: user.id, tenantId: tenant.id }, newEventFields(parseEventInput(body)));
      const resource = renderEvent(event, {
        idType: 'immutable',
        owner: { displayName: user.displayName, address: user.mail ?? user.userPrincipalName },
      });
      return { event, ...eventIds(event), resource };
    },
  };
  return emulator;
}
