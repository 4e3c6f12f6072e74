/**
 * The Graph handlers the Teams calling tab's backend calls: personal contacts, open extensions on
 * the user, the directory search, profile photos, and the members of chats and channels. Each
 * checks the permissions Graph's reference lists (least privileged first) and answers with the
 * codes of the workload behind it: Exchange's for contacts, Entra's for users and extensions,
 * Teams' ("Forbidden", "NotFound") for chats and channels.
 */
import type { FastifyReply } from 'fastify';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import { holdsAny, type GraphCaller } from './access-token';
import { CONTACT_PROPERTIES, contactResource, type ContactsStore } from './contacts-store';
import { itemNotFound, resolveMailbox } from './event-handlers';
import { canonicalSelect, contextUrl, nextLink, project, sendGraphJson, type GraphContext } from './graph-context';
import {
  decodeUserPageToken,
  encodeUserPageToken,
  getUser,
  meRequiresDelegation,
  selectedUserProperties,
  sortUsers,
  userPageSize,
} from './directory-handlers';
import { DEFAULT_USER_PROPERTIES, userResource } from './graph-directory';
import { GraphApiError } from './graph-error';
import { PERMISSIONS, requirePermission, type PermissionRule } from './graph-permissions';
import type { UserRef } from './graph-route';
import { evaluateFilter } from './odata-filter';
import { contextSelectList } from './odata-query';
import { customProperties, MAX_EXTENSIONS_PER_APP, type OpenExtensionStore, type StoredExtension } from './open-extension-store';
import { conversationMemberResource, type ChatMemberRecord, type TeamsChats } from './teams-chats';
import { userPhoto } from './user-photos';
import { matchesUserSearch, parseUserSearch, SearchSyntaxError } from './user-search';

/** How a contacts list says where its next page is. */
export type PagingStyle = 'skip' | 'skiptoken';
export const PAGING_STYLES: readonly PagingStyle[] = ['skip', 'skiptoken'];

export interface TeamsGraphStores {
  contacts: ContactsStore;
  extensions: OpenExtensionStore;
  chats: TeamsChats;
  /**
   * Outlook pages contacts with $skip; Graph's paging page tells clients to follow nextLink as
   * given whatever it holds, so a test can have the list page with an opaque $skiptoken instead.
   */
  paging: { contacts: PagingStyle };
}

/** Permissions by Graph's reference, for the resources of this file. */
const RULES = {
  readContacts: {
    application: ['Contacts.Read', 'Contacts.ReadWrite'],
    delegated: ['Contacts.Read', 'Contacts.ReadWrite'],
    workload: 'mailbox',
  },
  readOwnExtensions: PERMISSIONS.readSelf,
  readUserExtensions: PERMISSIONS.readUsers,
  writeOwnExtensions: {
    application: ['User.ReadWrite.All'],
    delegated: ['User.ReadWrite', 'User.ReadWrite.All', 'Directory.AccessAsUser.All'],
    workload: 'directory',
  },
  writeUserExtensions: {
    application: ['User.ReadWrite.All'],
    delegated: ['User.ReadWrite.All', 'Directory.AccessAsUser.All'],
    workload: 'directory',
  },
} as const satisfies Record<string, PermissionRule>;

const CHAT_MEMBER_SCOPES = {
  delegated: ['ChatMember.Read', 'ChatMember.ReadWrite', 'Chat.ReadBasic', 'Chat.Read', 'Chat.ReadWrite'],
  application: ['ChatMember.Read.All', 'ChatMember.ReadWrite.All', 'Chat.ReadBasic.All', 'Chat.Read.All', 'Chat.ReadWrite.All'],
};
const CHANNEL_MEMBER_SCOPES = {
  delegated: ['ChannelMember.Read.All', 'ChannelMember.ReadWrite.All'],
  application: ['ChannelMember.Read.All', 'ChannelMember.ReadWrite.All'],
};

/** Teams' 403 for a token without the scope, in the words the Teams APIs use. */
function requireTeamsScope(caller: GraphCaller, scopes: { delegated: string[]; application: string[] }): void {
  const needed = caller.kind === 'application' ? scopes.application : scopes.delegated;
  if (holdsAny(caller, needed)) return;
  throw new GraphApiError(
    403,
    'Forbidden',
    `Missing scope permissions on the request. API requires one of '${needed.join(', ')}'. Scopes on the request '${[...caller.permissions].join(', ')}'`,
  );
}

function tenantOf(ctx: GraphContext): DirectoryTenant {
  const tenant = ctx.directory.tenant(ctx.caller.tenantId);
  if (!tenant) throw new GraphApiError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Unknown tenant.');
  return tenant;
}

function userNotFound(key: string): GraphApiError {
  return new GraphApiError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** The directory user a /me or /users/{key} path names; `self` says whether it is the signed-in user. */
function directoryUser(ctx: GraphContext, ref: UserRef): { user: DirectoryUser | undefined; self: boolean } {
  const tenant = tenantOf(ctx);
  if (ref.kind === 'me') {
    if (ctx.caller.kind !== 'delegated') throw meRequiresDelegation();
    const me = ctx.directory.findUser(tenant.id, ctx.caller.userId!);
    if (!me) throw userNotFound(ctx.caller.userId!);
    return { user: me, self: true };
  }
  const found = ctx.directory.findUser(tenant.id, ref.key);
  const self = ctx.caller.kind === 'delegated' && found?.id.toLowerCase() === ctx.caller.userId;
  return { user: found, self };
}

// ---------------------------------------------------------------- contacts

const CONTACT_ORDERABLE = ['displayName', 'givenName', 'surname', 'companyName', 'createdDateTime', 'lastModifiedDateTime'];
const CONTACT_DEFAULT_PAGE = 10;
const CONTACT_MAX_PAGE = 1000;
const EXCHANGE_ID = /^[A-Za-z0-9_=+/-]+$/;

function contactSelect(ctx: GraphContext): string[] | undefined {
  return canonicalSelect(
    ctx.query.select,
    CONTACT_PROPERTIES,
    (name) =>
      new GraphApiError(400, 'RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.contact'.`),
  );
}

function encodeContactsToken(offset: number): string {
  return Buffer.from(`contacts:${offset}`).toString('base64url');
}

function decodeContactsToken(token: string): number {
  const m = /^contacts:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('latin1'));
  if (!m) throw new GraphApiError(400, 'ErrorInvalidUrlQuery', 'The $skiptoken is not one this list gave out.');
  return Number(m[1]);
}

export function listContacts(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef): FastifyReply {
  const { user, segment } = resolveMailbox(ctx, ref, RULES.readContacts);
  const select = contactSelect(ctx);
  if (ctx.query.expand.length)
    throw new GraphApiError(400, 'RequestBroker--ParseUri', `Expanding '${ctx.query.expand[0]!.property}' is not supported on contacts.`);
  let rows = stores.contacts.list(user.id).map(contactResource);
  const { filter } = ctx.query;
  if (filter) rows = rows.filter((r) => evaluateFilter(filter, r));
  const orderBy = ctx.query.orderBy.length ? ctx.query.orderBy : [{ path: ['displayName'], descending: false }];
  for (const o of [...orderBy].reverse()) {
    const prop = CONTACT_ORDERABLE.find((p) => o.path.length === 1 && p.toLowerCase() === o.path[0]!.toLowerCase());
    if (!prop) throw new GraphApiError(400, 'ErrorInvalidProperty', `The property '${o.path.join('/')}' does not support sorting.`);
    rows.sort((a, b) => String(a[prop] ?? '').localeCompare(String(b[prop] ?? '')) * (o.descending ? -1 : 1));
  }
  const top = ctx.query.top ?? CONTACT_DEFAULT_PAGE;
  if (top < 1 || top > CONTACT_MAX_PAGE)
    throw new GraphApiError(400, 'ErrorInvalidUrlQuery', `The value of $top must be between 1 and ${CONTACT_MAX_PAGE}.`);
  const skip = ctx.query.skipToken !== undefined ? decodeContactsToken(ctx.query.skipToken) : ctx.query.skip;
  const page = rows.slice(skip, skip + top);
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx, `users('${segment}')/contacts${contextSelectList(select, [])}`),
    value: page.map((r) => project(r, select, ['id'])),
  };
  if (skip + top < rows.length) {
    body['@odata.nextLink'] =
      stores.paging.contacts === 'skiptoken'
        ? nextLink(ctx, { $skiptoken: encodeContactsToken(skip + top), $skip: undefined })
        : nextLink(ctx, { $skip: String(skip + top), $skiptoken: undefined });
  }
  return sendGraphJson(ctx, 200, body);
}

export function getContact(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef, id: string): FastifyReply {
  const { user, segment } = resolveMailbox(ctx, ref, RULES.readContacts);
  const select = contactSelect(ctx);
  if (!EXCHANGE_ID.test(id)) throw new GraphApiError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  const contact = stores.contacts.get(user.id, id);
  if (!contact) throw itemNotFound();
  return sendGraphJson(ctx, 200, {
    '@odata.context': contextUrl(ctx, `users('${segment}')/contacts${contextSelectList(select, [])}/$entity`),
    ...project(contactResource(contact), select, ['id']),
  });
}

// ---------------------------------------------------------------- open extensions

const OPEN_TYPE = /^#?microsoft\.graph\.openTypeExtension$/i;
const EXTENSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function extensionOwner(ctx: GraphContext, ref: UserRef, write: boolean): DirectoryUser {
  const { user, self } = directoryUser(ctx, ref);
  if (write) requirePermission(ctx.caller, self ? RULES.writeOwnExtensions : RULES.writeUserExtensions);
  else requirePermission(ctx.caller, self ? RULES.readOwnExtensions : RULES.readUserExtensions);
  if (!user) throw userNotFound(ref.kind === 'key' ? ref.key : 'me');
  return user;
}

function extensionResource(ctx: GraphContext, user: DirectoryUser, ext: StoredExtension, entity: boolean): Record<string, unknown> {
  return {
    ...(entity ? { '@odata.context': contextUrl(ctx, `users('${user.id}')/extensions/$entity`) } : {}),
    '@odata.type': '#microsoft.graph.openTypeExtension',
    extensionName: ext.extensionName,
    id: ext.extensionName,
    ...ext.properties,
  };
}

function extensionNotFound(id: string): GraphApiError {
  return new GraphApiError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function bodyObject(ctx: GraphContext): Record<string, unknown> {
  const body = ctx.req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GraphApiError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  return body as Record<string, unknown>;
}

function checkedProperties(body: Record<string, unknown>): StoredExtension['properties'] {
  const result = customProperties(body);
  if ('properties' in result) return result.properties;
  const { problem } = result;
  if (problem.kind === 'too_large')
    throw new GraphApiError(
      400,
      'Request_BadRequest',
      `The open extension is ${problem.bytes} bytes; an open extension on a directory object can hold at most 2 KB.`,
    );
  if (problem.kind === 'not_primitive')
    throw new GraphApiError(
      400,
      'BadRequest',
      `Invalid value for property '${problem.property}': open extensions hold primitive values or arrays of primitive values.`,
    );
  throw new GraphApiError(400, 'BadRequest', 'The extension is invalid.');
}

export function listExtensions(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef): FastifyReply {
  const user = extensionOwner(ctx, ref, false);
  return sendGraphJson(ctx, 200, {
    '@odata.context': contextUrl(ctx, `users('${user.id}')/extensions`),
    value: stores.extensions.list(ctx.caller.tenantId, user.id).map((e) => extensionResource(ctx, user, e, false)),
  });
}

export function createExtension(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef): FastifyReply {
  const user = extensionOwner(ctx, ref, true);
  const body = bodyObject(ctx);
  const type = body['@odata.type'];
  if (typeof type !== 'string' || !OPEN_TYPE.test(type)) {
    throw new GraphApiError(400, 'BadRequest', "The '@odata.type' of an open extension must be 'microsoft.graph.openTypeExtension'.");
  }
  const name = body.extensionName;
  if (typeof name !== 'string' || !EXTENSION_NAME.test(name))
    throw new GraphApiError(400, 'BadRequest', 'The extensionName of the open extension is missing or invalid.');
  if (stores.extensions.get(ctx.caller.tenantId, user.id, name))
    throw new GraphApiError(409, 'NameAlreadyExists', 'An extension already exists with given id.');
  const properties = checkedProperties(body);
  if (stores.extensions.countByApp(ctx.caller.tenantId, user.id, ctx.caller.appId) >= MAX_EXTENSIONS_PER_APP) {
    throw new GraphApiError(
      400,
      'Request_BadRequest',
      `An application can create at most ${MAX_EXTENSIONS_PER_APP} open extensions on one directory object.`,
    );
  }
  const stored = stores.extensions.put(ctx.caller.tenantId, user.id, { extensionName: name, creatorAppId: ctx.caller.appId, properties });
  ctx.reply.header('Location', `${ctx.baseUrl}/${ctx.version}/users('${user.id}')/extensions('${encodeURIComponent(name)}')`);
  return sendGraphJson(ctx, 201, extensionResource(ctx, user, stored, true));
}

export function getExtension(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef, id: string): FastifyReply {
  const user = extensionOwner(ctx, ref, false);
  const ext = stores.extensions.get(ctx.caller.tenantId, user.id, id);
  if (!ext) throw extensionNotFound(id);
  return sendGraphJson(ctx, 200, extensionResource(ctx, user, ext, true));
}

/** Directory objects: the body replaces every custom property (the ones left out are deleted); 204. */
export function updateExtension(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef, id: string): FastifyReply {
  const user = extensionOwner(ctx, ref, true);
  const ext = stores.extensions.get(ctx.caller.tenantId, user.id, id);
  if (!ext) throw extensionNotFound(id);
  const body = bodyObject(ctx);
  const type = body['@odata.type'];
  if (type !== undefined && (typeof type !== 'string' || !OPEN_TYPE.test(type))) {
    throw new GraphApiError(400, 'BadRequest', "The '@odata.type' of an open extension must be 'microsoft.graph.openTypeExtension'.");
  }
  stores.extensions.put(ctx.caller.tenantId, user.id, { ...ext, properties: checkedProperties(body) });
  return ctx.reply.code(204).send();
}

/** GET /me or /users/{id} with `$expand=extensions`: the user (directory-handlers.ts) with their open extensions. */
export function getUserWithExtensions(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef): FastifyReply {
  return getUser(ctx, ref, {
    extensions: (user, tenant) => stores.extensions.list(tenant.id, user.id).map((e) => extensionResource(ctx, user, e, false)),
  });
}

export function deleteExtension(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef, id: string): FastifyReply {
  const user = extensionOwner(ctx, ref, true);
  if (!stores.extensions.delete(ctx.caller.tenantId, user.id, id)) throw extensionNotFound(id);
  return ctx.reply.code(204).send();
}

// ---------------------------------------------------------------- directory search

const SEARCH_TOKEN_PREFIX = 'search:';

/** GET /users?$search=... — advanced query: ConsistencyLevel: eventual is required. */
export function searchUsers(ctx: GraphContext): FastifyReply {
  const consistency = ctx.req.headers.consistencylevel;
  if (typeof consistency !== 'string' || consistency.trim().toLowerCase() !== 'eventual') {
    throw new GraphApiError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  const tenant = tenantOf(ctx);
  requirePermission(ctx.caller, PERMISSIONS.readUsers);
  const select = selectedUserProperties(ctx) ?? [...DEFAULT_USER_PROPERTIES];
  let expression;
  try {
    expression = parseUserSearch(ctx.params.get('$search') ?? ctx.params.get('search') ?? '');
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof SearchSyntaxError) throw new GraphApiError(400, 'Request_UnsupportedQuery', err.message);
    throw err;
  }
  let users = tenant.users.map((u) => userResource(u, tenant)).filter((u) => matchesUserSearch(expression, u));
  const { filter } = ctx.query;
  if (filter) users = users.filter((u) => evaluateFilter(filter, u));
  sortUsers(users, ctx.query.orderBy);
  const top = userPageSize(ctx);
  const offset = ctx.query.skipToken ? decodeUserPageToken(SEARCH_TOKEN_PREFIX, ctx.query.skipToken) : 0;
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx, `users${contextSelectList(ctx.query.select ? select : undefined, [])}`),
  };
  const count = ctx.params.get('$count') ?? ctx.params.get('count');
  if (count?.toLowerCase() === 'true') body['@odata.count'] = users.length;
  if (offset + top < users.length)
    body['@odata.nextLink'] = nextLink(ctx, { $skiptoken: encodeUserPageToken(SEARCH_TOKEN_PREFIX, offset + top) });
  body.value = users.slice(offset, offset + top).map((u) => project(u, select));
  return sendGraphJson(ctx, 200, body);
}

// ---------------------------------------------------------------- photos

export function getPhotoValue(ctx: GraphContext, ref: UserRef): FastifyReply {
  const { user, self } = directoryUser(ctx, ref);
  requirePermission(ctx.caller, self ? PERMISSIONS.readSelf : PERMISSIONS.readUsers);
  if (!user) throw userNotFound(ref.kind === 'key' ? ref.key : 'me');
  const photo = userPhoto(tenantOf(ctx), user.id);
  if (!photo)
    throw new GraphApiError(
      404,
      'ImageNotFound',
      "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
    );
  return ctx.reply.code(200).header('Content-Type', 'image/jpeg').header('Cache-Control', 'private').send(photo);
}

// ---------------------------------------------------------------- chats and channels

function membersBody(
  ctx: GraphContext,
  fragment: string,
  scopeId: string,
  members: ChatMemberRecord[],
  stores: TeamsGraphStores,
): Record<string, unknown> {
  const tenantId = ctx.caller.tenantId;
  return {
    '@odata.context': contextUrl(ctx, fragment),
    '@odata.count': members.length,
    value: members.map((m) => conversationMemberResource(scopeId, m, stores.chats.user(tenantId, m.userId), tenantId)),
  };
}

export function listChatMembers(ctx: GraphContext, stores: TeamsGraphStores, ref: UserRef | undefined, chatId: string): FastifyReply {
  tenantOf(ctx);
  if (ref?.kind === 'me' && ctx.caller.kind !== 'delegated') throw meRequiresDelegation();
  requireTeamsScope(ctx.caller, CHAT_MEMBER_SCOPES);
  if (ref?.kind === 'key' && ctx.caller.kind === 'delegated') {
    const named = ctx.directory.findUser(ctx.caller.tenantId, ref.key);
    if (named?.id.toLowerCase() !== ctx.caller.userId)
      throw new GraphApiError(403, 'Forbidden', 'A delegated caller can only read their own chats.');
  }
  const chat = stores.chats.chat(ctx.caller.tenantId, chatId);
  if (!chat) throw new GraphApiError(404, 'NotFound', `Chat '${chatId}' was not found.`);
  if (ctx.caller.kind === 'delegated' && !chat.members.some((m) => m.userId === ctx.caller.userId)) {
    throw new GraphApiError(403, 'Forbidden', 'The caller is not a member of the chat.');
  }
  // Through a user (/me/chats/… or /users/{id}/chats/…) the context names that user, as in the
  // example of Graph's "List members of a chat" page.
  const owner =
    ref === undefined
      ? undefined
      : ref.kind === 'me'
        ? ctx.caller.userId
        : (ctx.directory.findUser(ctx.caller.tenantId, ref.key)?.id ?? ref.key);
  const fragment = `${owner === undefined ? '' : `users('${owner}')/`}chats('${encodeURIComponent(chat.id)}')/members`;
  return sendGraphJson(ctx, 200, membersBody(ctx, fragment, chat.id, chat.members, stores));
}

export function listChannelMembers(ctx: GraphContext, stores: TeamsGraphStores, teamId: string, channelId: string): FastifyReply {
  tenantOf(ctx);
  requireTeamsScope(ctx.caller, CHANNEL_MEMBER_SCOPES);
  const team = stores.chats.team(ctx.caller.tenantId, teamId);
  if (!team) throw new GraphApiError(404, 'NotFound', `Team '${teamId}' was not found.`);
  const channel = team.channels.find((c) => c.id.toLowerCase() === channelId.toLowerCase());
  if (!channel) throw new GraphApiError(404, 'NotFound', `Channel '${channelId}' was not found.`);
  const general = team.channels.find((c) => c.membershipType === 'standard');
  if (ctx.caller.kind === 'delegated') {
    const inTeam = general?.members.some((m) => m.userId === ctx.caller.userId) ?? false;
    const inChannel = channel.members.some((m) => m.userId === ctx.caller.userId);
    if (!inTeam || (channel.membershipType === 'private' && !inChannel))
      throw new GraphApiError(403, 'Forbidden', 'The caller is not a member of the channel.');
  }
  return sendGraphJson(
    ctx,
    200,
    membersBody(ctx, `teams('${team.id}')/channels('${encodeURIComponent(channel.id)}')/members`, channel.id, channel.members, stores),
  );
}
