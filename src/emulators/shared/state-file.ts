/**
 * One emulator's saved state on disk: a JSON envelope naming the emulator and the format version,
 * around the state its snapshot module wrote. Writes are atomic and durable (a temporary file,
 * fsync, rename, fsync of the directory), so that a crash or a power cut leaves the previous state
 * or the new one, never half of each. Reading refuses, with a StateFileError that says why, a file
 * that is not JSON, belongs to another emulator or is in another format version: there is no
 * migration between versions, a local world is cheap to start over.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeState, encodeState } from './state-codec';

export const STATE_FORMAT = 'webex-scheduler-emulator-state';

export class StateFileError extends Error {
  readonly code = 'emulator_state_file';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`The saved emulator state in ${path} cannot be used: ${reason}.`);
    this.name = 'StateFileError';
  }
}

export interface StateFileId {
  /** 'identity', 'graph' or 'webex'. */
  emulator: string;
  /** The format version this code writes and reads. */
  version: number;
}

/** The file's text for a state already encoded with encodeState. */
export function stateFileText(id: StateFileId, encodedState: string, savedAt = new Date()): string {
  return `{"format":${JSON.stringify(STATE_FORMAT)},"emulator":${JSON.stringify(id.emulator)},"version":${id.version},"savedAt":${JSON.stringify(savedAt.toISOString())},"state":${encodedState}}\n`;
}

/** The saved state, or undefined when there is no file; throws StateFileError for a file that cannot be used. */
export function readStateFile(path: string, id: StateFileId): unknown {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new StateFileError(path, `it cannot be read (${(e as Error).message})`);
  }
  let envelope: unknown;
  try {
    envelope = decodeState(text);
  } catch (e) {
    throw new StateFileError(path, `it is not valid JSON (${(e as Error).message})`);
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
    throw new StateFileError(path, 'it is not a JSON object');
  const e = envelope as Record<string, unknown>;
  if (e.format !== STATE_FORMAT) throw new StateFileError(path, 'it is not an emulator state file');
  if (e.emulator !== id.emulator)
    throw new StateFileError(path, `it holds the ${String(e.emulator)} emulator's state, not the ${id.emulator} emulator's`);
  if (typeof e.version !== 'number') throw new StateFileError(path, 'it has no format version');
  if (e.version !== id.version) {
    const which = e.version < id.version ? 'an older' : 'a newer';
    throw new StateFileError(
      path,
      `it was written in ${which} format (version ${e.version}; this version of the emulator reads version ${id.version})`,
    );
  }
  if (typeof e.state !== 'object' || e.state === null) throw new StateFileError(path, 'it has no state');
  return e.state;
}

/** Replaces the file with `text`, atomically and durably. */
export function writeFileDurably(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  // The rename itself is durable once the directory is synced (not possible on every platform).
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Windows cannot open a directory for syncing; the rename is still atomic there.
  }
}

export function writeStateFile(path: string, id: StateFileId, state: unknown): void {
  writeFileDurably(path, stateFileText(id, encodeState(state)));
}
