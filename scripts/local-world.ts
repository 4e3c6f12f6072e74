/**
 * The local world: what `npm start` keeps in DATA_DIR (default .data/) so that a restart continues
 * where the last run stopped. The emulators' state (emulators/identity.json, graph.json,
 * webex.json: tenants and users, consents, tokens, calendars, subscriptions, Webex grants and
 * meetings) and the backend's embedded database (pglite/, see src/server/store/db.ts). Starting
 * over (`npm start -- --fresh`, `npm run reset`) removes both; the token encryption key stays, as it
 * protects nothing once the database is gone and a deployment may share it.
 */
import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export interface LocalWorld {
  dataDir: string;
  /** The emulators' state files. */
  emulatorsDir: string;
  /** The backend's embedded database (PGlite), when DATABASE_URL is not set. */
  databaseDir: string;
}

export const START_OVER_HINT = 'To start over from the seed (this discards the saved local world): npm start -- --fresh, or npm run reset.';

const STATE_FILES = ['identity.json', 'graph.json', 'webex.json'];

export function localWorld(dataDir: string): LocalWorld {
  return { dataDir, emulatorsDir: join(dataDir, 'emulators'), databaseDir: join(dataDir, 'pglite') };
}

/** Whether an earlier run left emulator state to continue from. */
export function hasSavedEmulatorState(world: LocalWorld): boolean {
  return STATE_FILES.some((f) => existsSync(join(world.emulatorsDir, f)));
}

/** Removes the saved world; `database: false` leaves the backend's database (it is not embedded). Returns what was removed. */
export function wipeLocalWorld(world: LocalWorld, options: { database: boolean }): string[] {
  const targets = [world.emulatorsDir, ...(options.database ? [world.databaseDir] : [])];
  const removed = targets.filter((dir) => existsSync(dir));
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  return removed;
}

/** The ports something listens on (on loopback): a stack still running would rewrite what is wiped. */
export async function portsInUse(ports: number[]): Promise<number[]> {
  const listening = await Promise.all(
    ports.map(
      (port) =>
        new Promise<boolean>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port });
          const done = (inUse: boolean) => {
            socket.destroy();
            resolve(inUse);
          };
          socket.setTimeout(1000, () => done(false));
          socket.once('connect', () => done(true));
          socket.once('error', () => done(false));
        }),
    ),
  );
  return ports.filter((_, i) => listening[i]);
}
