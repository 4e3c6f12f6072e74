/**
 * /me, /users and /organization, answered as Entra answers them through Graph: users of the
 * caller's tenant only (a user of another tenant is simply not found), $select on user properties,
 * $filter on the common string properties, $top with $skiptoken paging.
 */
import type { FastifyReply } from 'fastify';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';
import { contextUrl, canonicalSelect, GraphContext, nextLink, project, sendGraphJson } from './graph-context';
import { DEFAULT_USER_PROPERTIES, organizationResource, SELECTABLE_USER_PROPERTIES, userResource } from './graph-directory';
import { GraphApiError } from './graph-error';
import { PERMISSIONS, requirePermission } from './graph-permissions';
import type { UserRef } from './graph-route';
import { evaluateFilter, filterPaths } from './odata-filter';
import { contextSelectList, type OrderBy } from './odata-query';

const FILTERABLE_USER_PROPERTIES = ['id', 'mail', 'userPrincipalName', 'displayName', 'givenName', 'surname', 'jobTitle', 'mailNickname'];
const FILTER_OPERATORS = ['eq', 'ne', 'in', 'startswith'];
const MAX_PAGE = 999;
const DEFAULT_PAGE = 100;

function userNotFound(key: string): GraphApiError {
  return new GraphApiError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function meRequiresDelegation(): GraphApiError {
  return new GraphApiError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
}

function tenantOf(ctx: GraphContext): DirectoryTenant {
  const tenant = ctx.directory.tenant(ctx.caller.tenantId);
  // A token for a tenant this Graph does not know cannot name any user or organization.
  if (!tenant) throw new GraphApiError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Unknown tenant.');
  return tenant;
}

/** The navigation properties of a user that getUser can expand, by the caller's providers. */
export interface UserExpansions {
  /** The user's open extensions, as Graph renders them (`$expand=extensions`). */
  extensions?: (user: DirectoryUser, tenant: DirectoryTenant) => Record<string, unknown>[];
}

/** The user properties $select names, in their own casing; an unknown one is the directory's 400. */
export function selectedUserProperties(ctx: GraphContext): string[] | undefined {
  return canonicalSelect(
    ctx.query.select,
    SELECTABLE_USER_PROPERTIES,
    (name) =>
      new GraphApiError(
        400,
        'BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
      ),
  );
}

function userSelect(ctx: GraphContext, expansions: UserExpansions = {}): string[] {
  const select = selectedUserProperties(ctx);
  const unsupported = ctx.query.expand.find((e) => !(e.property.toLowerCase() === 'extensions' && expansions.extensions));
  if (unsupported)
    throw new GraphApiError(
      400,
      'BadRequest',
      `Parsing OData Select and Expand failed: expanding '${unsupported.property}' is not supported.`,
    );
  return select ?? [...DEFAULT_USER_PROPERTIES];
}

function renderUser(user: DirectoryUser, tenant: DirectoryTenant, select: string[]): Record<string, unknown> {
  return project(userResource(user, tenant), select);
}

/** Resolves the user a /me or /users/{key} path names, checking the directory permission. */
function resolveDirectoryUser(ctx: GraphContext, ref: UserRef): { user: DirectoryUser; tenant: DirectoryTenant } {
  const tenant = tenantOf(ctx);
  if (ref.kind === 'me') {
    if (ctx.caller.kind !== 'delegated') throw meRequiresDelegation();
    requirePermission(ctx.caller, PERMISSIONS.readSelf);
    const me = ctx.directory.findUser(tenant.id, ctx.caller.userId!);
    if (!me) throw userNotFound(ctx.caller.userId!);
    return { user: me, tenant };
  }
  const found = ctx.directory.findUser(tenant.id, ref.key);
  const isSelf = ctx.caller.kind === 'delegated' && found?.id.toLowerCase() === ctx.caller.userId;
  requirePermission(ctx.caller, isSelf ? PERMISSIONS.readSelf : PERMISSIONS.readUsers);
  if (!found) throw userNotFound(ref.key);
  return { user: found, tenant };
}

/**
 * GET /me or /users/{id}; with `$expand=extensions` (and an `extensions` provider) the user comes
 * with their open extensions, as Graph's "Add custom data to users using open extensions" shows,
 * filtered by the expansion's own $filter if it has one.
 */
export function getUser(ctx: GraphContext, ref: UserRef, expansions: UserExpansions = {}): FastifyReply {
  const select = userSelect(ctx, expansions);
  const { user, tenant } = resolveDirectoryUser(ctx, ref);
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx, `users${contextSelectList(ctx.query.select ? select : undefined, ctx.query.expand)}/$entity`),
    ...renderUser(user, tenant, select),
  };
  const expanded = ctx.query.expand.find((e) => e.property.toLowerCase() === 'extensions');
  if (expanded && expansions.extensions) {
    const { filter } = expanded;
    body['extensions@odata.context'] = contextUrl(ctx, `users('${user.id}')/extensions`);
    body.extensions = expansions.extensions(user, tenant).filter((e) => !filter || evaluateFilter(filter, e));
  }
  return sendGraphJson(ctx, 200, body);
}

/**
 * A page token of a user list: the offset behind the list's own prefix, opaque to the client. A
 * token this list did not give out is refused as the directory refuses an expired one.
 */
export function encodeUserPageToken(prefix: string, offset: number): string {
  return Buffer.from(`${prefix}${offset}`).toString('base64url');
}

export function decodeUserPageToken(prefix: string, token: string): number {
  const text = Buffer.from(token, 'base64url').toString('latin1');
  const offset = text.startsWith(prefix) ? text.slice(prefix.length) : '';
  if (!/^\d+$/.test(offset))
    throw new GraphApiError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  return Number(offset);
}

/** The page size a user list was asked for ($top, else 100), refused outside 1 to 999 as the directory refuses it. */
export function userPageSize(ctx: GraphContext): number {
  const top = ctx.query.top ?? DEFAULT_PAGE;
  if (top < 1 || top > MAX_PAGE)
    throw new GraphApiError(
      400,
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE} inclusive.`,
    );
  return top;
}

/** Sorts users by $orderby, last key first; the directory sorts users by displayName or userPrincipalName only. */
export function sortUsers(users: Record<string, unknown>[], orderBy: readonly OrderBy[]): void {
  for (const o of [...orderBy].reverse()) {
    const prop = ['displayName', 'userPrincipalName'].find((p) => o.path.length === 1 && p.toLowerCase() === o.path[0]!.toLowerCase());
    if (!prop) throw new GraphApiError(400, 'Request_UnsupportedQuery', `Sorting by '${o.path.join('/')}' is not supported.`);
    users.sort((a, b) => String(a[prop]).localeCompare(String(b[prop])) * (o.descending ? -1 : 1));
  }
}

/** The directory's own page tokens carry this prefix (the user search has another). */
const LIST_TOKEN_PREFIX = 'RFNwd';

export function listUsers(ctx: GraphContext): FastifyReply {
  const select = userSelect(ctx);
  const tenant = tenantOf(ctx);
  requirePermission(ctx.caller, PERMISSIONS.readUsers);
  const { filter, orderBy } = ctx.query;
  if (filter) {
    for (const { path, use } of filterPaths(filter)) {
      const prop = path.length === 1 ? FILTERABLE_USER_PROPERTIES.find((p) => p.toLowerCase() === path[0]!.toLowerCase()) : undefined;
      if (!prop || !FILTER_OPERATORS.includes(use)) {
        throw new GraphApiError(
          400,
          'Request_UnsupportedQuery',
          `Unsupported or invalid query filter clause specified for property '${path.join('/')}' of resource 'User'.`,
        );
      }
    }
  }
  let users = tenant.users.map((u) => userResource(u, tenant));
  if (filter) users = users.filter((u) => evaluateFilter(filter, u));
  sortUsers(users, orderBy);
  const top = userPageSize(ctx);
  const offset = ctx.query.skipToken ? decodeUserPageToken(LIST_TOKEN_PREFIX, ctx.query.skipToken) : 0;
  const page = users.slice(offset, offset + top);
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx, `users${contextSelectList(ctx.query.select ? select : undefined, [])}`),
  };
  if (offset + top < users.length)
    body['@odata.nextLink'] = nextLink(ctx, { $skiptoken: encodeUserPageToken(LIST_TOKEN_PREFIX, offset + top), $skip: undefined });
  body.value = page.map((u) => project(u, select));
  return sendGraphJson(ctx, 200, body);
}

const ORGANIZATION_PROPERTIES = Object.keys(organizationResource({ id: '', displayName: '', verifiedDomains: [], users: [] }));

export function getOrganizations(ctx: GraphContext, id?: string): FastifyReply {
  const tenant = tenantOf(ctx);
  const select = canonicalSelect(
    ctx.query.select,
    ORGANIZATION_PROPERTIES,
    (name) =>
      new GraphApiError(
        400,
        'BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.organization'.`,
      ),
  );
  requirePermission(ctx.caller, PERMISSIONS.readOrganization);
  const org = project(organizationResource(tenant), select);
  const list = contextSelectList(select, []);
  if (id === undefined) return sendGraphJson(ctx, 200, { '@odata.context': contextUrl(ctx, `organization${list}`), value: [org] });
  if (id.toLowerCase() !== tenant.id.toLowerCase())
    throw new GraphApiError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return sendGraphJson(ctx, 200, { '@odata.context': contextUrl(ctx, `organization${list}/$entity`), ...org });
}
