/**
 * The HTTP face of the emulated Graph: /v1.0 and /beta (same handlers), Graph's request and
 * response conventions (request-id and client-request-id headers, JSON error bodies, 401 before
 * routing, 400 for an unknown segment, 405 for an unsupported method, 415 for a body that is not
 * JSON) and the dispatch to the directory and event handlers.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, VerifyAccessToken } from './access-token';
import { getOrganizations, getUser, listUsers } from './directory-handlers';
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './event-handlers';
import type { EventStore } from './event-store';
import { GRAPH_JSON_CONTENT_TYPE, GraphContext } from './graph-context';
import type { GraphDirectory } from './graph-directory';
import { GraphApiError, graphErrorBody } from './graph-error';
import { parsePreferences } from './graph-preferences';
import { ALLOWED_METHODS, GraphRoute, resolveGraphRoute } from './graph-route';
import { parseODataQuery } from './odata-query';
import { requestIdsOf } from './request-ids';

export interface GraphRouteDeps {
  directory: GraphDirectory;
  store: EventStore;
  verifyAccessToken: VerifyAccessToken;
}

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
      return new GraphApiError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GraphApiError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    default:
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return new GraphApiError(err.statusCode, 'BadRequest', err.message);
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

async function dispatch(deps: GraphRouteDeps, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const url = new URL(req.url, 'https://graph.invalid');
  const [, version, ...rest] = url.pathname.split('/');
  if (!version || !VERSIONS.includes(version)) throw new GraphApiError(400, 'BadRequest', `Invalid version: ${version ?? ''}`);
  const caller = await authenticate(req.headers.authorization, deps.verifyAccessToken);
  const route: GraphRoute = resolveGraphRoute(rest.join('/'));
  if (!ALLOWED_METHODS[route.resource].includes(req.method)) {
    reply.header('Allow', ALLOWED_METHODS[route.resource].join(', '));
    throw new GraphApiError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  }
  const ctx: GraphContext = {
    req,
    reply,
    version,
    baseUrl: `https://${req.headers.host ?? 'localhost'}`,
    path: url.pathname,
    caller,
    params: url.searchParams,
    query: parseODataQuery(url.searchParams),
    prefer: parsePreferences(req.headers.prefer),
    directory: deps.directory,
    store: deps.store,
  };
  switch (route.resource) {
    case 'users':
      return listUsers(ctx);
    case 'user':
      return getUser(ctx, route.user);
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
  }
}

export function registerGraphRoutes(app: FastifyInstance, deps: GraphRouteDeps): void {
  for (const version of VERSIONS) {
    app.route({
      method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      url: `/${version}/*`,
      handler: (req, reply) => dispatch(deps, req, reply),
    });
  }
}
