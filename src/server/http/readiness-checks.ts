/**
 * What /readyz checks: the database always; in local mode also the emulators standing in for
 * Microsoft identity, Microsoft Graph and Webex (their /_emulator/health).
 */
import type { Config } from '../config';
import type { Store } from '../store';
import type { ReadinessCheck } from './health-routes';

async function emulatorUp(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1_500) });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`health probe answered ${res.status}`);
}

export function readinessChecks(config: Pick<Config, 'mode' | 'emulators'>, store: Pick<Store, 'db'>): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {
    database: async () => {
      await store.db.query('SELECT 1');
    },
  };
  if (config.mode === 'local' && config.emulators) {
    for (const [name, port] of Object.entries(config.emulators)) {
      checks[`${name}Emulator`] = () => emulatorUp(`https://localhost:${port}/_emulator/health`);
    }
  }
  return checks;
}
