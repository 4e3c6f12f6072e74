/**
 * The Graph emulator's saved state, for a local stack that survives a restart: the directory as
 * changed, every calendar (series, exceptions and cancelled occurrences included) with the
 * change-key sequence, subscriptions, delta states, the clock offset, the contacts, open
 * extensions and group chats of the Teams resources, and the notifications not yet acknowledged.
 *
 * The last are what a real outage looks like from the receiver's side: notifications queued,
 * failing or on their way when the emulator stopped are delivered after the restart, with the
 * retries and the four-hour window of an outage (change-notifier.ts), and a subscription whose
 * notifications are given up hears `missed`. So the backend converges after the restart with
 * nothing lost. Injected faults, throttling windows, notifier settings and counters are test
 * knobs, not the world, and start afresh.
 */
import type { DirectoryTenant } from '../shared/directory';
import { requireFields } from '../shared/state-shape';
import type { StateFileId } from '../shared/state-file';
import type { QueuedNotification } from './change-notifier';
import type { StoredContact } from './contacts-store';
import type { DeltaState } from './delta-tokens';
import type { EventStoreData } from './event-store';
import type { GraphEmulator } from './graph-emulator';
import type { StoredExtension } from './open-extension-store';
import type { Subscription } from './subscription-store';
import type { Chat, Team } from './teams-chats';
import { teamsGraphStateOf } from './teams-graph-routes';

export const GRAPH_STATE_FILE: StateFileId = { emulator: 'graph', version: 1 };

export interface GraphSnapshot {
  clockOffsetSeconds: number;
  tenants: DirectoryTenant[];
  calendars: EventStoreData;
  subscriptions: Subscription[];
  deltaStates: Array<[string, DeltaState]>;
  notifications: QueuedNotification[];
  contacts: StoredContact[];
  extensions: Array<[string, StoredExtension[]]>;
  chats: { groupChats: Chat[]; teams: Team[] };
}

export function snapshotGraph(emulator: GraphEmulator): GraphSnapshot {
  const teams = teamsGraphStateOf(emulator.app);
  return {
    clockOffsetSeconds: emulator.clock.offsetSeconds,
    tenants: emulator.directory.allTenants(),
    calendars: emulator.events.exportData(),
    subscriptions: emulator.subscriptions.all(),
    deltaStates: emulator.deltaTokens.exportData(),
    notifications: emulator.notifier.exportQueue(),
    contacts: teams.contacts.exportData(),
    extensions: teams.extensions.exportData(),
    chats: teams.chats.exportData(),
  };
}

/** Checks a saved snapshot's shape; throws StateShapeError for one that cannot be restored. */
export function parseGraphSnapshot(value: unknown): GraphSnapshot {
  const snapshot = requireFields<GraphSnapshot>(
    value,
    {
      clockOffsetSeconds: 'number',
      tenants: 'array',
      calendars: 'object',
      subscriptions: 'array',
      deltaStates: 'array',
      notifications: 'array',
      contacts: 'array',
      extensions: 'array',
      chats: 'object',
    },
    'graph',
  );
  requireFields(snapshot.calendars, { events: 'array', changeKeyPrefix: 'string', changeCounter: 'number' }, 'graph.calendars');
  requireFields(snapshot.chats, { groupChats: 'array', teams: 'array' }, 'graph.chats');
  return snapshot;
}

/** Replaces the emulator's state with a saved one; the notifications in it are delivered from now on. */
export function restoreGraph(emulator: GraphEmulator, snapshot: GraphSnapshot): void {
  emulator.clock.setOffset(snapshot.clockOffsetSeconds);
  emulator.directory.clear();
  for (const tenant of snapshot.tenants) emulator.directory.addTenant(tenant);
  emulator.events.importData(snapshot.calendars);
  emulator.subscriptions.importData(snapshot.subscriptions);
  emulator.deltaTokens.importData(snapshot.deltaStates);
  const teams = teamsGraphStateOf(emulator.app);
  teams.contacts.importData(snapshot.contacts);
  teams.extensions.importData(snapshot.extensions);
  teams.chats.importData(snapshot.chats);
  emulator.notifier.importQueue(snapshot.notifications);
}
