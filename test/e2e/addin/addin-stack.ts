/**
 * The whole local stack for the add-in's browser tests, on spare ports (scripts/world/world.ts): the
 * three emulators seeded as the launcher seeds them (Contoso and Fabrikam, the product's
 * registrations with the Teams calling tab's), the backend with its sync engine in this process, and
 * the add-in served by webpack's dev server as a child process (`webpack serve`, as `npm start` runs
 * it): the task pane, the function file, the launch-event page, manifest.xml and the Outlook dev host.
 */
import { CONTOSO, FABRIKAM, startWorld } from '../../../scripts/world/world';

export interface AddinStack {
  /** https://localhost:<port>: the add-in and the dev host. */
  addinUrl: string;
  /** The backend as browsers reach it (http://localhost:<port>). */
  backendUrl: string;
  graphUrl: string;
  identityUrl: string;
  webexUrl: string;
  /** The backend's Entra app, for a test that acts as another client of Microsoft Graph. */
  backendApp: { clientId: string; clientSecret?: string; authorityHost: string };
  devhostUrl(params?: Record<string, string>): string;
  close(): Promise<void>;
}

export async function startAddinStack(): Promise<AddinStack> {
  const world = await startWorld({
    tenants: [CONTOSO, FABRIKAM],
    identity: { teamsCalling: true },
    addin: true,
    sync: {},
    env: {
      LOG_LEVEL: 'warn',
      // One test user opens the pane dozens of times a minute here, as nobody does: at the default
      // per-user limit (120 a minute) a suite's later panes were refused (rate_limited). The limit
      // itself is tested in test/integration/server.
      RATE_LIMIT_PER_MINUTE: '2000',
    },
  });
  const { config } = world;
  return {
    addinUrl: world.addinBaseUrl,
    backendUrl: world.url,
    graphUrl: world.graph.url,
    identityUrl: world.identity.url,
    webexUrl: world.webex.url,
    backendApp: {
      clientId: config.microsoft.clientId,
      clientSecret: config.microsoft.credential.clientSecret,
      authorityHost: config.microsoft.authorityHost,
    },
    devhostUrl: world.devhostUrl,
    close: world.close,
  };
}
