/**
 * The HTTP face of the emulated Graph: /v1.0 and /beta (same handlers), Graph's request and
 * response conventions (request-id and client-request-id headers, JSON error bodies, 401 before
 * routing, 400 for an unknown segment, 405 for an unsupported method, 415 for a body that is not
 * JSON), Outlook's per-app per-mailbox throttling (429 before the handler runs) and the dispatch to
 * the directory, event, calendar view, subscription and $batch handlers.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, GraphCaller, VerifyAccessToken } from './access-token';
import { handleBatch } from './batch-handler';
import { getCalendar } from './calendar-handlers';
import { calendarViewDelta, listCalendarView, listInstances } from './calendar-view-handlers';
import { getOrganizations, getUser, listUsers } from './directory-handlers';
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './event-handlers';
import type { EventStore } from './event-store';
import { checkMethodAllowed, GRAPH_JSON_CONTENT_TYPE, graphContext, SyncServices } from './graph-context';
import type { GraphDirectory } from './graph-directory';
import { GraphApiError, graphErrorBody } from './graph-error';
import { ALLOWED_METHODS, GraphRoute, mailboxOf, resolveGraphRoute } from './graph-route';
import { takeMailboxSlot, type MailboxThrottle } from './mailbox-throttle';
import { requestIdsOf } from './request-ids';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  reauthorizeSubscription,
  updateSubscription,
} from './subscription-handlers';

export interface GraphRouteDeps {
  directory: GraphDirectory;
  store: EventStore;
  verifyAccessToken: VerifyAccessToken;
  sync: SyncServices;
  throttle: MailboxThrottle;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const VERSIONS = ['v1.0', 'beta'];

export function sendGraphError(req: FastifyRequest, reply: FastifyReply, err: GraphApiError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply
    .code(err.status)
    .header('Content-Type', GRAPH_JSON_CONTENT_TYPE)
    .send(JSON.stringify(graphErrorBody(err.code, err.message, requestIdsOf(req))));
}

/** Fastify's own failures (body parsing, limits) in Graph's words. */
function asGraphError(err: FastifyError): GraphApiError {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GraphApiError(415, 'BadRequest', 'The Content-Type of the request is not supported. Send application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GraphApiError(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GraphApiError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    default:
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
        return new GraphApiError(err.statusCode, 'BadRequest', err.message);
      return new GraphApiError(500, 'generalException', 'An internal server error occurred.');
  }
}

/** Request-id headers, Graph's JSON parser and error handling; shared by Graph and control routes. */
export function registerGraphConventions(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const ids = requestIdsOf(req);
    reply.header('request-id', ids.requestId);
    reply.header('client-request-id', ids.clientRequestId);
    return payload;
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(asGraphError({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' } as FastifyError), undefined);
    }
  });

  app.setErrorHandler((error: unknown, req, reply) => {
    const err = error instanceof Error ? error : new Error(String(error));
    if (err instanceof GraphApiError) return sendGraphError(req, reply, err);
    const graphErr = asGraphError(err as FastifyError);
    if (graphErr.status >= 500) req.log.error({ err }, 'graph emulator failure');
    return sendGraphError(req, reply, graphErr);
  });

  app.setNotFoundHandler((req, reply) => {
    const first = (req.url.split('?')[0] ?? '').split('/')[1] ?? '';
    return sendGraphError(req, reply, new GraphApiError(400, 'BadRequest', `Invalid version: ${first}`));
  });
}

/** The mailbox's object id a route targets, as the throttle counts it. */
function mailboxKey(deps: GraphRouteDeps, caller: GraphCaller, route: GraphRoute): string | undefined {
  const ref = mailboxOf(route);
  if (!ref) return undefined;
  if (ref.kind === 'me') return caller.userId;
  return deps.directory.findUser(caller.tenantId, ref.key)?.id.toLowerCase() ?? ref.key.toLowerCase();
}

async function dispatch(app: FastifyInstance, deps: GraphRouteDeps, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const url = new URL(req.url, 'https://graph.invalid');
  const [, version, ...rest] = url.pathname.split('/');
  if (!version || !VERSIONS.includes(version)) throw new GraphApiError(400, 'BadRequest', `Invalid version: ${version ?? ''}`);
  const caller = await authenticate(req.headers.authorization, deps.verifyAccessToken);
  if (rest.join('/') === '$batch') {
    checkMethodAllowed(req.method, ['POST'], reply);
    return handleBatch(app, req, reply, version);
  }
  const route: GraphRoute = resolveGraphRoute(rest.join('/'));
  checkMethodAllowed(req.method, ALLOWED_METHODS[route.resource], reply);
  const mailbox = mailboxKey(deps, caller, route);
  if (!mailbox) return handle(deps, req, reply, version, url, caller, route);
  const release = takeMailboxSlot(deps.throttle, caller.appId, mailbox);
  try {
    if (deps.throttle.latencyMs > 0) await sleep(deps.throttle.latencyMs);
    return await handle(deps, req, reply, version, url, caller, route);
  } finally {
    release();
  }
}

async function handle(
  deps: GraphRouteDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  version: string,
  url: URL,
  caller: GraphCaller,
  route: GraphRoute,
): Promise<FastifyReply> {
  const ctx = graphContext(deps, req, reply, version, url, caller);
  switch (route.resource) {
    case 'users':
      return listUsers(ctx);
    case 'user':
      return getUser(ctx, route.user);
    case 'calendar':
      return getCalendar(ctx, route.user);
    case 'organizations':
      return getOrganizations(ctx);
    case 'organization':
      return getOrganizations(ctx, route.id);
    case 'events':
      return req.method === 'POST' ? createEvent(ctx, route.user, route.path) : listEvents(ctx, route.user, route.path);
    case 'event':
      if (req.method === 'PATCH') return updateEvent(ctx, route.user, route.path, route.id);
      if (req.method === 'DELETE') return deleteEvent(ctx, route.user, route.id);
      return getEvent(ctx, route.user, route.path, route.id);
    case 'instances':
      return listInstances(ctx, route.user, route.path, route.id);
    case 'calendarView':
      return listCalendarView(ctx, route.user, route.path);
    case 'calendarViewDelta':
      return calendarViewDelta(ctx, route.user, route.path);
    case 'subscriptions':
      return req.method === 'POST' ? createSubscription(ctx) : listSubscriptions(ctx);
    case 'subscription':
      if (req.method === 'PATCH') return updateSubscription(ctx, route.id);
      if (req.method === 'DELETE') return deleteSubscription(ctx, route.id);
      return getSubscription(ctx, route.id);
    case 'subscriptionReauthorize':
      return reauthorizeSubscription(ctx, route.id);
  }
}

export function registerGraphRoutes(app: FastifyInstance, deps: GraphRouteDeps): void {
  for (const version of VERSIONS) {
    app.route({
      method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      url: `/${version}/*`,
      handler: (req, reply) => dispatch(app, deps, req, reply),
    });
  }
}
