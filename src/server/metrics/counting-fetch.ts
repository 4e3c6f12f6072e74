/**
 * A fetch for an outbound client that counts what it sends: every attempt (retries included, so
 * that the figure is what the service saw) and every failure by code — the product's code for the
 * HTTP status (graph_throttled, webex_unavailable, ...) or the fault's (outbound_timeout, ...).
 * Nothing of the request is recorded: no URL, no header, no body.
 */
import type { Counter } from 'prom-client';
import { graphErrorCode } from '../graph/graph-error';
import { classifyFetchFailure } from '../outbound/client-fault-error';
import { webexErrorCode } from '../webex/webex-error';
import { toError } from '../errors';

/** The services the backend calls; `identity` is the Microsoft token endpoint (MSAL). */
export type OutboundService = 'graph' | 'webex' | 'identity';

/** The product's code for a failed HTTP answer of `service`. */
export function outboundErrorCode(service: OutboundService, status: number): string {
  if (service === 'graph') return graphErrorCode(status);
  if (service === 'webex') return webexErrorCode(status);
  return status === 429 ? 'identity_throttled' : status >= 500 ? 'identity_unavailable' : 'identity_refused';
}

/** The code of a request that got no answer. */
export function outboundFaultCode(thrown: unknown, service: OutboundService): string {
  const name = (thrown as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return 'outbound_timeout';
  if (name === 'AbortError') return 'outbound_aborted';
  return classifyFetchFailure(thrown, service, 1).code;
}

export interface OutboundCounters {
  requests: Counter<'service'>;
  errors: Counter<'service' | 'code'>;
}

export function countingFetch(service: OutboundService, counters: OutboundCounters, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    counters.requests.inc({ service });
    let response: Response;
    try {
      response = await base(input, init);
    } catch (thrown) {
      counters.errors.inc({ service, code: outboundFaultCode(thrown, service) });
      throw toError(thrown);
    }
    if (response.status >= 400) counters.errors.inc({ service, code: outboundErrorCode(service, response.status) });
    return response;
  };
}
