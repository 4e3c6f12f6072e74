/**
 * The backend's one way to call Microsoft Graph (docs/architecture.md#conventions, rule 6), built
 * on @microsoft/microsoft-graph-client with our middleware chain (graph-middleware-chain.ts):
 * tokens per tenant from a TenantTokenProvider, retries honouring Retry-After, per-attempt
 * timeouts.
 *
 * Every request says `Prefer: IdType="ImmutableId"`, so that event ids survive moves between
 * folders (docs/architecture.md#service-facts). Errors: GraphError when Graph answered,
 * GraphTokenError when no token could be had, ClientFaultError when Graph could not be reached.
 */
import { randomUUID } from 'node:crypto';
import {
  AuthenticationHandlerOptions,
  Client,
  GraphError as SdkGraphError,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import type { Clock } from '../outbound/clock';
import { systemClock } from '../outbound/clock';
import { parseRetryAfter } from '../outbound/parse-retry-after';
import type { OutboundClientOptions } from '../outbound/send-with-retry';
import { toError } from '../errors';
import type { TenantTokenProvider } from './app-only-token-provider';
import { GraphError } from './graph-error';
import { createGraphMiddlewareChain, GraphCallControl } from './graph-middleware-chain';
import type { GraphCollection, GraphOrganization, GraphUser } from './graph-types';

export const IMMUTABLE_ID_PREFERENCE = 'IdType="ImmutableId"';

export interface GraphClientOptions extends OutboundClientOptions {
  /** e.g. https://graph.microsoft.com (config.microsoft.graphBaseUrl), without the version. */
  baseUrl: string;
  /** App-only tokens per tenant (createAppOnlyTokenProvider). */
  tokens: Pick<TenantTokenProvider, 'forTenant'>;
  version?: 'v1.0' | 'beta';
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface GraphCall {
  method?: GraphMethod;
  /** Under the version, e.g. `/users/{id}/events`; or an absolute @odata.nextLink on the same host. */
  path: string;
  /** Query options; values are URL-encoded here. */
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Extra headers. A `Prefer` given here is added to the immutable-id preference. */
  headers?: Record<string, string>;
  /** Say true for a PATCH that sets absolute values, so that it is retried after a 504 or a timeout. */
  idempotent?: boolean;
  /** Tokens for this call instead of the tenant's app-only ones (on-behalf-of a user). */
  auth?: AuthenticationProvider;
  signal?: AbortSignal;
}

function encodeQuery(query: GraphCall['query']): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const k = /^[$\w.-]+$/.test(key) ? key : encodeURIComponent(key);
    parts.push(`${k}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}

export class GraphClient {
  private readonly client: Client;
  private readonly origin: string;
  private readonly clock: Clock;

  constructor(private readonly options: GraphClientOptions) {
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.clock = options.clock ?? systemClock;
    this.client = Client.initWithMiddleware({
      baseUrl: base.origin,
      defaultVersion: options.version ?? 'v1.0',
      // The SDK attaches tokens only to Microsoft Graph hosts and these (host names, without port).
      customHosts: new Set([base.hostname]),
      middleware: createGraphMiddlewareChain({
        defaultAuthProvider: {
          getAccessToken: () => Promise.reject(new Error('GraphClient: a request without a token provider')),
        },
        fetch: options.fetch,
        clock: this.clock,
        random: options.random,
        onRetry: options.onRetry,
        policy: {
          timeoutMs: options.timeoutMs,
          maxAttempts: options.maxRetries === undefined ? undefined : options.maxRetries + 1,
          maxRetryAfterMs: options.maxRetryAfterMs,
        },
      }),
    });
  }

  /** Any Graph request, app-only in the tenant unless `call.auth` says otherwise. Resolves to the parsed body (undefined for 204). */
  async request<T = unknown>(tenantId: string, call: GraphCall): Promise<T> {
    const method = call.method ?? 'GET';
    const control = new GraphCallControl(call.idempotent, call.signal);
    const auth = new AuthenticationHandlerOptions(call.auth ?? this.options.tokens.forTenant(tenantId));
    const clientRequestId = randomUUID();
    const { Prefer: extraPrefer, prefer: extraPreferLower, ...otherHeaders } = call.headers ?? {};
    const prefer = [IMMUTABLE_ID_PREFERENCE, extraPrefer, extraPreferLower].filter(Boolean).join(', ');
    const req = this.client
      .api(this.target(call))
      .middlewareOptions([control, auth])
      .headers({ ...otherHeaders, Prefer: prefer, 'client-request-id': clientRequestId });
    try {
      switch (method) {
        case 'GET':
          return (await req.get()) as T;
        case 'POST':
          return (await req.post(call.body ?? {})) as T;
        case 'PATCH':
          return (await req.patch(call.body ?? {})) as T;
        case 'PUT':
          return (await req.put(call.body ?? {})) as T;
        case 'DELETE':
          return (await req.delete()) as T;
      }
    } catch (e) {
      if (control.fault) throw control.fault;
      throw this.toGraphError(e, clientRequestId);
    }
  }

  /** GET /users/{id | userPrincipalName}. */
  getUser(tenantId: string, userId: string, select?: string[]): Promise<GraphUser> {
    return this.request<GraphUser>(tenantId, {
      path: `/users/${encodeURIComponent(userId)}`,
      query: { $select: select?.length ? select.join(',') : undefined },
    });
  }

  /** GET /organization: the tenant's one organization object. */
  async getOrganization(tenantId: string): Promise<GraphOrganization> {
    const page = await this.request<GraphCollection<GraphOrganization>>(tenantId, { path: '/organization' });
    const org = page?.value?.[0];
    if (!org) throw new GraphError({ status: 200, code: 'graph_invalid_response' });
    return org;
  }

  private target(call: GraphCall): string {
    const qs = encodeQuery(call.query);
    if (/^https?:\/\//i.test(call.path)) {
      // An @odata.nextLink: never send the tenant's token to another host.
      if (new URL(call.path).origin !== this.origin) throw new GraphError({ status: 502, code: 'graph_invalid_response' });
      return qs ? `${call.path}${call.path.includes('?') ? '&' : '?'}${qs}` : call.path;
    }
    const path = call.path.startsWith('/') ? call.path : `/${call.path}`;
    return qs ? `${path}?${qs}` : path;
  }

  private toGraphError(e: unknown, clientRequestId: string): Error {
    if (!(e instanceof SdkGraphError)) return toError(e);
    const headers = e.headers;
    const status = e.statusCode;
    return new GraphError({
      status,
      // A 2xx that failed to parse.
      code: status > 0 && status < 400 ? 'graph_invalid_response' : undefined,
      serviceCode: e.code ?? undefined,
      serviceMessage: e.message || undefined,
      requestId: e.requestId ?? headers?.get('request-id') ?? undefined,
      clientRequestId: headers?.get('client-request-id') ?? clientRequestId,
      retryAfterMs: parseRetryAfter(headers?.get('retry-after'), this.clock.now()),
    });
  }
}
