/**
 * MSAL's network module, through the shared retry core: token and discovery requests get the same
 * per-attempt timeout and Retry-After handling as every other outbound call (MSAL's own client
 * has no timeout on POST).
 *
 * Token requests are safe to repeat (a second token for the same credential harms nothing), so
 * they are retried after timeouts too. A request that gets no answer at all throws
 * MsalTransportFault, an MSAL AuthError (so that MSAL passes it through unchanged) carrying our
 * ClientFaultError, which the token providers unwrap.
 */
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { ClientFaultError } from '../outbound/client-fault-error';
import type { Clock } from '../outbound/clock';
import type { RetryPolicy } from '../outbound/retry-policy';
import { sendWithRetry } from '../outbound/send-with-retry';

export class MsalTransportFault extends AuthError {
  constructor(readonly fault: ClientFaultError) {
    super('network_error', fault.message);
    this.name = 'MsalTransportFault';
    Object.setPrototypeOf(this, MsalTransportFault.prototype);
  }
}

export interface MsalNetworkClientOptions {
  fetch?: typeof fetch;
  clock?: Clock;
  policy?: Partial<RetryPolicy>;
}

export interface MsalNetworkClient extends INetworkModule {
  /**
   * The last request that got no answer. MSAL swallows failures of its discovery GET and then
   * reports an "endpoints resolution error"; this tells an unreachable authority from a bad tenant.
   */
  lastFault?: ClientFaultError;
}

export function createMsalNetworkClient(options: MsalNetworkClientOptions = {}): MsalNetworkClient {
  const fetchImpl = options.fetch ?? fetch;

  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    req: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    let res: Response;
    try {
      res = await sendWithRetry(
        (signal) =>
          fetchImpl(url, {
            method,
            headers: req?.headers,
            body: method === 'POST' ? (req?.body ?? '') : undefined,
            signal,
          }),
        {
          service: 'microsoft-identity',
          method,
          idempotent: true,
          clock: options.clock,
          policy: { ...options.policy, ...(timeout ? { timeoutMs: timeout } : {}) },
        },
      );
    } catch (e) {
      if (e instanceof ClientFaultError) {
        client.lastFault = e;
        throw new MsalTransportFault(e);
      }
      throw e;
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const text = await res.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // An HTML error page from a proxy: MSAL then reports the status without a parsed body.
      body = {};
    }
    return { headers, body: body as T, status: res.status };
  }

  const client: MsalNetworkClient = {
    sendGetRequestAsync: <T>(url: string, req?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, req, timeout),
    sendPostRequestAsync: <T>(url: string, req?: NetworkRequestOptions) => send<T>('POST', url, req),
  };
  return client;
}
