/**
 * `npm start`: the whole product on this machine, with no setup.
 *
 * Local mode (no MS_CLIENT_ID): the three emulators (one process), the backend and the add-in dev
 * server, each a child process that trusts the local CA through NODE_EXTRA_CA_CERTS (the CA is not
 * in the system store: adding it needs sudo). Prints the URLs and the sign-in accounts, and stops
 * everything on Ctrl-C. With MS_CLIENT_ID set only the backend runs, pointed at the real services.
 *
 * The local world (the emulators' state and the backend's database) is kept in DATA_DIR, so a
 * restart continues where the last run stopped (scripts/local-world.ts); `npm start -- --fresh`
 * removes it first and starts over from the seed. The launcher says which of the two it does.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { loadConfigOrExit, type Config } from '../src/server/config';
import { ensureDevCerts } from './dev-certs';
import { hasSavedEmulatorState, localWorld, portsInUse, START_OVER_HINT, wipeLocalWorld, type LocalWorld } from './local-world';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const webpack = join(root, 'node_modules', '.bin', 'webpack');

interface Service {
  name: string;
  child: ChildProcess;
}

const services: Service[] = [];
let stopping = false;

function launch(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): Service {
  const child = spawn(cmd, args, {
    cwd: root,
    env,
    // Own process group, so that stopping also reaches the grandchildren (tsx, webpack workers).
    detached: true,
    stdio: ['ignore', quiet ? 'ignore' : 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(prefix + line + '\n');
  };
  child.stdout?.on('data', relay(process.stdout));
  child.stderr?.on('data', relay(process.stderr));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest.`);
      void stopAll(1);
    }
  });
  const service = { name, child };
  services.push(service);
  return service;
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await Promise.all(
    services.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
          const kill = (signal: NodeJS.Signals) => {
            try {
              process.kill(-child.pid!, signal);
            } catch {
              /* already gone */
            }
          };
          const timer = setTimeout(() => kill('SIGKILL'), 8000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          kill('SIGTERM');
        }),
    ),
  );
  console.log('Stopped.');
  process.exit(exitCode);
}

/**
 * GET with the local CA trusted. This process was not started with NODE_EXTRA_CA_CERTS (the
 * certificates may not even exist before it runs), so it passes the CA per request.
 */
function get(url: string, ca: string, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(u, { method: 'GET', ca, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(url: string, what: string, ca: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopping');
    try {
      const res = await get(url, ca);
      if (res.status < 500) return;
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000} s (${lastError})`);
}

/**
 * Starts over (--fresh) or says that the saved world is continued. Refuses to wipe while
 * something listens on the emulators' ports: a stack still running would write its world back.
 */
async function prepareWorld(config: Config, world: LocalWorld, fresh: boolean): Promise<void> {
  if (fresh) {
    const emulators = config.emulators!;
    const busy = await portsInUse([emulators.identity, emulators.graph, emulators.webex, config.port]);
    if (busy.length > 0) {
      throw new Error(`--fresh: something already listens on port ${busy.join(', ')} (is the local stack running? Stop it first).`);
    }
    const removed = wipeLocalWorld(world, { database: !config.databaseUrl });
    const what = removed.length ? `removed ${removed.join(' and ')}` : 'nothing was saved yet';
    console.log(`Starting over from the seed (--fresh): ${what}.`);
    if (config.databaseUrl)
      console.log('The backend database at DATABASE_URL is not touched: clear it yourself if it should start over too.');
    return;
  }
  if (hasSavedEmulatorState(world)) {
    console.log(`Continuing the saved local world in ${world.dataDir} (npm start -- --fresh starts over from the seed).`);
  } else if (!config.databaseUrl && existsSync(world.databaseDir)) {
    // A data directory from before the emulators kept their state: the backend's records would point at nothing.
    console.log(
      `The emulators start from the seed, but the backend's database in ${world.databaseDir} is from an earlier run: npm start -- --fresh starts both over.`,
    );
  } else {
    console.log(`Starting a new local world from the seed; it is kept in ${world.dataDir} across restarts.`);
  }
}

interface SeededUsers {
  tenants: { id: string; displayName: string; users: { upn: string; password: string; isTenantAdmin: boolean }[] }[];
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const fresh = process.argv.slice(2).includes('--fresh');

  if (config.mode === 'production') {
    if (fresh) {
      console.error('--fresh starts the local stack over; it has no meaning with MS_CLIENT_ID set.');
      process.exit(1);
    }
    console.log('MS_CLIENT_ID is set: starting the backend only, against the configured services.');
    launch('backend', tsx, ['src/server/main.ts'], process.env);
    await waitFor(`http://127.0.0.1:${config.port}/healthz`, 'the backend', '');
    console.log(`Backend: ${config.publicBaseUrl}`);
    return;
  }

  const world = localWorld(config.dataDir);
  await prepareWorld(config, world, fresh);
  const certs = await ensureDevCerts();
  const emulators = config.emulators!;
  const addinPort = new URL(config.addinBaseUrl).port || '3000';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: certs.caCertPath,
    ADDIN_PORT: addinPort,
    GRAPH_EMULATOR_PORT: String(emulators.graph),
    IDENTITY_EMULATOR_PORT: String(emulators.identity),
    WEBEX_EMULATOR_PORT: String(emulators.webex),
    PORT: String(config.port),
    DATA_DIR: config.dataDir,
  };

  console.log('Starting the local stack (emulators, backend, add-in)…');
  launch('emulators', tsx, ['scripts/local-emulators.ts', '--state-dir', world.emulatorsDir], env);
  await Promise.all([
    waitFor(`https://localhost:${emulators.identity}/_emulator/health`, 'the identity emulator', certs.ca),
    waitFor(`https://localhost:${emulators.graph}/_emulator/health`, 'the Graph emulator', certs.ca),
    waitFor(`https://localhost:${emulators.webex}/_emulator/health`, 'the Webex emulator', certs.ca),
  ]);
  launch('backend', tsx, ['src/server/main.ts'], env);
  launch('addin', webpack, ['serve', '--mode', 'development'], env, true);
  await Promise.all([
    waitFor(`http://127.0.0.1:${config.port}/healthz`, 'the backend', certs.ca),
    waitFor(`${config.addinBaseUrl}/manifest.xml`, 'the add-in dev server', certs.ca, 180_000),
  ]);

  const seeded = JSON.parse((await get(`https://localhost:${emulators.identity}/_emulator/users`, certs.ca)).body) as SeededUsers;
  const lines = [
    '',
    'Webex Scheduler for Outlook is running locally:',
    `  add-in (task pane, manifest)  ${config.addinBaseUrl}/manifest.xml`,
    `  Outlook dev host              ${config.addinBaseUrl}/devhost.html`,
    `  Teams dev host (Call tab)     ${config.addinBaseUrl}/teams-devhost.html`,
    `  backend                       ${config.publicBaseUrl}  (health: /healthz)`,
    `  Microsoft Graph emulator      https://localhost:${emulators.graph}/v1.0`,
    `  Microsoft identity emulator   https://localhost:${emulators.identity}/${seeded.tenants[0]?.id ?? 'common'}/v2.0`,
    `  Webex emulator                https://localhost:${emulators.webex}/v1`,
    `  data (the local world)        ${config.dataDir}`,
    '',
    `The local world is kept across restarts. ${START_OVER_HINT}`,
    '',
    'Sign-in accounts (local only):',
  ];
  for (const t of seeded.tenants) {
    lines.push(`  ${t.displayName} (tenant ${t.id})`);
    for (const u of t.users) lines.push(`    ${u.upn.padEnd(32)} ${u.password}${u.isTenantAdmin ? '   (tenant admin)' : ''}`);
  }
  lines.push('', `Browsers: trust the local CA at ${certs.caCertPath}, or accept the certificate warning once per port.`);
  lines.push('Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
  console.log('local stack ready');
}

main().catch((e: unknown) => {
  if ((e as Error).message !== 'stopping') console.error(`Could not start: ${(e as Error).message}`);
  void stopAll(1);
});
