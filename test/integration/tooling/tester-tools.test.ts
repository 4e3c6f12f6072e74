/**
 * The testers' tools around real Outlook, as far as they can run here (no Outlook, no Microsoft 365,
 * no sudo, no internet): `npm run validate` runs the installed office-addin-manifest, `npm run certs
 * -- --install` trusts the CA with office-addin-dev-certs' own install step and says clearly when it
 * cannot, and `npm run sideload` builds office-addin-debugging's command and refuses where that tool
 * cannot sideload into Outlook.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DevCertsError, devCertPaths, installDevCa, type SystemStore } from '../../../scripts/dev-certs';
import { OFFICE_ADDIN_DEBUGGING, parseSideloadArgs, sideloadCommand } from '../../../scripts/sideload';

const root = join(__dirname, '..', '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Runs a script of scripts/ with Node and only `env` (PATH included). */
function script(file: string, args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', file), ...args], {
    cwd: root,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
}

/** A folder for PATH holding `node` and, when given, a fake `sudo` that writes its arguments to a log. */
function pathDir(sudoLog?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wso-path-'));
  symlinkSync(process.execPath, join(dir, 'node'));
  if (sudoLog) {
    writeFileSync(join(dir, 'sudo'), `#!/bin/sh\necho "$@" >> "${sudoLog}"\n`);
    chmodSync(join(dir, 'sudo'), 0o755);
  }
  return dir;
}

describe('npm run validate', () => {
  it('runs the office-addin-manifest installed with the project, not one fetched by npx', () => {
    expect(packageJson.scripts.validate).toBe('office-addin-manifest validate manifest.xml');
    expect(packageJson.devDependencies['office-addin-manifest']).toBeDefined();
    const help = spawnSync(bin('office-addin-manifest'), ['validate', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('validate [options] <manifest-path>');
  });
});

describe('npm run certs -- --install', () => {
  it('is office-addin-dev-certs’ install step, whose command line takes --machine', () => {
    expect(packageJson.scripts.certs).toBe('tsx scripts/dev-certs.ts');
    const help = spawnSync(bin('office-addin-dev-certs'), ['install', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--machine');
  });

  it('makes the certificates, then says that trusting the CA needs sudo when there is none, and how to do it by hand', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wso-certs-')), 'certs');
    const run = script('dev-certs.ts', ['--install'], { PATH: pathDir(), HOME: dirname(dir), DEV_CERTS_DIR: dir });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[dev_certs_sudo_missing]');
    expect(run.stderr).toContain(`cp "${join(dir, 'ca.crt')}" /usr/local/share/ca-certificates/`);
    expect(existsSync(join(dir, 'ca.crt'))).toBe(true);
  });

  it('hands our CA file to office-addin-dev-certs’ Linux install script through sudo', () => {
    if (process.platform !== 'linux') return;
    const dir = join(mkdtempSync(join(tmpdir(), 'wso-certs-')), 'certs');
    const log = join(dirname(dir), 'sudo.log');
    const run = script('dev-certs.ts', ['--install'], { PATH: `${pathDir(log)}:/usr/bin:/bin`, HOME: dirname(dir), DEV_CERTS_DIR: dir });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    // The shell that runs sudo has taken the quotes off.
    expect(readFileSync(log, 'utf8')).toContain(
      `sh ${join(root, 'node_modules', 'office-addin-dev-certs', 'scripts', 'install_linux.sh')} ${join(dir, 'ca.crt')}`,
    );
  });

  it('needs no sudo where Microsoft’s step does not use it (Windows, a macOS user’s keychain), and passes --machine on', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wso-certs-')), 'certs');
    const calls: Array<[string, boolean]> = [];
    const store: SystemStore = {
      installCaCertificate: async (path, machine) => void calls.push([path, machine]),
      uninstallCaCertificate: async () => undefined,
    };
    await installDevCa(devCertPaths(dir), { platform: 'darwin', hasCommand: () => false, store });
    await installDevCa(devCertPaths(dir), { platform: 'win32', machine: true, hasCommand: () => false, store });
    expect(calls).toEqual([
      [join(dir, 'ca.crt'), false],
      [join(dir, 'ca.crt'), true],
    ]);
    await expect(
      installDevCa(devCertPaths(dir), { platform: 'darwin', machine: true, hasCommand: () => false, store }),
    ).rejects.toBeInstanceOf(DevCertsError);
  });

  it('refuses arguments it does not know', () => {
    const run = script('dev-certs.ts', ['--instal'], { PATH: pathDir(), DEV_CERTS_DIR: mkdtempSync(join(tmpdir(), 'wso-certs-')) });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: npm run certs');
  });
});

describe('npm run sideload', () => {
  it('runs office-addin-debugging’s start on the desktop for Outlook, and its stop with --stop', () => {
    expect(packageJson.scripts.sideload).toBe('tsx scripts/sideload.ts');
    expect(sideloadCommand('C:\\m.xml', false)).toEqual({
      command: 'npx',
      args: ['--yes', OFFICE_ADDIN_DEBUGGING, 'start', 'C:\\m.xml', 'desktop', '--app', 'outlook', '--no-debug'],
    });
    expect(sideloadCommand('C:\\m.xml', true)).toEqual({
      command: 'npx',
      args: ['--yes', OFFICE_ADDIN_DEBUGGING, 'stop', 'C:\\m.xml', 'desktop'],
    });
    expect(OFFICE_ADDIN_DEBUGGING).toMatch(/^office-addin-debugging@\d+\.\d+\.\d+$/);
  });

  it('takes the repository’s manifest by default, or a file or a deployment’s URL', () => {
    expect(parseSideloadArgs([])).toEqual({ manifest: join(root, 'manifest.xml'), stop: false, dryRun: false });
    expect(parseSideloadArgs(['--manifest', 'https://scheduler.example.com/admin/manifest.xml', '--stop']).manifest).toBe(
      'https://scheduler.example.com/admin/manifest.xml',
    );
    expect(() => parseSideloadArgs(['--manifest'])).toThrow('--manifest needs a file or a URL');
    expect(() => parseSideloadArgs(['desktop'])).toThrow('not understood');
  });

  it('prints the command with --dry-run', () => {
    const run = script('sideload.ts', ['--dry-run'], { PATH: pathDir() });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      `npx --yes ${OFFICE_ADDIN_DEBUGGING} start ${join(root, 'manifest.xml')} desktop --app outlook --no-debug`,
    );
  });

  it('says where office-addin-debugging cannot sideload into Outlook, and how to do it by hand', () => {
    if (process.platform === 'win32') return;
    const run = script('sideload.ts', [], { PATH: pathDir() });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[sideload_unsupported_platform]');
    expect(run.stderr).toContain('https://aka.ms/olksideload');
  });

  it('refuses a manifest that is not there', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'wso-sideload-')), 'nothing', 'manifest.xml');
    mkdirSync(dirname(dirname(missing)), { recursive: true });
    const run = script('sideload.ts', ['--manifest', missing, '--dry-run'], { PATH: pathDir() });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[sideload_manifest_missing]');
  });
});
