/**
 * Sideloads an add-in manifest into Outlook on the desktop, for testers with a Microsoft 365 account:
 *
 *   npm run sideload [-- --manifest <file or URL>] [--stop] [--dry-run]
 *
 * With Microsoft's office-addin-debugging (`office-addin-debugging start <manifest> desktop`), as
 * Microsoft's Outlook add-in templates do. It registers the add-in with the signed-in Microsoft 365
 * account and starts Outlook; `--stop` removes it again. The default manifest is the repository's
 * (the local stack's URLs); a deployment's own is at <PUBLIC_BASE_URL>/admin/manifest.xml, and a URL
 * is downloaded first. `--dry-run` prints the command instead of running it.
 *
 * office-addin-debugging is run through npx at a pinned version rather than installed with the
 * project: for Outlook it needs Microsoft 365 Agents Toolkit's CLI (several hundred megabytes, and a
 * native keychain module that does not build on a Linux server without libsecret), which every
 * `npm ci` of the backend would otherwise install. It supports Outlook only on Windows; elsewhere
 * the script says how to sideload by hand.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runMain } from './run-main';

/** The office-addin-debugging release whose `start`/`stop` arguments this script was checked against. */
export const OFFICE_ADDIN_DEBUGGING = 'office-addin-debugging@7.0.0';

const root = join(__dirname, '..');

export interface SideloadPlan {
  /** The manifest: a file, or a URL to download first. */
  manifest: string;
  stop: boolean;
  dryRun: boolean;
}

export class SideloadError extends Error {
  constructor(
    readonly code: 'sideload_usage' | 'sideload_unsupported_platform' | 'sideload_manifest_missing' | 'sideload_failed',
    message: string,
  ) {
    super(message);
    this.name = 'SideloadError';
  }
}

export function parseSideloadArgs(args: string[]): SideloadPlan {
  const plan: SideloadPlan = { manifest: join(root, 'manifest.xml'), stop: false, dryRun: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--stop') plan.stop = true;
    else if (arg === '--dry-run') plan.dryRun = true;
    else if (arg === '--manifest') {
      const value = args[++i];
      if (!value || value.startsWith('--')) throw new SideloadError('sideload_usage', '--manifest needs a file or a URL');
      plan.manifest = /^https?:\/\//.test(value) ? value : resolve(value);
    } else
      throw new SideloadError(
        'sideload_usage',
        `"${arg ?? ''}" is not understood (npm run sideload [-- --manifest <file or URL>] [--stop] [--dry-run])`,
      );
  }
  return plan;
}

/** The npx command that sideloads (or removes) `manifestFile` into Outlook on the desktop. */
export function sideloadCommand(manifestFile: string, stop: boolean): { command: string; args: string[] } {
  const verb = stop ? ['stop', manifestFile, 'desktop'] : ['start', manifestFile, 'desktop', '--app', 'outlook', '--no-debug'];
  return { command: 'npx', args: ['--yes', OFFICE_ADDIN_DEBUGGING, ...verb] };
}

const BY_HAND =
  'Sideload it by hand instead: open https://aka.ms/olksideload (Outlook on the web, or new Outlook on Windows), ' +
  'choose My add-ins → Custom Addins → Add a custom add-in → Add from file, and pick the manifest (docs/testing.md).';

async function manifestFile(manifest: string, dryRun: boolean): Promise<string> {
  if (!/^https?:\/\//.test(manifest)) {
    if (!existsSync(manifest)) throw new SideloadError('sideload_manifest_missing', `no manifest at ${manifest}`);
    return manifest;
  }
  if (dryRun) return join(tmpdir(), 'manifest.xml');
  const res = await fetch(manifest);
  if (!res.ok) throw new SideloadError('sideload_manifest_missing', `${manifest} answered ${res.status}`);
  const file = join(mkdtempSync(join(tmpdir(), 'wso-sideload-')), 'manifest.xml');
  writeFileSync(file, await res.text());
  return file;
}

export async function main(args: string[], platform: NodeJS.Platform = process.platform): Promise<number> {
  try {
    const plan = parseSideloadArgs(args);
    const file = await manifestFile(plan.manifest, plan.dryRun);
    const { command, args: commandArgs } = sideloadCommand(file, plan.stop);
    if (plan.dryRun) {
      console.log([command, ...commandArgs].join(' '));
      return 0;
    }
    if (platform !== 'win32') {
      throw new SideloadError(
        'sideload_unsupported_platform',
        `office-addin-debugging sideloads into Outlook only on Windows (this is ${platform}). ${BY_HAND}`,
      );
    }
    // npx is npx.cmd on Windows, which Node runs only through a shell: quote what has spaces (C:\Users\A B\...).
    const quoted = commandArgs.map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '""')}"` : a));
    const run = spawnSync(command, quoted, { stdio: 'inherit', shell: true });
    if (run.status !== 0)
      throw new SideloadError(
        'sideload_failed',
        `${OFFICE_ADDIN_DEBUGGING} exited with ${run.status ?? run.signal ?? 'an error'}. ${BY_HAND}`,
      );
    return 0;
  } catch (e: unknown) {
    if (!(e instanceof SideloadError)) throw e;
    console.error(`[${e.code}] ${e.message}`);
    return e.code === 'sideload_usage' ? 2 : 1;
  }
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
