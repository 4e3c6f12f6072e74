/**
 * Local HTTPS certificates for the add-in dev server and the emulators:
 *
 *   npm run certs                       creates them when missing or about to expire
 *   npm run certs -- --install [--machine]
 *                                       also trusts the local CA in the operating system's store
 *
 * Kept where office-addin-dev-certs keeps them (~/.office-addin-dev-certs) so the Office tooling
 * finds the same files. We generate them ourselves, and every Node process we start gets the CA
 * through NODE_EXTRA_CA_CERTS, so the local stack and the tests need no system-wide change (these
 * machines have no `sudo`). Real Outlook and browsers trust only the system store: `--install` puts
 * the CA there with office-addin-dev-certs' own install step, as Microsoft's add-in templates do
 * (Windows: the user's store, or the machine's with --machine; macOS: the login keychain, or the
 * system one with --machine, through sudo; Linux: the system store through sudo).
 */
import { createCA, createCert } from 'mkcert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { runMain } from './run-main';

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

/** Where office-addin-dev-certs' Linux install step copies the CA (Debian-like systems, then Fedora/Arch-like). */
const LINUX_INSTALLED_CA = [
  '/usr/local/share/ca-certificates/office-addin-dev-certs/ca.crt',
  '/etc/ca-certificates/trust-source/anchors/office-addin-dev-certs-ca.crt',
];

export class DevCertsError extends Error {
  constructor(
    readonly code: 'dev_certs_sudo_missing' | 'dev_certs_install_failed' | 'dev_certs_usage',
    message: string,
  ) {
    super(message);
    this.name = 'DevCertsError';
  }
}

/** The step of office-addin-dev-certs that trusts a CA file, and the one that removes it. */
export interface SystemStore {
  installCaCertificate(caCertificatePath: string, machine: boolean): Promise<void>;
  uninstallCaCertificate(machine: boolean, verbose: boolean): Promise<void>;
}

export interface InstallOptions {
  /** For all users of the machine (administrator), not only the current one. */
  machine?: boolean;
  platform?: NodeJS.Platform;
  /** Whether a command is on PATH (tests give another). */
  hasCommand?: (name: string) => boolean;
  store?: SystemStore;
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** Creates the certificates if need be, then trusts their CA in the operating system's store. */
export async function installDevCa(paths = devCertPaths(), options: InstallOptions = {}): Promise<DevCerts> {
  const certs = await ensureDevCerts(paths);
  const platform = options.platform ?? process.platform;
  const machine = options.machine ?? false;
  const hasCommand = options.hasCommand ?? onPath;
  // Microsoft's step runs `sudo` on Linux always, on macOS for --machine: say so before it fails inside.
  if ((platform === 'linux' || (platform === 'darwin' && machine)) && !hasCommand('sudo')) {
    const manual =
      platform === 'linux'
        ? `as root: mkdir -p /usr/local/share/ca-certificates/office-addin-dev-certs && cp "${paths.caCertPath}" /usr/local/share/ca-certificates/office-addin-dev-certs/ca.crt && update-ca-certificates`
        : `as an administrator: security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${paths.caCertPath}"`;
    throw new DevCertsError(
      'dev_certs_sudo_missing',
      `Trusting the local CA in the system store needs sudo, which is not installed here. The certificates are ready in ${paths.dir}; ` +
        `to trust the CA, run ${manual}. Without it, only the processes npm start runs trust it (through NODE_EXTRA_CA_CERTS).`,
    );
  }
  const store = options.store ?? ((await import('office-addin-dev-certs')) as SystemStore);
  if (platform === 'linux') {
    // Microsoft's step skips the copy when a CA file is already in place, even an older CA of ours.
    const installed = LINUX_INSTALLED_CA.find((file) => existsSync(file));
    if (installed && readFileSync(installed, 'utf8').trim() !== certs.ca.trim()) await store.uninstallCaCertificate(machine, false);
  }
  try {
    await store.installCaCertificate(paths.caCertPath, machine);
  } catch (e: unknown) {
    throw new DevCertsError(
      'dev_certs_install_failed',
      `Could not trust the local CA (${paths.caCertPath}) in the system store: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return certs;
}

export async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--install' && a !== '--machine');
  if (unknown.length > 0 || (args.includes('--machine') && !args.includes('--install'))) {
    console.error(
      `usage: npm run certs [-- --install [--machine]] (not understood: ${unknown.join(' ') || '--machine without --install'})`,
    );
    return 2;
  }
  if (!args.includes('--install')) {
    const c = await ensureDevCerts();
    console.log(`Local certificates ready in ${c.dir}`);
    return 0;
  }
  try {
    const c = await installDevCa(devCertPaths(), { machine: args.includes('--machine') });
    console.log(`Local certificates ready in ${c.dir}; their CA is trusted in the system store.`);
    return 0;
  } catch (e: unknown) {
    if (!(e instanceof DevCertsError)) throw e;
    console.error(`[${e.code}] ${e.message}`);
    return 1;
  }
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
