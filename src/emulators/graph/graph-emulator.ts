/**
 * The Microsoft Graph emulator (port 4000 in the local stack): /v1.0 and /beta for /me, /users,
 * /organization and the calendar events of each user, speaking Graph's wire format so that
 * @microsoft/microsoft-graph-client and plain HTTP clients work against it unchanged.
 *
 * Tokens come from the identity emulator (`identityUrl`: its per-tenant JWKS) or from an injected
 * verifier. State is in memory: the directory seeded from the shared DirectoryTenant list and the
 * event store, whose change feed (`events.onChange`) is what notifications will be built on.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createEmulatorApp, FaultCounters, FaultRule, TlsOptions } from '../shared/emulator-app';
import type { DirectoryTenant } from '../shared/directory';
import { createIdentityTokenVerifier, VerifyAccessToken } from './access-token';
import { registerControlRoutes } from './control-routes';
import { eventIds } from './event-handlers';
import { newEventFields, parseEventInput } from './event-input';
import type { StoredEvent } from './event-model';
import { renderEvent } from './event-render';
import { EventStore } from './event-store';
import { GraphDirectory } from './graph-directory';
import { graphErrorBody, injectedFaultCode } from './graph-error';
import { registerGraphConventions, registerGraphRoutes } from './graph-routes';
import { requestIdsOf } from './request-ids';

export interface GraphEmulatorOptions {
  tls?: TlsOptions;
  /** Tenants and users to seed; POST /_emulator/reset returns to these. */
  tenants?: DirectoryTenant[];
  /** Base URL of the identity emulator; tokens are checked against its per-tenant JWKS. */
  identityUrl?: string;
  /** Replaces the identity-backed verifier (tests sign their own tokens). */
  verifyAccessToken?: VerifyAccessToken;
  logger?: boolean;
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
  faults: FaultRule[];
  faultCounters: FaultCounters;
  /** Back to the seeded tenants with no events and no faults. */
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
  const verifyAccessToken = options.verifyAccessToken ?? (options.identityUrl ? createIdentityTokenVerifier(options.identityUrl) : undefined);
  if (!verifyAccessToken) throw new GraphEmulatorConfigError('createGraphEmulator needs identityUrl or verifyAccessToken to check bearer tokens');
  const seed = options.tenants ?? [];
  const directory = new GraphDirectory(seed);
  const events = new EventStore();
  const { app, faults, counters } = createEmulatorApp({
    name: 'graph',
    tls: options.tls,
    logger: options.logger,
    errorBody: (status, req) => {
      const { code, message } = injectedFaultCode(status, isMailboxPath(req));
      return graphErrorBody(code, message, requestIdsOf(req));
    },
  });

  const reset = () => {
    directory.clear();
    for (const t of seed) directory.addTenant(t);
    events.clear();
    faults.length = 0;
    counters.injected = 0;
    counters.delayed = 0;
  };

  registerGraphConventions(app);
  registerGraphRoutes(app, { directory, store: events, verifyAccessToken });
  registerControlRoutes(app, { directory, store: events, reset });

  const emulator: GraphEmulator = {
    app,
    url: '',
    directory,
    events,
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
      await app.close();
    },
    createEvent(userIdOrUpn, body) {
      const tenant = directory.tenantOfUser(userIdOrUpn);
      const user = tenant && directory.findUser(tenant.id, userIdOrUpn);
      if (!tenant || !user) throw new GraphEmulatorConfigError(`no user '${userIdOrUpn}' in any tenant`);
      const event = events.create({ mailboxId: user.id, tenantId: tenant.id }, newEventFields(parseEventInput(body)));
      const resource = renderEvent(event, { idType: 'immutable', owner: { displayName: user.displayName, address: user.mail ?? user.userPrincipalName } });
      return { event, ...eventIds(event), resource };
    },
  };
  return emulator;
}
