/**
 * The Graph resources of the Teams calling tab, added to the emulator without touching its router
 * (graph-routes.ts): a preHandler hook answers the requests whose path names one of these resources
 * (teams-graph-route.ts) and lets every other request through to the calendar and directory
 * routes. Being a hook on the same /v1.0 and /beta routes, it shares their conventions: request
 * ids, the JSON parser and Graph's error bodies, injected faults, and $batch, whose items are run
 * through the same routes.
 *
 * Contacts are Outlook mailbox resources, so the per-app per-mailbox throttle applies to them as to
 * events. The stores are seeded from the directory when registered and again after
 * POST /_emulator/reset.
 *
 * Control surface (no token; the dev host and tests use it):
 *   POST /_emulator/users/:user/contacts     add a contact to a user's mailbox (a contact body)
 *   GET  /_emulator/users/:user/extensions   the user's open extensions, as stored
 *   GET  /_emulator/users/:user/chats        the user's chats and teams (what the Teams dev host offers)
 *   POST /_emulator/chats                    {tenantId, memberIds, topic?}: a group chat
 *   POST /_emulator/paging                   {contacts: 'skip' | 'skiptoken'}: how contact lists page (default skip)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, type VerifyAccessToken } from './access-token';
import { ContactsStore, type ContactInput } from './contacts-store';
import type { EventStore } from './event-store';
import { checkMethodAllowed, graphContext, type GraphContext, type SyncServices } from './graph-context';
import type { GraphDirectory } from './graph-directory';
import { GraphApiError } from './graph-error';
import { takeMailboxSlot, type MailboxThrottle } from './mailbox-throttle';
import { splitTopLevel } from './odata-query';
import { OpenExtensionStore } from './open-extension-store';
import { TeamsChats } from './teams-chats';
import { resolveTeamsGraphRoute, TEAMS_ALLOWED_METHODS, type TeamsGraphRoute } from './teams-graph-route';
import {
  createExtension,
  deleteExtension,
  getContact,
  getExtension,
  getPhotoValue,
  getUserWithExtensions,
  listChannelMembers,
  listChatMembers,
  listContacts,
  listExtensions,
  searchUsers,
  PAGING_STYLES,
  updateExtension,
  type PagingStyle,
  type TeamsGraphStores,
} from './teams-handlers';

export interface TeamsGraphDeps {
  directory: GraphDirectory;
  store: EventStore;
  sync: SyncServices;
  throttle: MailboxThrottle;
  verifyAccessToken: VerifyAccessToken;
}

export interface TeamsGraphState extends TeamsGraphStores {
  /** Empties the stores and seeds them again from the directory. */
  reset(): void;
}

const GRAPH_ROUTES = new Set(['/v1.0/*', '/beta/*']);
const states = new WeakMap<FastifyInstance, TeamsGraphState>();

/** The stores registered on an emulator's app (tests seed and inspect them in-process). */
export function teamsGraphStateOf(app: FastifyInstance): TeamsGraphState {
  const state = states.get(app);
  if (!state) throw new Error('no Teams Graph routes are registered on this app');
  return state;
}

function dispatch(ctx: GraphContext, stores: TeamsGraphStores, route: TeamsGraphRoute): FastifyReply {
  const method = ctx.req.method;
  switch (route.resource) {
    case 'contacts':
      return listContacts(ctx, stores, route.user);
    case 'contact':
      return getContact(ctx, stores, route.user, route.id);
    case 'extensions':
      return method === 'POST' ? createExtension(ctx, stores, route.user) : listExtensions(ctx, stores, route.user);
    case 'extension':
      if (method === 'PATCH') return updateExtension(ctx, stores, route.user, route.id);
      if (method === 'DELETE') return deleteExtension(ctx, stores, route.user, route.id);
      return getExtension(ctx, stores, route.user, route.id);
    case 'usersSearch':
      return searchUsers(ctx);
    case 'photoValue':
      return getPhotoValue(ctx, route.user);
    case 'chatMembers':
      return listChatMembers(ctx, stores, route.user, route.chatId);
    case 'channelMembers':
      return listChannelMembers(ctx, stores, route.teamId, route.channelId);
    case 'userWithExtensions':
      return getUserWithExtensions(ctx, stores, route.user);
  }
}

function allowCors(reply: FastifyReply): void {
  // The Teams dev host (another origin) reads the chats it offers from here.
  void reply.header('access-control-allow-origin', '*');
}

export function registerTeamsGraphRoutes(app: FastifyInstance, deps: TeamsGraphDeps): TeamsGraphState {
  const contacts = new ContactsStore();
  const extensions = new OpenExtensionStore();
  const chats = new TeamsChats(deps.directory);
  const seed = () => {
    const tenants = deps.directory.allTenants();
    contacts.seed(tenants);
    chats.seed(tenants);
  };
  const state: TeamsGraphState = {
    contacts,
    extensions,
    chats,
    paging: { contacts: 'skip' },
    reset() {
      contacts.clear();
      extensions.clear();
      chats.clear();
      state.paging.contacts = 'skip';
      seed();
    },
  };
  seed();
  states.set(app, state);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!GRAPH_ROUTES.has(req.routeOptions.url ?? '')) return undefined;
    const url = new URL(req.url, 'https://graph.invalid');
    const [, version, ...rest] = url.pathname.split('/');
    const hasSearch = url.searchParams.has('$search') || url.searchParams.has('search');
    const expand = url.searchParams.get('$expand') ?? url.searchParams.get('expand') ?? '';
    const expandsExtensions = splitTopLevel(expand, ',').some((item) => item.split('(')[0]!.trim().toLowerCase() === 'extensions');
    const route = resolveTeamsGraphRoute(rest.join('/'), hasSearch, expandsExtensions);
    if (!route) return undefined;
    const caller = await authenticate(req.headers.authorization, deps.verifyAccessToken);
    checkMethodAllowed(req.method, TEAMS_ALLOWED_METHODS[route.resource], reply);
    const ctx = graphContext(deps, req, reply, version!, url, caller);
    if (route.resource !== 'contacts' && route.resource !== 'contact') return dispatch(ctx, state, route);
    // Contacts live in the mailbox: Outlook's per-app per-mailbox limits apply.
    const mailbox = route.user.kind === 'me' ? caller.userId : deps.directory.findUser(caller.tenantId, route.user.key)?.id.toLowerCase();
    if (!mailbox) return dispatch(ctx, state, route);
    const release = takeMailboxSlot(deps.throttle, caller.appId, mailbox);
    try {
      return dispatch(ctx, state, route);
    } finally {
      release();
    }
  });

  // The emulator's reset (control-routes.ts) knows nothing of these stores: follow it.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'POST' && req.url.split('?')[0] === '/_emulator/reset' && reply.statusCode < 300) state.reset();
  });

  const ownerOf = (key: string) => {
    const tenant = deps.directory.tenantOfUser(key);
    const user = tenant && deps.directory.findUser(tenant.id, key);
    if (!tenant || !user) throw new GraphApiError(404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
    return { tenant, user };
  };

  app.post<{ Params: { user: string }; Body: ContactInput }>('/_emulator/users/:user/contacts', async (req, reply) => {
    const { user } = ownerOf(req.params.user);
    const body = req.body;
    if (typeof body !== 'object' || body === null || (typeof body.displayName !== 'string' && typeof body.givenName !== 'string')) {
      throw new GraphApiError(400, 'BadRequest', 'A contact needs a displayName or a givenName.');
    }
    const contact = contacts.add(user.id, body);
    return reply.code(201).send(contact);
  });

  app.get<{ Params: { user: string } }>('/_emulator/users/:user/extensions', async (req) => {
    const { tenant, user } = ownerOf(req.params.user);
    return { value: extensions.list(tenant.id, user.id) };
  });

  app.get<{ Params: { user: string } }>('/_emulator/users/:user/chats', async (req, reply) => {
    allowCors(reply);
    const { tenant, user } = ownerOf(req.params.user);
    const nameOf = (id: string) => deps.directory.findUser(tenant.id, id)?.displayName ?? id;
    return {
      chats: chats.chatsOf(tenant.id, user.id).map((c) => ({
        id: c.id,
        chatType: c.chatType,
        topic: c.topic,
        members: c.members.map((m) => ({ userId: m.userId, displayName: nameOf(m.userId) })),
      })),
      teams: chats
        .teamsOf(tenant.id)
        .map((t) => ({
          id: t.id,
          displayName: t.displayName,
          channels: t.channels
            .filter((ch) => ch.members.some((m) => m.userId === user.id.toLowerCase()))
            .map((ch) => ({ id: ch.id, displayName: ch.displayName, membershipType: ch.membershipType })),
        }))
        .filter((t) => t.channels.length > 0),
    };
  });

  app.post<{ Body: { contacts?: unknown } }>('/_emulator/paging', async (req) => {
    const style = req.body?.contacts;
    if (!PAGING_STYLES.includes(style as PagingStyle))
      throw new GraphApiError(400, 'BadRequest', `contacts must be one of ${PAGING_STYLES.join(', ')}.`);
    state.paging.contacts = style as PagingStyle;
    return { contacts: state.paging.contacts };
  });

  app.post<{ Body: { tenantId?: unknown; memberIds?: unknown; topic?: unknown } }>('/_emulator/chats', async (req, reply) => {
    const { tenantId, memberIds, topic } = req.body ?? {};
    if (typeof tenantId !== 'string' || !deps.directory.tenant(tenantId))
      throw new GraphApiError(400, 'BadRequest', 'tenantId must name a known tenant.');
    if (
      !Array.isArray(memberIds) ||
      memberIds.length < 2 ||
      !memberIds.every((m) => typeof m === 'string' && deps.directory.findUser(tenantId, m))
    ) {
      throw new GraphApiError(400, 'BadRequest', 'memberIds must list at least two users of the tenant.');
    }
    const chat = chats.addGroupChat(
      tenantId,
      (memberIds as string[]).map((m) => deps.directory.findUser(tenantId, m)!.id),
      typeof topic === 'string' ? topic : null,
    );
    return reply.code(201).send(chat);
  });

  return state;
}
