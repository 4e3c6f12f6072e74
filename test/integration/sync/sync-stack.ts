/**
 * The backend with its sync engine, as main.ts wires it, against the three emulators
 * (scripts/world/world.ts):
 * - identity (the product's registrations, admin consent in the local tenant),
 * - Graph (delivering notifications over HTTP to the backend, batching shortened for tests),
 * - Webex (users' tokens issued by it on demand, as if each had linked Webex);
 * an in-memory PGlite store with the tenant's mode, the backend app with the Graph receiver on its
 * /graph, listening on a free port of 127.0.0.1, and the sync workers running. `outlook` plays the
 * user editing their calendar (Graph REST, app-only, so its requests are not counted as the backend's).
 */
import { joinBlockStringsFor, joinDetailsFromWebexMeeting, renderJoinBlockHtml } from '../../../src/core/join-block';
import { buildMarker, customPropertiesWithMarker, extendedPropertyId } from '../../../src/core/marker';
import { instantOfWallClock, parseLocalDateTime } from '../../../src/core/recurrence/zoned-time';
import type { NotifierSettings } from '../../../src/emulators/graph/change-notifier';
import type { DirectoryUser } from '../../../src/emulators/shared/directory';
import type { MeetingSnapshot } from '../../../src/emulators/webex/webex-state';
import { createAppOnlyTokenProvider, GraphClient } from '../../../src/server/graph';
import type { JobQueue } from '../../../src/server/jobs';
import type { SyncContext, SyncOptions, SyncWorkers } from '../../../src/server/sync';
import { ADDIN_ID, CONTOSO, startWorld, userNamed, type World } from '../../../scripts/world/world';

export { ADDIN_ID, CONTOSO };
export const ALEX: DirectoryUser = userNamed(CONTOSO, 'Alex');
export const MEGAN: DirectoryUser = userNamed(CONTOSO, 'Megan');

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

export interface SyncStack extends Omit<World, 'api' | 'webexToken' | 'forgetWebexToken'> {
  queue: JobQueue;
  ctx: SyncContext;
  workers: SyncWorkers;
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
}

export async function startSyncStack(options: SyncStackOptions = {}): Promise<SyncStack> {
  let receiverDown = false;
  const world = await startWorld({
    identity: { adminConsent: true },
    graph: { notifications: { batchWindowMs: 20, retryBaseMs: 200, retryMaxDelayMs: 1_000, ...options.notifications } },
    env: { LOG_LEVEL: 'warn' },
    mode: options.mode ?? 'admin',
    webexTokens: 'emulator',
    graphRetries: 2,
    sync: {
      options: { coalesceSeconds: 1, sweepGraceMs: 3_600_000, ...options.sync },
      ...(options.workers === false ? { workers: false } : {}),
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    },
    adjustApp: (app) => {
      app.addHook('onRequest', async (request, reply) => {
        if (receiverDown && request.url.startsWith('/graph/')) return reply.code(500).send({ error: { code: 'internal_error' } });
      });
    },
  });
  const { ctx, queue, workers } = world.sync as NonNullable<World['sync']>;
  const { config } = world;

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

  const apiToken = (user: DirectoryUser = ALEX) => world.userToken(user);
  // Replaced below by the sync suites' own (the body and the user as arguments).
  const worldApi = world.api;
  async function api<T>(method: string, path: string, body?: unknown, user: DirectoryUser = ALEX): Promise<ApiResult<T>> {
    const { status, body: answered } = await worldApi<T>(method, path, { token: await apiToken(user), body });
    return { status, body: answered };
  }
  const { webexToken, forgetWebexToken } = world;

  const stack = Object.assign(world, {
    queue,
    ctx,
    workers,
    receiverDown,
    apiToken,
    api,
    async addMeeting(draft: Record<string, unknown>, user = ALEX) {
      const res = await api<MeetingDetails>('POST', '/api/meetings', draft, user);
      if (res.status !== 201) throw new Error(`POST /api/meetings answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    eventBodyWith(meeting: MeetingDetails, fields: Record<string, unknown>) {
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
    webexMeeting: (meetingId: string) => world.webex.state.snapshot().find((m) => m.id === meetingId.split('_')[0]),
    webexToken: (user: DirectoryUser = ALEX) => webexToken(user),
    forgetWebexToken: (user: DirectoryUser = ALEX) => forgetWebexToken(user),
  });
  return Object.defineProperty(stack, 'receiverDown', {
    get: () => receiverDown,
    set: (down: boolean) => void (receiverDown = down),
  });
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
