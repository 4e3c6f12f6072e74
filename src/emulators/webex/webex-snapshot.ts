/**
 * The Webex emulator's saved state, for a local stack that survives a restart: orgs and people,
 * integrations, authorization codes, grants with their refresh tokens, access tokens, meetings
 * with their occurrences' exceptions, cancellations and call logs, and the clock offset. So the
 * backend's stored Webex tokens keep working and its meetings are still there after the restart.
 * This start's integrations and service tokens are registered again over the saved ones
 * (WebexState.reseedRegistrations). The create counters behind the scheduling limits are a
 * rolling window and start afresh, as do injected faults.
 */
import { requireFields } from '../shared/state-shape';
import type { StateFileId } from '../shared/state-file';
import type { SeriesRecord } from './meeting-store';
import type { TokenStoreData } from './token-store';
import type { WebexOrg, WebexPerson } from './webex-directory';
import type { WebexEmulator } from './webex-emulator';

export const WEBEX_STATE_FILE: StateFileId = { emulator: 'webex', version: 1 };

export interface WebexSnapshot {
  clockOffsetSeconds: number;
  orgs: WebexOrg[];
  people: WebexPerson[];
  tokens: TokenStoreData;
  meetings: SeriesRecord[];
}

export function snapshotWebex(emulator: WebexEmulator): WebexSnapshot {
  const { state } = emulator;
  return {
    clockOffsetSeconds: state.clock.offsetSeconds,
    orgs: [...state.directory.orgs.values()],
    people: [...state.directory.people.values()],
    tokens: state.tokens.exportData(),
    meetings: [...state.meetings.series.values()],
  };
}

/** Checks a saved snapshot's shape; throws StateShapeError for one that cannot be restored. */
export function parseWebexSnapshot(value: unknown): WebexSnapshot {
  const snapshot = requireFields<WebexSnapshot>(
    value,
    { clockOffsetSeconds: 'number', orgs: 'array', people: 'array', tokens: 'object', meetings: 'array' },
    'webex',
  );
  requireFields(snapshot.tokens, { integrations: 'array', codes: 'array', grants: 'array', tokens: 'array' }, 'webex.tokens');
  snapshot.meetings.forEach((m, i) =>
    requireFields(
      m,
      { id: 'string', host: 'object', tags: 'map', exceptions: 'map', cancelled: 'set', calls: 'array' },
      `webex.meetings[${i}]`,
    ),
  );
  return snapshot;
}

export function restoreWebex(emulator: WebexEmulator, snapshot: WebexSnapshot): void {
  const { state } = emulator;
  state.clock.setOffset(snapshot.clockOffsetSeconds);
  state.directory.clear();
  for (const org of snapshot.orgs) state.directory.orgs.set(org.id, structuredClone(org));
  for (const person of snapshot.people) state.directory.people.set(person.email, structuredClone(person));
  state.tokens.importData(snapshot.tokens);
  state.meetings.importData(snapshot.meetings);
  state.reseedRegistrations();
}
