/**
 * The outside world of the local stack, in one process: the Microsoft identity, Microsoft Graph and
 * Webex emulators, seeded with the local organizations and this deployment's app registrations.
 * Started by `npm start` (scripts/start.ts); ports come from the same configuration as the backend.
 */
import { loadConfig, LOCAL_APP } from '../src/server/config';
import { defaultDirectory, otherDirectory } from '../src/emulators/shared/directory';
import { createIdentityEmulator } from '../src/emulators/identity/identity-emulator';
import { productRegistrations } from '../src/emulators/identity/product-registrations';
import { withTeamsCalling } from '../src/emulators/identity/teams-registration';
import { createGraphEmulator } from '../src/emulators/graph/graph-emulator';
import { createWebexEmulator } from '../src/emulators/webex/webex-emulator';
import { ensureDevCerts } from './dev-certs';

export interface LocalEmulators {
  identityUrl: string;
  graphUrl: string;
  webexUrl: string;
  close(): Promise<void>;
}

/** Starts the three emulators on the configured ports (0 picks free ones). */
export async function startLocalEmulators(env: Record<string, string | undefined> = process.env): Promise<LocalEmulators> {
  const config = loadConfig(env);
  if (!config.emulators) throw new Error('The emulators run in local mode only (MS_CLIENT_ID is set).');
  const certs = await ensureDevCerts();
  const tls = { key: certs.key, cert: certs.cert };
  const tenants = [defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain), otherDirectory()];

  const identity = createIdentityEmulator({
    tls,
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
  const identityUrl = await identity.listen(config.emulators.identity);

  const graph = createGraphEmulator({ tls, tenants, identityUrl });
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
  const webexUrl = await webex.listen(config.emulators.webex);

  return {
    identityUrl,
    graphUrl,
    webexUrl,
    async close() {
      await Promise.all([identity.close(), graph.close(), webex.close()]);
    },
  };
}

if (require.main === module) {
  startLocalEmulators()
    .then((e) => {
      console.log(`identity ${e.identityUrl}, Graph ${e.graphUrl}/v1.0, Webex ${e.webexUrl}/v1`);
      const stop = () => void e.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    })
    .catch((err: unknown) => {
      console.error(`The emulators could not start: ${(err as Error).message}`);
      process.exit(1);
    });
}
