/**
 * What a Graph handler works with (the verified caller, the parsed OData options and preferences,
 * the state) and the response conventions every handler shares: Graph's JSON content type,
 * @odata.context URLs, $select projection and @odata.nextLink paging.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphCaller } from './access-token';
import type { DeltaTokens } from './delta-tokens';
import type { EmulatorClock } from '../shared/emulator-clock';
import type { EndpointValidator } from './endpoint-validation';
import type { EventStore } from './event-store';
import type { SubscriptionStore } from './subscription-store';
import { GraphApiError } from './graph-error';
import type { GraphDirectory } from './graph-directory';
import { parsePreferences, type Preferences } from './graph-preferences';
import { parseODataQuery, type ODataQuery } from './odata-query';

export const GRAPH_JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export interface GraphContext {
  req: FastifyRequest;
  reply: FastifyReply;
  /** "v1.0" or "beta", as requested. */
  version: string;
  /** "https://localhost:4000": the origin the client reached, for links it can follow. */
  baseUrl: string;
  /** The request path without query. */
  path: string;
  caller: GraphCaller;
  params: URLSearchParams;
  query: ODataQuery;
  prefer: Preferences;
  directory: GraphDirectory;
  store: EventStore;
  sync: SyncServices;
}

/** What subscriptions and delta queries need beyond the calendars. */
export interface SyncServices {
  clock: EmulatorClock;
  subscriptions: SubscriptionStore;
  deltaTokens: DeltaTokens;
  /** The validation handshake with a notification endpoint. */
  validateEndpoint: EndpointValidator;
  /** The longest a subscription on events may live (Graph documents 10,080 minutes). */
  maxSubscriptionMinutes: number;
  /** Most live subscriptions one mailbox may have (Outlook allows 1,000). */
  maxSubscriptionsPerMailbox: number;
}

/** The state a handler reads and writes, as the routes that build its context hold it. */
export type GraphServices = Pick<GraphContext, 'directory' | 'store' | 'sync'>;

/**
 * The context of a request (its URL parsed as `url`) by the verified caller, shared by the Graph
 * routes, the Teams tab's routes and the control routes that act for a user.
 */
export function graphContext(
  services: GraphServices,
  req: FastifyRequest,
  reply: FastifyReply,
  version: string,
  url: URL,
  caller: GraphCaller,
): GraphContext {
  return {
    req,
    reply,
    version,
    baseUrl: `https://${req.headers.host ?? 'localhost'}`,
    path: url.pathname,
    caller,
    params: url.searchParams,
    query: parseODataQuery(url.searchParams),
    prefer: parsePreferences(req.headers.prefer),
    directory: services.directory,
    store: services.store,
    sync: services.sync,
  };
}

/** Graph's 405 for a method the resource does not answer, with the Allow header naming those it does. */
export function checkMethodAllowed(method: string, allowed: readonly string[], reply: FastifyReply): void {
  if (allowed.includes(method)) return;
  reply.header('Allow', allowed.join(', '));
  throw new GraphApiError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}

export function contextUrl(ctx: GraphContext, fragment: string): string {
  return `${ctx.baseUrl}/${ctx.version}/$metadata#${fragment}`;
}

export function sendGraphJson(ctx: GraphContext, status: number, body: unknown): FastifyReply {
  if (ctx.prefer.applied.length) ctx.reply.header('Preference-Applied', ctx.prefer.applied.join(', '));
  return ctx.reply.code(status).header('Content-Type', GRAPH_JSON_CONTENT_TYPE).send(JSON.stringify(body));
}

/**
 * Maps $select names (any casing) to the resource's own names; an unknown name is the error the
 * workload sends for it.
 */
export function canonicalSelect(
  select: string[] | undefined,
  known: readonly string[],
  unknown: (name: string) => GraphApiError,
): string[] | undefined {
  if (!select) return undefined;
  return select.map((name) => {
    if (name === '*') return name;
    const found = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!found) throw unknown(name);
    return found;
  });
}

/** The resource reduced to the selected properties, plus the ones the workload always returns. */
export function project(
  resource: Record<string, unknown>,
  select: string[] | undefined,
  always: readonly string[] = [],
): Record<string, unknown> {
  if (!select || select.includes('*')) return resource;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (always.includes(k) || select.includes(k) || k.startsWith('@odata.')) out[k] = v;
  }
  return out;
}

/** The URL of the next page: this request's URL with the paging options replaced. */
export function nextLink(ctx: GraphContext, replace: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  const replaced = new Set(Object.keys(replace).map((k) => k.replace(/^\$/, '').toLowerCase()));
  for (const [k, v] of ctx.params) {
    if (!replaced.has(k.replace(/^\$/, '').toLowerCase())) params.append(k, v);
  }
  for (const [k, v] of Object.entries(replace)) if (v !== undefined) params.append(k, v);
  const query = params.toString().replace(/\+/g, '%20');
  return `${ctx.baseUrl}${ctx.path}${query ? `?${query}` : ''}`;
}
