/**
 * The outside world of a benchmark or fault run, in this process: the identity, Graph and Webex
 * emulators seeded with one tenant (bench-directory.ts), every request to Graph and Webex recorded
 * (request-log.ts), and what a backend process needs to run against them: its environment (local
 * mode, emulator ports, its own data directory and key) and a store seeded with the tenant in
 * admin mode, its users and their Webex grants, as admin consent and "link Webex" leave them.
 *
 * The backend under test runs elsewhere (a child process, sync-backend-process.ts) or in-process;
 * nothing here is the product: the emulators stand in for Microsoft and Webex.
 */
import { randomBytes } from 'node:crypto';
import { readDevCerts } from '../dev-certs';
import type { NotifierSettings } from '../../src/emulators/graph/change-notifier';
import { createGraphEmulator, type GraphEmulator } from '../../src/emulators/graph/graph-emulator';
import type { ThrottleSettings } from '../../src/emulators/graph/mailbox-throttle';
import { createIdentityEmulator, type IdentityEmulator } from '../../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../../src/emulators/identity/product-registrations';
import type { DirectoryTenant, DirectoryUser } from '../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator } from '../../src/emulators/webex/webex-emulator';
import type { CreateLimits } from '../../src/emulators/webex/webex-state';
import { LOCAL_APP, loadConfig, type Config } from '../../src/server/config';
import { openStore, type Store } from '../../src/server/store';
import { benchTenant } from './bench-directory';
import { recordRequests, type RequestLog } from '../world/request-log';

export interface EmulatorWorldOptions {
  /** Generated users besides the seeded ones (default 0). */
  generatedUsers?: number;
  /** More users of the tenant, counted among the mailboxes (e.g. the privacy canary's). */
  extraUsers?: DirectoryUser[];
  notifications?: Partial<NotifierSettings>;
  throttling?: Partial<ThrottleSettings>;
  webexLimits?: Partial<CreateLimits>;
  /** Longest subscription lifetime Graph grants, in minutes (default 10,080). */
  maxSubscriptionMinutes?: number;
  /** The emulator clock's base (default Date.now); the subscription simulation moves it. */
  now?: () => number;
}

export interface BackendSettings {
  port: number;
  /** PGlite's home (DATA_DIR) unless databaseUrl is given. */
  dataDir: string;
  databaseUrl?: string;
  /** Extra variables (LOG_LEVEL, RATE_LIMIT_PER_MINUTE...). */
  env?: Record<string, string>;
}

export interface EmulatorWorld {
  identity: IdentityEmulator;
  graph: GraphEmulator;
  webex: WebexEmulator;
  tenant: DirectoryTenant;
  /** The generated users. */
  mailboxes: DirectoryUser[];
  graphRequests: RequestLog;
  webexRequests: RequestLog;
  /** The 32-byte key every backend of this world seals its tokens with (hex). */
  tokenEncryptionKey: string;
  /** Local-mode environment of a backend pointed at these emulators. */
  backendEnv(settings: BackendSettings): Record<string, string>;
  /** That backend's configuration, as loadConfig reads it from backendEnv. */
  backendConfig(settings: BackendSettings): Config;
  /**
   * Seeds a backend's database before it starts: the tenant in admin mode, the users, and a Webex
   * grant for each (tokens issued by the Webex emulator, as linking Webex leaves them). Returns the
   * tokens it stored, by user id, for tests that look for them where they must not be.
   */
  seedStore(
    settings: BackendSettings,
    users: readonly DirectoryUser[],
  ): Promise<Map<string, { accessToken: string; refreshToken: string }>>;
  /** The user's access token for the backend's API (password grant, as scripts act as a user). */
  apiToken(config: Config, user: DirectoryUser): Promise<string>;
  close(): Promise<void>;
}

export async function startEmulatorWorld(options: EmulatorWorldOptions = {}): Promise<EmulatorWorld> {
  const tls = readDevCerts();
  const generated = benchTenant(options.generatedUsers ?? 0);
  const extra = options.extraUsers ?? [];
  const tenant: DirectoryTenant = { ...generated.tenant, users: [...generated.tenant.users, ...extra] };
  const mailboxes = [...generated.mailboxes, ...extra];
  const identity = createIdentityEmulator({
    tls,
    tenants: [tenant],
    applications: productRegistrations({
      tenantId: tenant.id,
      backendClientId: LOCAL_APP.backendClientId,
      backendClientSecret: LOCAL_APP.backendClientSecret,
      addinClientId: LOCAL_APP.addinClientId,
      addinBaseUrl: 'https://localhost:3000',
      backendBaseUrl: 'http://localhost:3001',
    }),
    adminConsents: [
      { tenantId: tenant.id, clientId: LOCAL_APP.backendClientId },
      { tenantId: tenant.id, clientId: LOCAL_APP.addinClientId },
    ],
  });
  await identity.listen();
  const graph = createGraphEmulator({
    tls,
    tenants: [tenant],
    identityUrl: identity.url,
    notifications: options.notifications,
    throttling: options.throttling,
    maxSubscriptionMinutes: options.maxSubscriptionMinutes,
    now: options.now,
  });
  const graphRequests = recordRequests(graph.app);
  await graph.listen();
  const webex = createWebexEmulator({
    tls,
    directories: [tenant],
    integrations: [
      {
        clientId: LOCAL_APP.webexClientId,
        clientSecret: LOCAL_APP.webexClientSecret,
        redirectUris: ['http://localhost:3001/auth/webex/callback'],
        scopes: ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'],
        name: 'Webex Scheduler for Outlook',
      },
    ],
    limits: options.webexLimits,
  });
  const webexRequests = recordRequests(webex.app);
  await webex.listen();

  const tokenEncryptionKey = randomBytes(32).toString('hex');
  const backendEnv = (settings: BackendSettings): Record<string, string> => ({
    PORT: String(settings.port),
    IDENTITY_EMULATOR_PORT: new URL(identity.url).port,
    GRAPH_EMULATOR_PORT: new URL(graph.url).port,
    WEBEX_EMULATOR_PORT: new URL(webex.url).port,
    DATA_DIR: settings.dataDir,
    TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
    LOG_LEVEL: 'warn',
    ...(settings.databaseUrl ? { DATABASE_URL: settings.databaseUrl } : {}),
    ...settings.env,
  });
  const backendConfig = (settings: BackendSettings) => loadConfig(backendEnv(settings));

  return {
    identity,
    graph,
    webex,
    tenant,
    mailboxes,
    graphRequests,
    webexRequests,
    tokenEncryptionKey,
    backendEnv,
    backendConfig,
    async seedStore(settings, users) {
      const config = backendConfig(settings);
      const store: Store = await openStore(config);
      const issued = new Map<string, { accessToken: string; refreshToken: string }>();
      try {
        await store.tenants.upsert({ id: tenant.id, mode: 'admin' });
        const far = new Date(Date.now() + 365 * 86_400_000);
        for (const user of users) {
          await store.users.upsert({ tenantId: tenant.id, userId: user.id });
          const token = webex.issueUserToken(user.mail ?? user.userPrincipalName, config.webex.scopes, config.webex.clientId);
          issued.set(user.id, { accessToken: token.access_token, refreshToken: token.refresh_token ?? '' });
          await store.webexGrants.save(tenant.id, user.id, {
            accessToken: token.access_token,
            refreshToken: token.refresh_token ?? '',
            // The emulator's tokens live for days: the backend never needs to refresh in a run.
            accessExpiresAt: new Date(Date.now() + token.expires_in * 1000),
            refreshExpiresAt: far,
            scopes: config.webex.scopes,
          });
        }
      } finally {
        await store.close();
      }
      return issued;
    },
    async apiToken(config, user) {
      const res = await fetch(`${identity.url}/${tenant.id}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: LOCAL_APP.addinClientId,
          username: user.userPrincipalName,
          password: user.password,
          scope: config.microsoft.apiScope,
        }),
      });
      const json = (await res.json()) as { access_token?: string };
      if (!json.access_token) throw new Error(`no API token for a generated user (status ${res.status})`);
      return json.access_token;
    },
    async close() {
      await graph.close();
      await webex.close();
      await identity.close();
    },
  };
}
