/**
 * The backend of the Webex calling tab for Microsoft Teams. Every route reads or writes Microsoft
 * Graph on the caller's behalf (on-behalf-of their Teams SSO token, verified like every /api
 * bearer) and passes on only what the tab shows; nothing about the user is stored or logged.
 *
 * Under /api (bearer required):
 *   GET  /api/teams/me                                        the signed-in user            -> { person }
 *   GET  /api/teams/speed-dials                               the user's speed dials        -> { speedDials, max }
 *   PUT  /api/teams/speed-dials      { speedDials }           replace them (order = order)  -> { speedDials, max }
 *   GET  /api/teams/contacts?cursor=                          personal contacts, by name    -> { people, next? }
 *   GET  /api/teams/contacts/:id                              one contact                   -> { person }
 *   GET  /api/teams/directory?q=                              directory search              -> { people }
 *   GET  /api/teams/users/:id                                 a directory user              -> { person }
 *   GET  /api/teams/users/:id/photo                           their photo (image bytes)
 *   GET  /api/teams/chats/:chatId/members                     the other members of a chat   -> { people }
 *   GET  /api/teams/teams/:teamId/channels/:channelId/members the other members of a channel -> { people }
 *
 * Outside /api (a browser navigation, no token):
 *   GET  /teams/consent?tenant=&login_hint=&state=            the consent popup's way to the identity platform:
 *                                                             a redirect (teams-consent-url.ts) carrying the
 *                                                             state the popup minted, which the popup's last
 *                                                             page checks (src/teams/auth/consent-state.ts)
 *
 * Errors: 403 consent_required / interaction_required (the tab offers to authorize), 401
 * sso_token_rejected (fresh token), 404 not_found / photo_not_found, 403 not_a_member,
 * 400 invalid_request / speed_dials_full, 503 graph_unavailable with Retry-After.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { createOnBehalfOfTokenProvider } from '../graph/on-behalf-of-token-provider';
import { parseSpeedDialsUpdate } from '../teams/speed-dials-extension';
import type { MeResponse, PeopleResponse, PersonResponse, SpeedDialsResponse } from '../../core/teams-api-types';
import { createTeamsCalling, type TeamsCalling } from '../teams/teams-calling';
import { CONSENT_STATE, TENANT_SEGMENT, teamsConsentUrl } from '../teams/teams-consent-url';
import { teamsDomainError } from '../teams/teams-error';
import { teamsConsentScopes, teamsGraphScopes } from '../teams/teams-graph-scopes';
import { createUserGraphFactory, type UserGraphFactory } from '../teams/user-graph';
import { ApiError } from './api-error';
import { callerOf } from './caller';

export interface TeamsRoutesOptions {
  config: Config;
  /** The Graph calls; built from the config unless given. */
  calling?: TeamsCalling;
  /** Graph as the caller; on-behalf-of through MSAL unless given. */
  userGraph?: UserGraphFactory;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONTACT_ID = /^[A-Za-z0-9_=+/-]{1,512}$/;
const CONVERSATION_ID = /^19:[^\s/?#]{1,300}$/;
const MAX_QUERY = 64;
const BEARER = /^Bearer +(\S+) *$/i;

function invalid(message: string): ApiError {
  return new ApiError(400, 'invalid_request', message);
}

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw invalid(`That is not ${what}.`);
  return value;
}

/**
 * Graph calls for the tab, tuned for someone waiting: a shorter timeout than the sync workers',
 * one retry, and no long Retry-After waits in process (the tab is told to come back instead).
 */
function defaultUserGraph(config: Config): UserGraphFactory {
  const graph = new GraphClient({
    baseUrl: config.microsoft.graphBaseUrl,
    tokens: {
      forTenant: () => ({ getAccessToken: () => Promise.reject(new Error('the Teams routes call Graph on behalf of the user only')) }),
    },
    timeoutMs: 10_000,
    maxRetries: 1,
    maxRetryAfterMs: 3_000,
  });
  return createUserGraphFactory({
    graph,
    tokens: createOnBehalfOfTokenProvider(config.microsoft),
    scopes: teamsGraphScopes(config.microsoft.graphBaseUrl),
  });
}

export async function teamsApiRoutes(app: FastifyInstance, options: TeamsRoutesOptions): Promise<void> {
  const calling = options.calling ?? createTeamsCalling({ graphBaseUrl: options.config.microsoft.graphBaseUrl });
  const userGraph = options.userGraph ?? defaultUserGraph(options.config);

  /** Graph as the verified caller, with the SSO token they sent as the on-behalf-of assertion. */
  const graphOf = (request: FastifyRequest) => {
    const caller = callerOf(request);
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new ApiError(401, 'token_missing', 'Sign in: this request needs an access token.');
    return userGraph(caller, token);
  };

  /** Runs a Graph operation, turning its failures into the API's codes. */
  const onGraph = async <T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      // Graph refusing a token the identity platform just issued is more often the deployment's
      // fault (Graph URL, trust) than the user's: the user is asked to authorize again, and the
      // operator gets a line to act on.
      if (e instanceof GraphError && e.status === 401)
        request.log.warn({ code: 'graph_token_refused', status: e.status, requestId: e.requestId }, 'Graph refused an on-behalf-of token');
      throw teamsDomainError(e);
    }
  };

  app.get('/teams/me', async (request): Promise<MeResponse> =>
    onGraph(request, async () => ({ person: await calling.me(graphOf(request)) })),
  );

  app.get('/teams/speed-dials', async (request): Promise<SpeedDialsResponse> =>
    onGraph(request, () => calling.speedDials(graphOf(request))),
  );

  app.put('/teams/speed-dials', async (request): Promise<SpeedDialsResponse> => {
    const parsed = parseSpeedDialsUpdate(request.body);
    if ('problem' in parsed) throw new ApiError(400, parsed.problem.code, parsed.problem.message);
    return onGraph(request, () => calling.saveSpeedDials(graphOf(request), parsed.speedDials));
  });

  app.get<{ Querystring: { cursor?: string } }>('/teams/contacts', async (request): Promise<PeopleResponse> => {
    const { cursor } = request.query;
    // The cursor is Graph's next link, base64url-encoded (graph-page-cursor.ts); teams-calling.ts checks where it points.
    if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) throw invalid('The cursor is not one this API gave out.');
    return onGraph(request, () => calling.contacts(graphOf(request), cursor));
  });

  app.get<{ Params: { id: string } }>('/teams/contacts/:id', async (request): Promise<PersonResponse> => {
    const id = checked(request.params.id, CONTACT_ID, 'a contact id');
    return onGraph(request, async () => ({ person: await calling.contact(graphOf(request), id) }));
  });

  app.get<{ Querystring: { q?: string } }>('/teams/directory', async (request): Promise<PeopleResponse> => {
    const q = (request.query.q ?? '').trim();
    if (q === '' || q.length > MAX_QUERY) throw invalid(`Search for 1 to ${MAX_QUERY} characters.`);
    return onGraph(request, () => calling.searchDirectory(graphOf(request), q));
  });

  app.get<{ Params: { id: string } }>('/teams/users/:id', async (request): Promise<PersonResponse> => {
    const id = checked(request.params.id, GUID, 'a user id');
    return onGraph(request, async () => ({ person: await calling.user(graphOf(request), id) }));
  });

  app.get<{ Params: { id: string } }>('/teams/users/:id/photo', async (request, reply) => {
    const id = checked(request.params.id, GUID, 'a user id');
    const photo = await onGraph(request, () => calling.photo(graphOf(request), id));
    if (!photo) throw new ApiError(404, 'photo_not_found', 'This person has no photo.');
    return reply.type(photo.contentType).send(photo.bytes);
  });

  app.get<{ Params: { chatId: string } }>('/teams/chats/:chatId/members', async (request): Promise<PeopleResponse> => {
    const chatId = checked(request.params.chatId, CONVERSATION_ID, 'a chat id');
    return onGraph(request, () => calling.chatMembers(graphOf(request), chatId));
  });

  app.get<{ Params: { teamId: string; channelId: string } }>(
    '/teams/teams/:teamId/channels/:channelId/members',
    async (request): Promise<PeopleResponse> => {
      const teamId = checked(request.params.teamId, GUID, 'a team id');
      const channelId = checked(request.params.channelId, CONVERSATION_ID, 'a channel id');
      return onGraph(request, () => calling.channelMembers(graphOf(request), teamId, channelId));
    },
  );
}

/** The consent popup's first page; registered outside /api (a browser navigation carries no token). */
export async function teamsBrowserRoutes(app: FastifyInstance, options: Pick<TeamsRoutesOptions, 'config'>): Promise<void> {
  const { microsoft, addinBaseUrl } = options.config;
  app.get<{ Querystring: { tenant?: string; login_hint?: string; state?: string } }>('/teams/consent', async (request, reply) => {
    const tenant = request.query.tenant ?? 'organizations';
    if (!TENANT_SEGMENT.test(tenant)) throw invalid('tenant must be a tenant id.');
    const hint = request.query.login_hint;
    if (hint !== undefined && (hint.length > 256 || /[\r\n]/.test(hint))) throw invalid('login_hint is not a sign-in name.');
    // The popup minted it and keeps it: the backend holds nothing, and only passes it on. Without
    // one, the popup's last page could not tell its answer from any other.
    const state = request.query.state;
    if (typeof state !== 'string' || !CONSENT_STATE.test(state)) throw invalid('state must be the popup’s own state.');
    const url = teamsConsentUrl({
      authorityHost: microsoft.authorityHost,
      tenant,
      clientId: microsoft.clientId,
      redirectUri: `${addinBaseUrl}/teams-auth.html`,
      scopes: teamsConsentScopes(microsoft.graphBaseUrl),
      loginHint: hint,
      state,
    });
    // The popup reports back to the window that opened it (Teams, or the dev host): keep that link.
    return reply.header('Cross-Origin-Opener-Policy', 'unsafe-none').header('Cache-Control', 'no-store').redirect(url, 302);
  });
}
