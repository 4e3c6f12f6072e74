/**
 * The emulators serve HTTPS with a certificate of the local CA (scripts/dev-certs.ts). Node reads
 * NODE_EXTRA_CA_CERTS only when a process starts, so the bench, when started without it (`npm run
 * bench` from a plain shell), runs itself again as a child that has it, as scripts/test.ts does
 * for Jest. The backend processes the bench starts inherit it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDevCerts } from '../dev-certs';

/** Runs this script again with the local CA trusted and returns its exit code; undefined when the CA is trusted already. */
export async function rerunTrustingLocalCa(script: string): Promise<number | undefined> {
  const certs = await ensureDevCerts();
  // A shell may already set NODE_EXTRA_CA_CERTS to some other bundle: only ours will do.
  if (process.env.NODE_EXTRA_CA_CERTS === certs.caCertPath) return undefined;
  const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certs.caCertPath },
  });
  return result.status ?? 1;
}
