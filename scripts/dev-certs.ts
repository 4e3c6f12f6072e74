/**
 * Local HTTPS certificates for the add-in dev server and the emulators.
 *
 * Kept where office-addin-dev-certs keeps them (~/.office-addin-dev-certs) so the Office tooling
 * finds the same files. We generate them ourselves because that package's install step adds the CA
 * to the system store through `sudo`, which these machines lack; instead every Node process we
 * start gets the CA through NODE_EXTRA_CA_CERTS and browsers are told to trust it.
 */
import { createCA, createCert } from 'mkcert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';

export interface DevCertPaths {
  dir: string;
  caCertPath: string;
  certPath: string;
  keyPath: string;
}

export interface DevCerts extends DevCertPaths {
  ca: string;
  cert: string;
  key: string;
}

export function devCertPaths(dir = process.env.DEV_CERTS_DIR ?? join(homedir(), '.office-addin-dev-certs')): DevCertPaths {
  return { dir, caCertPath: join(dir, 'ca.crt'), certPath: join(dir, 'localhost.crt'), keyPath: join(dir, 'localhost.key') };
}

function stillValid(certPath: string): boolean {
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    const daysLeft = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    return daysLeft > 7 && cert.checkHost('localhost') === 'localhost';
  } catch {
    return false;
  }
}

/** Creates the CA and the localhost certificate when missing or about to expire; returns them. */
export async function ensureDevCerts(paths = devCertPaths()): Promise<DevCerts> {
  const { dir, caCertPath, certPath, keyPath } = paths;
  const fresh = existsSync(caCertPath) && existsSync(keyPath) && stillValid(certPath);
  if (!fresh) {
    mkdirSync(dir, { recursive: true });
    const ca = await createCA({
      organization: 'Webex Scheduler for Outlook local CA',
      countryCode: 'US',
      state: 'Local',
      locality: 'Local',
      validity: 825,
    });
    const leaf = await createCert({ ca, domains: ['localhost', '127.0.0.1', '::1'], validity: 825 });
    writeFileSync(caCertPath, ca.cert);
    writeFileSync(join(dir, 'ca.key'), ca.key, { mode: 0o600 });
    // The leaf file carries the chain so that clients which are not given the CA can still build it.
    writeFileSync(certPath, leaf.cert + ca.cert);
    writeFileSync(keyPath, leaf.key, { mode: 0o600 });
  }
  return {
    ...paths,
    ca: readFileSync(caCertPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
  };
}

/** Reads certificates that ensureDevCerts has already written (tests run after `npm test` made them). */
export function readDevCerts(paths = devCertPaths()): DevCerts {
  return {
    ...paths,
    ca: readFileSync(paths.caCertPath, 'utf8'),
    cert: readFileSync(paths.certPath, 'utf8'),
    key: readFileSync(paths.keyPath, 'utf8'),
  };
}

if (require.main === module) {
  ensureDevCerts()
    .then((c) => console.log(`Local certificates ready in ${c.dir}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
