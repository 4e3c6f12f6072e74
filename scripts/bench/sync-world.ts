/**
 * A synced calendar world for the sync figures and the fault suite: the world's emulators
 * (scripts/world/world.ts, no backend of its own) seeded with the bench's tenant (bench-directory.ts),
 * a backend process with the sync engine (scripts/world/backend-process.ts) whose store was seeded with the
 * tenant in admin mode and every mailbox's Webex grant, a subscription on every mailbox, and for
 * each mailbox some events saved with a Webex meeting the add-in created through the backend's
 * API (POST /api/meetings), each linked by the backend from its change notification.
 */
import { join } from 'node:path';
import { renderEvent } from '../../src/emulators/graph/event-render';
import type { GraphEmulatorOptions } from '../../src/emulators/graph/graph-emulator';
import type { DirectoryTenant, DirectoryUser } from '../../src/emulators/shared/directory';
import type { Config } from '../../src/server/config';
import { createMeetingService } from '../../src/server/meetings/meeting-service';
import { openStore } from '../../src/server/store';
import { observeEvent } from '../../src/server/sync';
import { stateOf } from '../../src/server/sync/reconcile';
import { WebexClient } from '../../src/server/webex/webex-client';
import { HOOKED_ENTRY, MAIN_ENTRY, startBackendProcess, type BackendProcess } from '../world/backend-process';
import { ADDIN_ID, startWorld, type BackendSettings, type SeededWebexTokens, type World } from '../world/world';
import { benchTenant } from './bench-directory';
import { mapLimited, sleep, waitUntil } from './bounded';
import { OutlookDriver, type CreatedMeeting, type SavedEvent, eventBodyWithMeeting } from './outlook-driver';
import { metricValue } from '../world/prometheus-values';

export const SYNC_METRIC = (name: string) => `webex_scheduler_sync_${name}_total`;

export interface SyncWorldOptions extends Pick<GraphEmulatorOptions, 'notifications' | 'throttling'> {
  /** Mailboxes (generated users) with events. */
  mailboxes: number;
  /** More users of the tenant, counted among the mailboxes (e.g. the privacy canary's). */
  extraUsers?: DirectoryUser[];
  eventsPerMailbox: number;
  /** Scratch directory: the backend's database lives under it. */
  workDir: string;
  /** Postgres instead of PGlite (a schema of its own is not made: give a fresh database or schema in the URL). */
  databaseUrl?: string;
  /**
   * SyncOptions over the defaults: the backend then runs through scripts/world/sync-backend-process.ts (main.ts's
   * startBackend with the fault suite's hooks) instead of main.ts itself. So does `hooks: true`
   * (for SYNC_CRASH_AT_STEP on a restart).
   */
  sync?: Record<string, unknown>;
  hooks?: boolean;
  /** More environment for the backend process. */
  backendEnv?: Record<string, string>;
  /** Count the backend's database statements (BackendProcess.dbStatements), restarts included. */
  countDbStatements?: boolean;
  /**
   * How the events come to be linked: 'notifications' (default) creates the meetings through the
   * backend's POST /api/meetings and lets the backend link each event from its notification;
   * 'seed' creates them with the backend's own meeting service and writes each link as the engine
   * would (the state observeEvent reads from the event), before the backend starts: no job runs,
   * so a large world is ready in seconds whatever the engine's throughput.
   */
  linkBy?: 'notifications' | 'seed';
  /** How long the initial linking may take (default 120 s). */
  linkTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface WorldEvent extends SavedEvent {
  user: DirectoryUser;
  meeting: CreatedMeeting;
  /** The event's start, ms since the epoch (whole minutes). */
  startMs: number;
}

export interface SyncWorld {
  /** The emulators and their request logs; the backend here is `backend`. */
  world: World;
  /** The local tenant with the generated users. */
  tenant: DirectoryTenant;
  /** The generated users and the extra ones. */
  mailboxes: DirectoryUser[];
  backend: BackendProcess;
  driver: OutlookDriver;
  config: Config;
  /** Where the backend keeps its data (under workDir, or databaseUrl). */
  settings: BackendSettings & { dataDir: string };
  /** The Webex tokens seeded for each mailbox (user id -> tokens). */
  webexTokens: Map<string, SeededWebexTokens>;
  events: WorldEvent[];
  mailboxIds: string[];
  /**
   * "Add Webex meeting" as the add-in does it: POST /api/meetings with the user's token, tried
   * again (up to 5 times, waiting what Retry-After says) when the backend answers 429 or 503.
   */
  createMeeting(user: DirectoryUser, subject: string, startMs: number): Promise<CreatedMeeting>;
  /** The appointment saved with that meeting's join block and marker (Outlook's save). */
  saveEvent(user: DirectoryUser, meeting: CreatedMeeting, subject: string, startMs: number): WorldEvent;
  /** Starts the backend process again on the same database (after kill9 or stop). */
  restartBackend(extraEnv?: Record<string, string>): Promise<BackendProcess>;
  /** A sync counter of the running backend, summed over labels matching `labels`. */
  counter(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Whole hours, some days ahead: Webex refuses starts in the past. */
export function slotStart(index: number): number {
  const base = Math.ceil((Date.now() + 3 * 86_400_000) / HOUR_MS) * HOUR_MS;
  return base + index * HOUR_MS;
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const MEETING_MS = 30 * 60_000;

/** What the add-in sends to POST /api/meetings for a half-hour appointment. */
export function draftOf(subject: string, startMs: number): Record<string, unknown> {
  return { subject, start: new Date(startMs).toISOString(), end: new Date(startMs + MEETING_MS).toISOString(), timeZone: 'UTC' };
}

export function eventBody(meeting: CreatedMeeting, subject: string, startMs: number): Record<string, unknown> {
  return eventBodyWithMeeting(meeting, ADDIN_ID, {
    subject,
    start: { dateTime: isoMinute(startMs), timeZone: 'UTC' },
    end: { dateTime: isoMinute(startMs + MEETING_MS), timeZone: 'UTC' },
  });
}

/** The event as the engine's GET reads it (its extended properties expanded). */
function renderedEvent(world: World, saved: SavedEvent, user: DirectoryUser): Record<string, unknown> {
  const stored = world.graph.events.get(saved.mailboxId, saved.key);
  if (!stored) throw new Error('a seeded event is gone');
  return {
    ...renderEvent(stored, { idType: 'immutable', owner: { displayName: user.displayName, address: user.mail ?? user.userPrincipalName } }),
    singleValueExtendedProperties: stored.extendedProperties.map(({ id, value }) => ({ id, value })),
  };
}

/**
 * Meetings created by the backend's meeting service (what POST /api/meetings runs), events saved
 * with them, and each link written with the state the engine reads from the event, in the
 * backend's database before the backend starts.
 */
async function seedLinkedEvents(
  world: World,
  at: { tenant: DirectoryTenant; mailboxes: DirectoryUser[] },
  settings: BackendSettings,
  driver: OutlookDriver,
  plan: readonly { user: DirectoryUser; startMs: number; subject: string }[],
): Promise<WorldEvent[]> {
  const config = world.backendConfig(settings);
  const store = await openStore(config);
  try {
    const tokens = new Map<string, string>();
    const meetings = createMeetingService({
      store,
      webex: new WebexClient({ baseUrl: config.webex.apiBaseUrl }),
      webexAccessToken: async (_tenantId, userId) => {
        let token = tokens.get(userId);
        if (!token) {
          const user = at.mailboxes.find((u) => u.id === userId);
          token = world.webex.issueUserToken(user?.mail ?? '', config.webex.scopes, config.webex.clientId).access_token;
          tokens.set(userId, token);
        }
        return token;
      },
      clock: () => new Date(),
    });
    const fingerprint = store.fingerprint;
    return await mapLimited(plan, 8, async ({ user, startMs, subject }) => {
      const meeting = (await meetings.create(
        { tenantId: at.tenant.id, userId: user.id },
        draftOf(subject, startMs),
      )) as unknown as CreatedMeeting;
      const saved = driver.save(user.id, eventBody(meeting, subject, startMs));
      const observed = observeEvent(renderedEvent(world, saved, user), { addinId: ADDIN_ID, fingerprint });
      await store.links.linkEvent({
        tenantId: at.tenant.id,
        userId: user.id,
        eventId: saved.id,
        meetingId: meeting.id,
        lastSynced: stateOf(observed),
      });
      return { ...saved, user, meeting, startMs };
    });
  } finally {
    await store.close();
  }
}

export async function startSyncWorld(options: SyncWorldOptions): Promise<SyncWorld> {
  const log = options.log ?? (() => undefined);
  const generated = benchTenant(options.mailboxes);
  const extra = options.extraUsers ?? [];
  const tenant: DirectoryTenant = { ...generated.tenant, users: [...generated.tenant.users, ...extra] };
  const mailboxes = [...generated.mailboxes, ...extra];
  // The tenant's admin consented and every user linked Webex (seedStore): the backend acts for all.
  const world = await startWorld({
    tenants: [tenant],
    identity: { adminConsent: true },
    graph: { notifications: options.notifications, throttling: options.throttling },
    webex: { limits: { perUserPerDay: 100_000 } },
    backend: 'none',
    mode: 'admin',
  });
  let backend: BackendProcess | undefined;
  try {
    const settings: SyncWorld['settings'] = {
      dataDir: join(options.workDir, 'backend-data'),
      databaseUrl: options.databaseUrl,
      env: { RATE_LIMIT_PER_MINUTE: '1000000', ...options.backendEnv },
    };
    const config = world.backendConfig(settings);
    const webexTokens = await world.seedStore(settings, mailboxes);
    const driver = new OutlookDriver(world.graph, ADDIN_ID);
    const plan = mailboxes.flatMap((user) =>
      Array.from({ length: options.eventsPerMailbox }, (_, e) => ({ user, startMs: slotStart(e), subject: `Bench ${user.surname}-${e}` })),
    );
    const seeded = options.linkBy === 'seed' ? await seedLinkedEvents(world, { tenant, mailboxes }, settings, driver, plan) : undefined;

    const entry = options.sync || options.hooks ? HOOKED_ENTRY : MAIN_ENTRY;
    const processEnv = (extra: Record<string, string> = {}) =>
      world.backendEnv({
        ...settings,
        env: { ...settings.env, ...(options.sync ? { SYNC_OPTIONS_JSON: JSON.stringify(options.sync) } : {}), ...extra },
      });
    log(`starting the backend process, ${entry === MAIN_ENTRY ? 'src/server/main.ts' : 'main.ts with hooks'}…`);
    backend = await startBackendProcess({ entry, env: processEnv(), countDbStatements: options.countDbStatements });
    const running = backend;
    const apiTokens = new Map<string, Promise<string>>();
    const apiTokenOf = (user: DirectoryUser): Promise<string> => {
      let token = apiTokens.get(user.id);
      if (!token) {
        token = world.userToken(user);
        apiTokens.set(user.id, token);
      }
      return token;
    };
    // As the task pane does when it opens: GET /api/me, after which the backend follows the calendar.
    log(`each of the ${mailboxes.length} users opens the task pane (GET /api/me): the backend subscribes to their calendars…`);
    await mapLimited(mailboxes, 8, async (user) => {
      const res = await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${await apiTokenOf(user)}` } });
      if (res.status !== 200) throw new Error(`GET /api/me answered ${res.status}`);
    });
    await waitUntil(
      'the subscriptions',
      async () =>
        metricValue(await running.metrics(), 'webex_scheduler_subscriptions', { state: 'active' }) >= mailboxes.length ? true : undefined,
      Math.max(30_000, mailboxes.length * 250),
      100,
    );
    const counter = async (name: string, labels?: Record<string, string>) =>
      metricValue(await (backend as BackendProcess).metrics(), SYNC_METRIC(name), labels);

    const createMeeting = async (user: DirectoryUser, subject: string, startMs: number): Promise<CreatedMeeting> => {
      const token = apiTokenOf(user);
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${(backend as BackendProcess).url}/api/meetings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await token}`, 'content-type': 'application/json' },
          body: JSON.stringify(draftOf(subject, startMs)),
        });
        if (res.status === 201) return (await res.json()) as CreatedMeeting;
        const text = await res.text();
        if ((res.status !== 429 && res.status !== 503) || attempt >= 5)
          throw new Error(`POST /api/meetings answered ${res.status}: ${text}`);
        await sleep(Math.min(5_000, Number(res.headers.get('retry-after') ?? '1') * 1000));
      }
    };
    const saveEvent = (user: DirectoryUser, meeting: CreatedMeeting, subject: string, startMs: number): WorldEvent => ({
      ...driver.save(user.id, eventBody(meeting, subject, startMs)),
      user,
      meeting,
      startMs,
    });

    let events: WorldEvent[];
    if (seeded) events = seeded;
    else {
      log(`creating ${plan.length} meetings through POST /api/meetings…`);
      const created = await mapLimited(plan, 8, async ({ user, startMs, subject }) => ({
        user,
        startMs,
        subject,
        meeting: await createMeeting(user, subject, startMs),
      }));
      events = created.map(({ user, meeting, startMs, subject }) => saveEvent(user, meeting, subject, startMs));
      if (events.length > 0) {
        log(`waiting for the backend to link ${events.length} events from their notifications…`);
        await waitUntil(
          'the events to be linked',
          async () => ((await counter('events_processed', { outcome: 'linked' })) >= events.length ? true : undefined),
          options.linkTimeoutMs ?? 120_000,
          250,
        );
      }
    }

    const sync: SyncWorld = {
      world,
      tenant,
      mailboxes,
      backend,
      driver,
      config,
      settings,
      webexTokens,
      events,
      mailboxIds: mailboxes.map((u) => u.id),
      createMeeting,
      saveEvent,
      async restartBackend(extraEnv) {
        sync.backend = await startBackendProcess({
          entry: extraEnv?.SYNC_CRASH_AT_STEP ? HOOKED_ENTRY : entry,
          env: processEnv(extraEnv),
          countDbStatements: options.countDbStatements,
        });
        backend = sync.backend;
        return sync.backend;
      },
      counter,
      async close() {
        await sync.backend.stop().catch(() => undefined);
        await world.close();
      },
    };
    return sync;
  } catch (thrown) {
    await backend?.kill9().catch(() => undefined);
    await world.close();
    throw thrown instanceof Error ? thrown : new Error(String(thrown));
  }
}
