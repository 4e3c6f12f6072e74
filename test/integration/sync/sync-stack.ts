/**
 * The backend with its sync engine, as main.ts wires it (src/server/compose.ts), against the three
 * emulators:
 * - identity (the product's registrations, admin consent in the local tenant),
 * - Graph (delivering notifications over HTTP to the backend, batching shortened for tests),
 * - Webex;
 * an in-memory PGlite store, and composeBackend's backend on it (its job queue, the app with the
 * Graph receiver), listening on a free port of 127.0.0.1, its workers and inbox drainer running.
 * `outlook` plays the user editing their calendar (Graph REST, app-only, so its requests are not
 * counted as the backend's).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { readDevCerts } from '../../../scripts/dev-certs';
import { joinBlockStringsFor, joinDetailsFromWebexMeeting, renderJoinBlockHtml } from '../../../src/core/join-block';
import { buildMarker, customPropertiesWithMarker, extendedPropertyId } from '../../../src/core/marker';
import { instantOfWallClock, parseLocalDateTime } from '../../../src/core/recurrence/zoned-time';
import type { NotifierSettings } from '../../../src/emulators/graph/change-notifier';
import { createGraphEmulator, type GraphEmulator } from '../../../src/emulators/graph/graph-emulator';
import { createIdentityEmulator, type IdentityEmulator } from '../../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../../src/emulators/identity/product-registrations';
import { defaultDirectory, type DirectoryUser } from '../../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator } from '../../../src/emulators/webex/webex-emulator';
import type { MeetingSnapshot } from '../../../src/emulators/webex/webex-state';
import { composeBackend } from '../../../src/server/compose';
import { LOCAL_APP, loadConfig, type Config } from '../../../src/server/config';
import { createAppOnlyTokenProvider, GraphClient } from '../../../src/server/graph';
import type { JobQueue } from '../../../src/server/jobs';
import { createLogger } from '../../../src/server/logging/create-logger';
import { openStore, type Store } from '../../../src/server/store';
import type { SyncContext, SyncOptions, SyncWorkers } from '../../../src/server/sync';
import { WebexClient } from '../../../src/server/webex/webex-client';
import { freePort } from '../../../scripts/bench/free-port';

export const ADDIN_ID = 'e11830dd-13a2-4b11-9012-8e90508d3f44';
export const CONTOSO = defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain);
export const ALEX = CONTOSO.users.find((u) => u.givenName === 'Alex') as DirectoryUser;
export const MEGAN = CONTOSO.users.find((u) => u.givenName === 'Megan') as DirectoryUser;

export interface SyncStackOptions {
  /** The tenant's mode in the store (default admin: app-only Graph access). */
  mode?: 'admin' | 'individual';
  /** Delivery settings of the Graph emulator. */
  notifications?: Partial<NotifierSettings>;
  sync?: Partial<SyncOptions>;
  /** Start the workers (default true). */
  workers?: boolean;
  /** Test hook of the sync engine (throwing simulates a crash). */
  checkpoint?: (step: string) => void | Promise<void>;
}

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

/** A meeting as POST /api/meetings answers it. */
export interface MeetingDetails {
  id: string;
  meetingNumber: string;
  webLink: string;
  password?: string;
  start: string;
  end: string;
  title: string;
  recurrence: string | null;
  telephony: unknown;
}

export interface GraphEventBody {
  id: string;
  changeKey: string;
  [key: string]: unknown;
}

export interface SyncStack {
  identity: IdentityEmulator;
  graph: GraphEmulator;
  webex: WebexEmulator;
  store: Store;
  queue: JobQueue;
  app: FastifyInstance;
  url: string;
  config: Config;
  ctx: SyncContext;
  workers: SyncWorkers;
  /** Moves the backend's clock (the emulators' are moved separately). */
  setClockOffsetMs(ms: number): void;
  /** While true, /graph answers 500 to everything (a receiver having a bad time). */
  receiverDown: boolean;
  /** The user's token for our API, as the add-in gets it. */
  apiToken(user?: DirectoryUser): Promise<string>;
  api<T = unknown>(method: string, path: string, body?: unknown, user?: DirectoryUser): Promise<ApiResult<T>>;
  /** POST /api/meetings, as the add-in does. */
  addMeeting(draft: Record<string, unknown>, user?: DirectoryUser): Promise<MeetingDetails>;
  /** The Graph event body the add-in leaves behind: join block in the body, marker in the custom properties. */
  eventBodyWith(meeting: MeetingDetails, fields: Record<string, unknown>): Record<string, unknown>;
  outlook: {
    create(body: Record<string, unknown>, user?: DirectoryUser): Promise<GraphEventBody>;
    update(eventId: string, patch: Record<string, unknown>, user?: DirectoryUser): Promise<GraphEventBody>;
    delete(eventId: string, user?: DirectoryUser): Promise<void>;
    get(eventId: string, query?: Record<string, string>, user?: DirectoryUser): Promise<GraphEventBody>;
    request<T>(call: {
      method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
      path: string;
      body?: unknown;
      query?: Record<string, string>;
    }): Promise<T>;
  };
  /** The meeting as the Webex emulator holds it (series view, exceptions, cancellations, call log). */
  webexMeeting(meetingId: string): MeetingSnapshot | undefined;
  /** A Webex token of the user (for reading through the real API). */
  webexToken(user?: DirectoryUser): Promise<string>;
  /** The user's Webex token is forgotten: the next use gets a new one (as after connecting Webex again). */
  forgetWebexToken(user?: DirectoryUser): void;
  /** Waits until `check` stops throwing, delivering queued notifications meanwhile. */
  until<T>(check: () => Promise<T> | T, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startSyncStack(options: SyncStackOptions = {}): Promise<SyncStack> {
  const tls = readDevCerts();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const identity = createIdentityEmulator({
    tls,
    tenants: [CONTOSO],
    applications: productRegistrations({
      tenantId: CONTOSO.id,
      backendClientId: LOCAL_APP.backendClientId,
      backendClientSecret: LOCAL_APP.backendClientSecret,
      addinClientId: LOCAL_APP.addinClientId,
      addinBaseUrl: 'https://localhost:3000',
      backendBaseUrl: 'http://localhost:3001',
    }),
    adminConsents: [
      { tenantId: CONTOSO.id, clientId: LOCAL_APP.backendClientId },
      { tenantId: CONTOSO.id, clientId: LOCAL_APP.addinClientId },
    ],
  });
  await identity.listen();
  const graph = createGraphEmulator({
    tls,
    tenants: [CONTOSO],
    identityUrl: identity.url,
    notifications: { batchWindowMs: 20, retryBaseMs: 200, retryMaxDelayMs: 1_000, ...options.notifications },
  });
  await graph.listen();

  const env = {
    PORT: String(port),
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    GRAPH_EMULATOR_PORT: new URL(graph.url).port,
    WEBEX_EMULATOR_PORT: '9',
    DATA_DIR: '/nonexistent-data-dir-not-used',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
  };
  const placeholder = loadConfig(env);
  const webex = createWebexEmulator({
    tls,
    directories: [CONTOSO],
    integrations: [
      {
        clientId: placeholder.webex.clientId,
        clientSecret: placeholder.webex.clientSecret,
        redirectUris: ['http://localhost:3001/auth/webex/callback'],
        scopes: placeholder.webex.scopes,
        name: 'Webex Scheduler for Outlook',
      },
    ],
  });
  await webex.listen();
  const config = loadConfig({ ...env, WEBEX_EMULATOR_PORT: new URL(webex.url).port });

  const store = await openStore({ ...config, inMemory: true });
  const logger = createLogger({ level: 'error' });
  await store.upsertTenant({ id: CONTOSO.id, mode: options.mode ?? 'admin' });

  let clockOffsetMs = 0;
  const clock = () => new Date(Date.now() + clockOffsetMs);
  const webexTokens = new Map<string, Promise<string>>();
  const webexToken = (user: DirectoryUser = ALEX): Promise<string> => {
    let token = webexTokens.get(user.id);
    if (!token) {
      token = fetch(`${webex.url}/_emulator/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.mail, clientId: config.webex.clientId }),
      }).then(async (res) => ((await res.json()) as { access_token: string }).access_token);
      webexTokens.set(user.id, token);
    }
    return token;
  };
  const userOf = (userId: string): DirectoryUser => CONTOSO.users.find((u) => u.id.toLowerCase() === userId.toLowerCase()) as DirectoryUser;

  // The backend as main.ts composes it, with the emulators' Webex tokens and clients that give up sooner.
  const backend = await composeBackend(
    config,
    {
      logger,
      clock,
      store,
      clients: {
        webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl, maxRetries: 1, maxRetryAfterMs: 2_000 }),
        graph: new GraphClient({
          baseUrl: config.microsoft.graphBaseUrl,
          tokens: createAppOnlyTokenProvider(config.microsoft),
          maxRetries: 2,
          maxRetryAfterMs: 2_000,
        }),
        webexAccessToken: (_tenantId, userId) => webexToken(userOf(userId)),
      },
    },
    {
      sync: { addinId: ADDIN_ID, publicBaseUrl: url, coalesceSeconds: 1, sweepGraceMs: 3_600_000, ...options.sync },
      checkpoint: options.checkpoint,
      pollingIntervalSeconds: 0.5,
      jobDrainTimeoutMs: 2_000,
    },
  );
  const { app } = backend;
  const { queue, sync: ctx, workers } = backend.services;
  let receiverDown = false;
  app.addHook('onRequest', async (request, reply) => {
    if (receiverDown && request.url.startsWith('/graph/')) return reply.code(500).send({ error: { code: 'internal_error' } });
  });
  await app.listen({ host: '127.0.0.1', port });
  if (options.workers !== false) await backend.start();

  // Outlook's side: the user's edits through Graph, with a client of its own.
  const outlookGraph = new GraphClient({ baseUrl: config.microsoft.graphBaseUrl, tokens: createAppOnlyTokenProvider(config.microsoft) });
  const eventsOf = (user: DirectoryUser) => `/users/${user.id}/events`;
  const outlook: SyncStack['outlook'] = {
    create: (body, user = ALEX) => outlookGraph.request<GraphEventBody>(CONTOSO.id, { method: 'POST', path: eventsOf(user), body }),
    update: (eventId, patch, user = ALEX) =>
      outlookGraph.request<GraphEventBody>(CONTOSO.id, {
        method: 'PATCH',
        path: `${eventsOf(user)}/${encodeURIComponent(eventId)}`,
        body: patch,
        idempotent: true,
      }),
    delete: async (eventId, user = ALEX) => {
      await outlookGraph.request(CONTOSO.id, { method: 'DELETE', path: `${eventsOf(user)}/${encodeURIComponent(eventId)}` });
    },
    get: (eventId, query, user = ALEX) =>
      outlookGraph.request<GraphEventBody>(CONTOSO.id, { path: `${eventsOf(user)}/${encodeURIComponent(eventId)}`, query }),
    request: (call) => outlookGraph.request(CONTOSO.id, call),
  };

  async function apiToken(user: DirectoryUser = ALEX): Promise<string> {
    const res = await fetch(`${identity.url}/${CONTOSO.id}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: LOCAL_APP.addinClientId,
        username: user.userPrincipalName,
        password: user.password,
        scope: config.microsoft.apiScope,
      }),
    });
    const json = (await res.json()) as { access_token?: string };
    if (!json.access_token) throw new Error(`no API token for ${user.userPrincipalName}`);
    return json.access_token;
  }

  async function api<T>(method: string, path: string, body?: unknown, user: DirectoryUser = ALEX): Promise<ApiResult<T>> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await apiToken(user)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  return {
    identity,
    graph,
    webex,
    store,
    queue,
    app,
    url,
    config,
    ctx,
    workers,
    setClockOffsetMs: (ms) => {
      clockOffsetMs = ms;
    },
    get receiverDown() {
      return receiverDown;
    },
    set receiverDown(down: boolean) {
      receiverDown = down;
    },
    apiToken,
    api,
    async addMeeting(draft, user = ALEX) {
      const res = await api<MeetingDetails>('POST', '/api/meetings', draft, user);
      if (res.status !== 201) throw new Error(`POST /api/meetings answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    eventBodyWith(meeting, fields) {
      const block = renderJoinBlockHtml(joinDetailsFromWebexMeeting(meeting), joinBlockStringsFor('en-US'));
      const marker = buildMarker({ meetingId: meeting.id, createdAt: new Date() });
      return {
        body: { contentType: 'html', content: `<html><body><p>Agenda: numbers.</p>${block}</body></html>` },
        singleValueExtendedProperties: [{ id: extendedPropertyId(ADDIN_ID), value: customPropertiesWithMarker(undefined, marker) }],
        location: { displayName: 'Webex' },
        ...fields,
      };
    },
    outlook,
    webexMeeting: (meetingId) => webex.state.snapshot().find((m) => m.id === meetingId.split('_')[0]),
    webexToken,
    forgetWebexToken: (user = ALEX) => {
      webexTokens.delete(user.id);
    },
    async until(check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        await graph.notifier.flush();
        try {
          return await check();
        } catch (thrown) {
          last = thrown;
        }
        if (Date.now() > deadline) throw last instanceof Error ? last : new Error(String(last));
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async close() {
      await backend.stop();
      await store.close();
      await graph.close();
      await webex.close();
      await identity.close();
    },
  };
}

/** The UTC instant (ISO, with milliseconds) of a wall time in Los Angeles (or another IANA zone). */
export function utcOf(localDateTime: string, zone = 'America/Los_Angeles'): string {
  const wall = parseLocalDateTime(localDateTime);
  if (wall === undefined) throw new Error(`not a local date-time: ${localDateTime}`);
  return new Date(instantOfWallClock(wall, zone)).toISOString();
}

/** Local wall time in a zone, as Graph's dateTimeTimeZone. */
export function local(dateTime: string, timeZone = 'Pacific Standard Time'): { dateTime: string; timeZone: string } {
  return { dateTime, timeZone };
}

/** The Monday of next year's week in which the US moves its clocks forward, and the Monday before it. */
export function mondaysAroundSpringForward(): { before: string; after: string } {
  const year = new Date().getUTCFullYear() + 1;
  // US DST starts on the second Sunday of March.
  const firstOfMarch = new Date(Date.UTC(year, 2, 1));
  const secondSunday = 1 + ((7 - firstOfMarch.getUTCDay()) % 7) + 7;
  const before = new Date(Date.UTC(year, 2, secondSunday - 6));
  const after = new Date(Date.UTC(year, 2, secondSunday + 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { before: day(before), after: day(after) };
}

/** A date some days ahead, "YYYY-MM-DD". */
export function daysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
