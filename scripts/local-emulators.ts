/**
 * The outside world of the local stack, in one process: the Microsoft identity, Microsoft Graph and
 * Webex emulators, seeded with the local organizations and this deployment's app registrations.
 * Started by `npm start` (scripts/start.ts); ports come from the same configuration as the backend.
 *
 * With a state directory (`--state-dir <dir>`, which the launcher passes: DATA_DIR/emulators) the
 * emulators continue the world saved there and keep it saved as it changes (write-through, see
 * src/emulators/shared/state-persistence.ts); without one (tests, the benchmark) they live in memory.
 * A state file that cannot be used stops the start with the reason and the way to start over.
 */
import { join } from 'node:path';
import { loadConfig, LOCAL_APP } from '../src/server/config';
import { defaultDirectory, otherDirectory } from '../src/emulators/shared/directory';
import { createIdentityEmulator } from '../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../src/emulators/identity/product-registrations';
import { withTeamsCalling } from '../src/emulators/identity/teams-registration';
import { createGraphEmulator } from '../src/emulators/graph/graph-emulator';
import { createWebexEmulator } from '../src/emulators/webex/webex-emulator';
import { IDENTITY_STATE_FILE, parseIdentitySnapshot, restoreIdentity, snapshotIdentity } from '../src/emulators/identity/identity-snapshot';
import { createSigningKeyPem, signingKeyFromPem } from '../src/emulators/identity/token-signer';
import { GRAPH_STATE_FILE, parseGraphSnapshot, restoreGraph, snapshotGraph } from '../src/emulators/graph/graph-snapshot';
import { parseWebexSnapshot, restoreWebex, snapshotWebex, WEBEX_STATE_FILE } from '../src/emulators/webex/webex-snapshot';
import { readStateFile, StateFileError, type StateFileId } from '../src/emulators/shared/state-file';
import { persistState, type PersistedState } from '../src/emulators/shared/state-persistence';
import { ensureDevCerts } from './dev-certs';
import { START_OVER_HINT } from './local-world';

export interface LocalEmulators {
  identityUrl: string;
  graphUrl: string;
  webexUrl: string;
  /** Which emulators continued a saved world (empty: all started from the seed). */
  continued: string[];
  /** Saves the state once more (when kept in a directory) and stops the emulators. */
  close(): Promise<void>;
}

export interface LocalEmulatorOptions {
  /** Keep the emulators' state in this directory and continue from what is there (default: in memory). */
  stateDir?: string;
}

/** The saved state of one emulator, checked; undefined when there is none. Throws StateFileError. */
function readSaved<T>(stateDir: string | undefined, id: StateFileId, parse: (value: unknown) => T): T | undefined {
  if (!stateDir) return undefined;
  const path = stateFilePath(stateDir, id);
  const raw = readStateFile(path, id);
  if (raw === undefined) return undefined;
  try {
    return parse(raw);
  } catch (e) {
    throw new StateFileError(path, `its content is not what this version expects (${(e as Error).message})`);
  }
}

/** Puts saved state in place; a failure is the file's, and says which file. */
function restoreSaved(stateDir: string, id: StateFileId, restore: () => void): void {
  try {
    restore();
  } catch (e) {
    throw new StateFileError(stateFilePath(stateDir, id), `it could not be restored (${(e as Error).message})`);
  }
}

function stateFilePath(stateDir: string, id: StateFileId): string {
  return join(stateDir, `${id.emulator}.json`);
}

/** Starts the three emulators on the configured ports (0 picks free ones). */
export async function startLocalEmulators(
  env: Record<string, string | undefined> = process.env,
  options: LocalEmulatorOptions = {},
): Promise<LocalEmulators> {
  const config = loadConfig(env);
  if (!config.emulators) throw new Error('The emulators run in local mode only (MS_CLIENT_ID is set).');
  const { stateDir } = options;
  // All three files are read and checked before anything starts, so that a bad one stops the start cleanly.
  const savedIdentity = readSaved(stateDir, IDENTITY_STATE_FILE, parseIdentitySnapshot);
  const savedGraph = readSaved(stateDir, GRAPH_STATE_FILE, parseGraphSnapshot);
  const savedWebex = readSaved(stateDir, WEBEX_STATE_FILE, parseWebexSnapshot);
  const continued = [savedIdentity && 'identity', savedGraph && 'graph', savedWebex && 'webex'].filter((n): n is string => !!n);
  const persisted: PersistedState[] = [];

  const certs = await ensureDevCerts();
  const tls = { key: certs.key, cert: certs.cert };
  const tenants = [defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain), otherDirectory()];

  // A kept world keeps its signing key: tokens issued before a restart verify after it.
  const signingKeyPem = savedIdentity?.signingKey ?? (stateDir ? await createSigningKeyPem() : undefined);
  const identity = createIdentityEmulator({
    tls,
    signingKey: signingKeyPem ? signingKeyFromPem(signingKeyPem) : undefined,
    tenants,
    // The product's app registrations; the backend's also serves the Teams calling tab's sign-in.
    applications: withTeamsCalling(
      productRegistrations({
        tenantId: LOCAL_APP.tenantId,
        backendClientId: LOCAL_APP.backendClientId,
        backendClientSecret: LOCAL_APP.backendClientSecret,
        addinClientId: LOCAL_APP.addinClientId,
        addinBaseUrl: config.addinBaseUrl,
        backendBaseUrl: config.publicBaseUrl,
        backendCertificates: config.microsoft.credential.certificate ? [config.microsoft.credential.certificate] : [],
      }),
      { backendClientId: LOCAL_APP.backendClientId, tabBaseUrl: config.addinBaseUrl },
    ),
  });
  if (stateDir && signingKeyPem) {
    if (savedIdentity) restoreSaved(stateDir, IDENTITY_STATE_FILE, () => restoreIdentity(identity, savedIdentity));
    const path = stateFilePath(stateDir, IDENTITY_STATE_FILE);
    persisted.push(
      persistState({ app: identity.app, path, id: IDENTITY_STATE_FILE, snapshot: () => snapshotIdentity(identity, signingKeyPem) }),
    );
  }
  const identityUrl = await identity.listen(config.emulators.identity);

  const graph = createGraphEmulator({ tls, tenants, identityUrl });
  if (stateDir) {
    if (savedGraph) restoreSaved(stateDir, GRAPH_STATE_FILE, () => restoreGraph(graph, savedGraph));
    persisted.push(
      persistState({
        app: graph.app,
        path: stateFilePath(stateDir, GRAPH_STATE_FILE),
        id: GRAPH_STATE_FILE,
        snapshot: () => snapshotGraph(graph),
      }),
    );
  }
  const graphUrl = await graph.listen(config.emulators.graph);

  const webex = createWebexEmulator({
    tls,
    directories: tenants,
    integrations: [
      {
        clientId: LOCAL_APP.webexClientId,
        clientSecret: LOCAL_APP.webexClientSecret,
        redirectUris: [`${config.publicBaseUrl}/auth/webex/callback`],
      },
    ],
    serviceTokens: config.webex.serviceToken ? [{ token: config.webex.serviceToken, orgId: LOCAL_APP.tenantId }] : [],
  });
  if (stateDir) {
    if (savedWebex) restoreSaved(stateDir, WEBEX_STATE_FILE, () => restoreWebex(webex, savedWebex));
    persisted.push(
      persistState({
        app: webex.app,
        path: stateFilePath(stateDir, WEBEX_STATE_FILE),
        id: WEBEX_STATE_FILE,
        snapshot: () => snapshotWebex(webex),
      }),
    );
  }
  const webexUrl = await webex.listen(config.emulators.webex);

  return {
    identityUrl,
    graphUrl,
    webexUrl,
    continued,
    async close() {
      // Saved first: closing the Graph emulator ends its notifier, whose queue is part of the world.
      // Requests still answered while the apps close save what they change themselves.
      for (const p of persisted) {
        p.stopBackground();
        try {
          p.flush();
        } catch (e) {
          console.error(`Could not save the emulators' state: ${(e as Error).message}`);
        }
      }
      await Promise.all([identity.close(), graph.close(), webex.close()]);
    },
  };
}

/** `--state-dir <dir>` from the command line. */
function stateDirArgument(argv: string[]): string | undefined {
  const at = argv.indexOf('--state-dir');
  return at >= 0 ? argv[at + 1] : undefined;
}

if (require.main === module) {
  startLocalEmulators(process.env, { stateDir: stateDirArgument(process.argv.slice(2)) })
    .then((e) => {
      const kept = e.continued.length ? ` (continuing the saved ${e.continued.join(', ')} state)` : '';
      console.log(`identity ${e.identityUrl}, Graph ${e.graphUrl}/v1.0, Webex ${e.webexUrl}/v1${kept}`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        void e.close().then(() => process.exit(0));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((err: unknown) => {
      console.error(`The emulators could not start: ${(err as Error).message}`);
      if (err instanceof StateFileError) console.error(START_OVER_HINT);
      process.exit(1);
    });
}
