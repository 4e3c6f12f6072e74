/**
 * One MSAL ConfidentialClientApplication per tenant (authority `${authorityHost}/${tenantId}`),
 * made on first use and kept, so that MSAL's in-memory cache serves repeated token requests.
 *
 * The backend authenticates with its certificate when one is configured (a client assertion
 * signed with PS256, header x5t#S256 = the certificate's SHA-256 thumbprint), else with its secret.
 * MSAL's failures come out as GraphTokenError, and a request that got no answer as the
 * ClientFaultError of the retry core.
 */
import {
  ConfidentialClientApplication,
  LogLevel,
  type AuthenticationResult,
  type Configuration,
  type ICachePlugin,
} from '@azure/msal-node';
import { X509Certificate } from 'node:crypto';
import type { MicrosoftConfig } from '../config';
import { ClientFaultError } from '../outbound/client-fault-error';
import type { Clock } from '../outbound/clock';
import type { RetryPolicy } from '../outbound/retry-policy';
import { toError } from '../errors';
import { GraphTokenError, graphTokenErrorFromMsal } from './graph-token-error';
import { createMsalNetworkClient, MsalNetworkClient, MsalTransportFault } from './msal-network-client';

export interface ConfidentialClientPoolOptions {
  fetch?: typeof fetch;
  clock?: Clock;
  /** Retry policy of token requests (timeouts, attempts). */
  policy?: Partial<RetryPolicy>;
  /** A persistent MSAL cache per tenant; MSAL's in-memory cache otherwise. */
  cachePluginFor?: (tenantId: string) => ICachePlugin | undefined;
}

// A tenant id is a GUID or a verified domain; anything else must not reach the authority URL.
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$/;

/** The hex SHA-256 thumbprint MSAL expects, from a PEM certificate. */
export function certificateThumbprintSha256(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256.replace(/:/g, '');
}

function credentialOf(microsoft: MicrosoftConfig): Pick<Configuration['auth'], 'clientCertificate' | 'clientSecret'> {
  const { certificate, certificatePrivateKey, clientSecret } = microsoft.credential;
  if (certificate && certificatePrivateKey) {
    return { clientCertificate: { thumbprintSha256: certificateThumbprintSha256(certificate), privateKey: certificatePrivateKey } };
  }
  if (clientSecret) return { clientSecret };
  throw new GraphTokenError('graph_credential_invalid', { msalCode: 'no_credential_configured' });
}

export class ConfidentialClientPool {
  private readonly apps = new Map<string, { app: ConfidentialClientApplication; network: MsalNetworkClient }>();
  private readonly credential: ReturnType<typeof credentialOf>;

  constructor(
    private readonly microsoft: MicrosoftConfig,
    private readonly options: ConfidentialClientPoolOptions = {},
  ) {
    this.credential = credentialOf(microsoft);
  }

  /** Runs an MSAL token request against the tenant's application and returns the access token. */
  async acquire(tenantId: string, request: (app: ConfidentialClientApplication) => Promise<AuthenticationResult | null>): Promise<string> {
    return (await this.acquireResult(tenantId, request)).accessToken;
  }

  /** As acquire, with what MSAL said of the token (its expiry). */
  async acquireResult(
    tenantId: string,
    request: (app: ConfidentialClientApplication) => Promise<AuthenticationResult | null>,
  ): Promise<AuthenticationResult> {
    const { app, network } = this.entry(tenantId);
    network.lastFault = undefined;
    let result: AuthenticationResult | null;
    try {
      result = await request(app);
    } catch (e) {
      if (e instanceof MsalTransportFault) throw e.fault;
      if (e instanceof ClientFaultError || e instanceof GraphTokenError) throw e;
      const err = toError(e);
      const errorCode = (err as { errorCode?: unknown }).errorCode;
      if (errorCode === 'endpoints_resolution_error' && network.lastFault) throw network.lastFault;
      if (typeof errorCode === 'string') throw graphTokenErrorFromMsal(err);
      throw err;
    }
    if (!result?.accessToken) throw new GraphTokenError('graph_token_failed', { msalCode: 'empty_result' });
    return result;
  }

  private entry(tenantId: string): { app: ConfidentialClientApplication; network: MsalNetworkClient } {
    if (!TENANT_ID.test(tenantId)) throw new GraphTokenError('graph_tenant_unknown', { msalCode: 'invalid_tenant_id' });
    const key = tenantId.toLowerCase();
    let entry = this.apps.get(key);
    if (!entry) {
      const network = createMsalNetworkClient({ fetch: this.options.fetch, clock: this.options.clock, policy: this.options.policy });
      const app = new ConfidentialClientApplication({
        auth: {
          clientId: this.microsoft.clientId,
          authority: `${this.microsoft.authorityHost.replace(/\/+$/, '')}/${tenantId}`,
          knownAuthorities: this.microsoft.knownAuthorities,
          ...this.credential,
        },
        cache: { cachePlugin: this.options.cachePluginFor?.(tenantId) },
        system: {
          networkClient: network,
          // Our network client retries; MSAL's own retries would multiply the attempts.
          disableInternalRetries: true,
          loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
        },
      });
      entry = { app, network };
      this.apps.set(key, entry);
    }
    return entry;
  }
}
