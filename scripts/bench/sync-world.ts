/**
 * A synced calendar world for the sync figures and the fault suite: the emulators (emulator-world.ts),
 * a backend process with the sync engine (backend-process.ts) whose store was seeded with the
 * tenant in admin mode and every mailbox's Webex grant, a subscription on every mailbox, and for
 * each mailbox some events saved with a Webex meeting the add-in created through the backend's
 * API (POST /api/meetings), each linked by the backend from its change notification.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEvent } from '../../src/emulators/graph/event-render';
import type { DirectoryUser } from '../../src/emulators/shared/directory';
import type { Config } from '../../src/server/config';
import { createMeetingService } from '../../src/server/meetings/meeting-service';
import { openStore } from '../../src/server/store';
import { observeEvent } from '../../src/server/sync';
import { stateOf } from '../../src/server/sync/reconcile';
import { WebexClient } from '../../src/server/webex/webex-client';
import { startBackendProcess, type BackendProcess } from './backend-process';
import { mapLimited, waitUntil } from './bounded';
import { startEmulatorWorld, type BackendSettings, type EmulatorWorld, type EmulatorWorldOptions } from './emulator-world';
import { freePort } from './free-port';
import { OutlookDriver, type CreatedMeeting, type SavedEvent, eventBodyWithMeeting } from './outlook-driver';
import { metricValue } from './prometheus-values';
import { ADDIN_ID } from './sync-backend-process';

export const SYNC_METRIC = (name: string) => `webex_scheduler_sync_${name}_total`;

export interface SyncWorldOptions extends EmulatorWorldOptions {
  /** Mailboxes (generated users) with events. */
  mailboxes: number;
  eventsPerMailbox: number;
  /** Scratch directory: the backend's database lives under it. */
  workDir: string;
  /** Postgres instead of PGlite (a schema of its own is not made: give a fresh database or schema in the URL). */
  databaseUrl?: string;
  /** SyncOptions for the backend (SYNC_OPTIONS_JSON). */
  sync?: Record<string, unknown>;
  /** More environment for the backend process. */
  backendEnv?: Record<string, string>;
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
  world: EmulatorWorld;
  backend: BackendProcess;
  driver: OutlookDriver;
  config: Config;
  settings: BackendSettings;
  events: WorldEvent[];
  mailboxIds: string[];
  /** Starts the backend process again on the same database (after kill9 or stop). */
  restartBackend(extraEnv?: Record<string, string>): Promise<BackendProcess>;
  /** A sync counter of the running backend, summed over labels matching `labels`. */
  counter(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Whole hours, some days ahead: Webex refuses starts in the past. */
function slotStart(index: number): number {
  const base = Math.ceil((Date.now() + 3 * 86_400_000) / HOUR_MS) * HOUR_MS;
  return base + index * HOUR_MS;
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const MEETING_MS = 30 * 60_000;

/** What the add-in sends to POST /api/meetings for a half-hour appointment. */
function draftOf(subject: string, startMs: number): Record<string, unknown> {
  return { subject, start: new Date(startMs).toISOString(), end: new Date(startMs + MEETING_MS).toISOString(), timeZone: 'UTC' };
}

function eventBody(meeting: CreatedMeeting, subject: string, startMs: number): Record<string, unknown> {
  return eventBodyWithMeeting(meeting, ADDIN_ID, {
    subject,
    start: { dateTime: isoMinute(startMs), timeZone: 'UTC' },
    end: { dateTime: isoMinute(startMs + MEETING_MS), timeZone: 'UTC' },
  });
}

/** The event as the engine's GET reads it (its extended properties expanded). */
function renderedEvent(world: EmulatorWorld, saved: SavedEvent, user: DirectoryUser): Record<string, unknown> {
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
  world: EmulatorWorld,
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
          const user = world.mailboxes.find((u) => u.id === userId);
          token = world.webex.issueUserToken(user?.mail ?? '', config.webex.scopes, config.webex.clientId).access_token;
          tokens.set(userId, token);
        }
        return token;
      },
      clock: () => new Date(),
    });
    const fingerprint = store.fingerprint;
    return await mapLimited(plan, 8, async ({ user, startMs, subject }) => {
      const meeting = (await meetings.create({ tenantId: world.tenant.id, userId: user.id }, draftOf(subject, startMs))) as unknown as CreatedMeeting;
      const saved = driver.save(user.id, eventBody(meeting, subject, startMs));
      const observed = observeEvent(renderedEvent(world, saved, user), { addinId: ADDIN_ID, fingerprint });
      await store.linkEvent({ tenantId: world.tenant.id, userId: user.id, eventId: saved.id, meetingId: meeting.id, lastSynced: stateOf(observed) });
      return { ...saved, user, meeting, startMs };
    });
  } finally {
    await store.close();
  }
}

export async function startSyncWorld(options: SyncWorldOptions): Promise<SyncWorld> {
  const log = options.log ?? (() => undefined);
  const world = await startEmulatorWorld({ webexLimits: { perUserPerDay: 100_000 }, ...options, generatedUsers: options.mailboxes });
  let backend: BackendProcess | undefined;
  try {
    const port = await freePort();
    const settings: BackendSettings = {
      port,
      dataDir: join(options.workDir, 'backend-data'),
      databaseUrl: options.databaseUrl,
      env: { RATE_LIMIT_PER_MINUTE: '1000000', ...options.backendEnv },
    };
    const config = world.backendConfig(settings);
    await world.seedStore(settings, world.mailboxes);
    const driver = new OutlookDriver(world.graph, ADDIN_ID);
    const plan = world.mailboxes.flatMap((user) =>
      Array.from({ length: options.eventsPerMailbox }, (_, e) => ({ user, startMs: slotStart(e), subject: `Bench ${user.surname}-${e}` })),
    );
    const seeded = options.linkBy === 'seed' ? await seedLinkedEvents(world, settings, driver, plan) : undefined;

    const subscribeFile = join(options.workDir, 'subscribe.json');
    writeFileSync(subscribeFile, JSON.stringify(world.mailboxes.map((u) => u.id)));
    const processEnv = (extra: Record<string, string> = {}) => ({
      ...world.backendEnv(settings),
      ...(options.sync ? { SYNC_OPTIONS_JSON: JSON.stringify(options.sync) } : {}),
      ...extra,
    });
    log(`starting the backend process (${options.mailboxes} mailboxes to subscribe)…`);
    backend = await startBackendProcess({ env: processEnv({ SYNC_SUBSCRIBE_FILE: subscribeFile }) });
    const counter = async (name: string, labels?: Record<string, string>) => metricValue(await (backend as BackendProcess).metrics(), SYNC_METRIC(name), labels);

    let events: WorldEvent[];
    if (seeded) events = seeded;
    else {
      const running = backend;
      log(`creating ${plan.length} meetings through POST /api/meetings…`);
      const tokens = new Map(await mapLimited(world.mailboxes, 8, async (user) => [user.id, await world.apiToken(config, user)] as const));
      const created = await mapLimited(plan, 8, async ({ user, startMs, subject }) => {
        const res = await fetch(`${running.url}/api/meetings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens.get(user.id) ?? ''}`, 'content-type': 'application/json' },
          body: JSON.stringify(draftOf(subject, startMs)),
        });
        if (res.status !== 201) throw new Error(`POST /api/meetings answered ${res.status}: ${await res.text()}`);
        return { user, meeting: (await res.json()) as CreatedMeeting, startMs, subject };
      });
      events = created.map(({ user, meeting, startMs, subject }) => ({ ...driver.save(user.id, eventBody(meeting, subject, startMs)), user, meeting, startMs }));
      log(`waiting for the backend to link ${events.length} events from their notifications…`);
      await waitUntil('the events to be linked', async () => ((await counter('events_processed', { outcome: 'linked' })) >= events.length ? true : undefined), options.linkTimeoutMs ?? 120_000, 250);
    }

    const sync: SyncWorld = {
      world,
      backend,
      driver,
      config,
      settings,
      events,
      mailboxIds: world.mailboxes.map((u) => u.id),
      async restartBackend(extraEnv) {
        sync.backend = await startBackendProcess({ env: processEnv(extraEnv) });
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
