/**
 * The tests, and what they start, run on the supported Node.js LTS — not on whatever `node` the
 * machine has. package.json pins the runtime as the platform packages `node-<os>-<cpu>` (optional
 * dependencies, one installs per machine) whose `node` binary npm links into node_modules/.bin; npm
 * scripts put that folder first on PATH, so `npm test` / `npm start` and every `#!/usr/bin/env node`
 * tool they spawn (tsx, jest, webpack) run on it. A test run outside npm (a bare
 * `node_modules/.bin/jest`) runs on the machine's Node instead, and fails here.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string } };
  optionalDependencies: Record<string, string>;
};

type Version = [number, number, number];

function parse(version: string): Version {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The one range form package.json uses: `^MAJOR.MINOR.PATCH` (that major, from that version on). */
function satisfiesCaret(version: string, range: string): boolean {
  if (!range.startsWith('^')) throw new Error(`expected a ^MAJOR.MINOR.PATCH range, got ${range}`);
  const [major, minor, patch] = parse(range.slice(1));
  const [haveMajor, haveMinor, havePatch] = parse(version);
  if (haveMajor !== major) return false;
  return haveMinor !== minor ? haveMinor > minor : havePatch >= patch;
}

const runtimePackages = Object.entries(pkg.optionalDependencies).filter(([name]) => /^node-(linux|darwin|win)-/.test(name));
const thisMachine = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const pinned = pkg.optionalDependencies[thisMachine];

describe('the Node.js runtime', () => {
  it('is one supported version, stated the same way for users and for development', () => {
    expect(runtimePackages.length).toBeGreaterThan(0);
    const versions = new Set(runtimePackages.map(([, v]) => v));
    expect(versions.size).toBe(1);
    const [version] = [...versions];
    expect(satisfiesCaret(version as string, pkg.engines.node)).toBe(true);
    expect(pkg.devEngines.runtime).toMatchObject({ name: 'node', version: pkg.engines.node });
  });

  it('runs the tests in the supported range from package.json', () => {
    expect({ version: process.version, supported: satisfiesCaret(process.version, pkg.engines.node) }).toEqual({
      version: process.version,
      supported: true,
    });
  });

  // Only where package.json pins a binary for this platform (npm skips the others by os/cpu).
  (pinned ? it : it.skip)(`is the pinned ${thisMachine}, as \`npm test\` runs it`, () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it('is also the one that processes started like the backend run on', () => {
    // As the launcher and the process tests start the backend: node_modules/.bin/tsx with this
    // environment, its `#!/usr/bin/env node` resolved through PATH.
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const r = spawnSync(tsx, ['-e', 'process.stdout.write(process.version)'], { cwd: root, env: process.env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(process.version);
  });
});

/**
 * `npm install` itself may run on an older Node.js than the one it pins (a machine with only Node
 * 20, as CI's), and npm checks every package's `engines` against the Node that runs npm: a package
 * that refuses it prints EBADENGINE. The one that must (the job queue, pg-boss 12, needs Node 22.12
 * and is used only by the backend, which runs on the pinned Node) is named here with why; a new one
 * fails this test. package.json's `overrides` keep light-my-request on cookie 1 (cookie 2 says
 * Node 22 for no API it uses).
 */
describe('installing with npm on an older Node.js', () => {
  const OLDEST_NODE_RUNNING_NPM = '20.19.0';
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { optional?: boolean; engines?: { node?: string } | string[] }>;
  };
  const installed = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.optional);
  const nodeRange = (engines: unknown) => (engines && !Array.isArray(engines) ? (engines as { node?: string }).node : undefined);

  it('warns about no package but the job queue', () => {
    const refusing = installed
      .filter(([, entry]) => {
        const range = nodeRange(entry.engines);
        return range !== undefined && !satisfies(OLDEST_NODE_RUNNING_NPM, range, { includePrerelease: true });
      })
      .map(([path]) => path);
    expect(refusing).toEqual(['node_modules/pg-boss']);
  });

  it('installs nothing that the pinned runtime does not support', () => {
    const unsupported = installed.filter(([, entry]) => {
      const range = nodeRange(entry.engines);
      return range !== undefined && !satisfies(pinned ?? process.version, range, { includePrerelease: true });
    });
    expect(unsupported.map(([path]) => path)).toEqual([]);
  });
});
