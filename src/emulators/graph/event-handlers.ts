/**
 * Calendar events of a mailbox: list, create, get, update, delete, as Exchange answers them through
 * Graph. Lists hold single instances and series masters (occurrences and exceptions are reached
 * through their series), page by $top/$skip, and take $filter, $orderby, $select and $expand of
 * singleValueExtendedProperties. Updates and deletes honour If-Match against the event's etag.
 *
 * An occurrence's id reaches it too: a PATCH turns it into an exception, a DELETE cancels it
 * (event-store.ts keeps the series consistent and announces the change as one of the master).
 */
import type { FastifyReply } from 'fastify';
import type { DirectoryUser } from '../shared/directory';
import { canonicalExtendedPropertyId } from './extended-property-id';
import { applyEventInput, newEventFields, parseEventInput } from './event-input';
import { decodeEventId } from './event-ids';
import type { StoredEvent } from './event-model';
import { cancelledOccurrenceIds, EVENT_PROPERTIES, eventId, renderEvent, RenderOptions } from './event-render';
import { findSlot, occurrenceOf } from './event-series';
import { checkOccurrenceBoundary } from './occurrence-boundary';
import { canonicalSelect, contextUrl, GraphContext, nextLink, project, sendGraphJson } from './graph-context';
import { GraphApiError } from './graph-error';
import { meRequiresDelegation } from './directory-handlers';
import { holdsAny } from './access-token';
import { PermissionRule, PERMISSIONS, requirePermission, accessDenied } from './graph-permissions';
import type { UserRef } from './graph-route';
import { evaluateFilter, filterPaths, FilterExpr, getProperty, Literal } from './odata-filter';
import { contextSelectList, ExpandItem } from './odata-query';
import { resolveTimeZone } from './time-zones';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;
const EXTENDED = 'singleValueExtendedProperties';

export function itemNotFound(): GraphApiError {
  return new GraphApiError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

function unknownProperty(name: string): GraphApiError {
  return new GraphApiError(400, 'RequestBroker--ParseUri', `Could not find a property named '${name}' on type 'microsoft.graph.event'.`);
}

/** Roles of calendarRoleType that may create and change events. */
const WRITING_ROLES = ['write', 'delegateWithoutPrivateEventAccess', 'delegateWithPrivateEventAccess'];

/**
 * The mailbox a path names, after the calendar permission check. A delegated caller reaches their
 * own calendar with the ordinary permissions, and another user's only with the sharing ones
 * (Calendars.Read.Shared, Calendars.ReadWrite.Shared) and as far as that user shared or delegated
 * it in Outlook: reading needs any role, writing one of the writing roles.
 */
export function resolveMailbox(ctx: GraphContext, ref: UserRef, rule: PermissionRule): { user: DirectoryUser; segment: string } {
  if (ref.kind === 'me' && ctx.caller.kind !== 'delegated') throw meRequiresDelegation();
  const key = ref.kind === 'me' ? ctx.caller.userId! : ref.key;
  const user = ctx.directory.findUser(ctx.caller.tenantId, key);
  const foreign = ctx.caller.kind === 'delegated' && user !== undefined && user.id.toLowerCase() !== ctx.caller.userId;
  if (foreign) {
    const writes = rule === PERMISSIONS.writeEvents;
    requirePermission(ctx.caller, writes ? PERMISSIONS.writeSharedEvents : PERMISSIONS.readSharedEvents);
    const role = ctx.directory.calendarRole(ctx.caller.tenantId, user.id, ctx.caller.userId!);
    if (!role || (writes && !WRITING_ROLES.includes(role))) throw accessDenied('mailbox');
  } else {
    requirePermission(ctx.caller, rule);
  }
  if (!user) throw new GraphApiError(404, 'ErrorInvalidUser', `The requested user '${key}' is invalid.`);
  return { user, segment: ref.kind === 'me' ? user.id : key };
}

/** Whether the caller may change events in the user's calendar (the calendar's canEdit). */
export function mayEdit(ctx: GraphContext, user: DirectoryUser): boolean {
  const { caller } = ctx;
  if (caller.kind === 'application' || user.id.toLowerCase() === caller.userId)
    return holdsAny(caller, PERMISSIONS.writeEvents[caller.kind]);
  const role = ctx.directory.calendarRole(caller.tenantId, user.id, caller.userId!);
  return role !== undefined && WRITING_ROLES.includes(role) && holdsAny(caller, PERMISSIONS.writeSharedEvents.delegated);
}

export function renderOptions(ctx: GraphContext, user: DirectoryUser): RenderOptions {
  return {
    idType: ctx.prefer.idType,
    timeZone: ctx.prefer.timeZone,
    bodyContentType: ctx.prefer.bodyContentType,
    owner: { displayName: user.displayName, address: user.mail ?? user.userPrincipalName },
  };
}

export function eventSelect(ctx: GraphContext): string[] | undefined {
  return canonicalSelect(ctx.query.select, EVENT_PROPERTIES, unknownProperty);
}

/** `id eq '…'`, or several of them joined by `or`. */
function namesIds(filter: FilterExpr | undefined): boolean {
  if (!filter) return false;
  if (filter.kind === 'or') return namesIds(filter.left) && namesIds(filter.right);
  if (filter.kind !== 'compare' || filter.op !== 'eq') return false;
  const isId = (o: typeof filter.left) => o.kind === 'path' && o.segments.length === 1 && o.segments[0]!.toLowerCase() === 'id';
  const isText = (o: typeof filter.left) => o.kind === 'literal' && typeof o.value === 'string';
  return (isId(filter.left) && isText(filter.right)) || (isText(filter.left) && isId(filter.right));
}

export function checkExpand(expand: ExpandItem[]): ExpandItem | undefined {
  for (const item of expand) {
    if (item.property.toLowerCase() !== EXTENDED.toLowerCase()) {
      throw new GraphApiError(
        400,
        'BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${item.property}' on type 'microsoft.graph.event'.`,
      );
    }
    // Graph's "Outlook extended properties overview": the REST API cannot get all the extended
    // properties of an item in one call; an $expand names the property by a $filter on its id.
    if (!namesIds(item.filter)) {
      throw new GraphApiError(
        400,
        'ErrorInvalidRequest',
        "Expanding singleValueExtendedProperties requires a $filter on the property's id (id eq '{id}').",
      );
    }
  }
  return expand[0];
}

/** Compares extended property ids by their canonical form: GUIDs in any case, names exactly. */
function extendedIdEquals(actual: unknown, literal: Literal): boolean {
  if (typeof literal !== 'string') return actual === literal;
  const canonical = canonicalExtendedPropertyId(literal);
  if (!canonical) throw new GraphApiError(400, 'ErrorInvalidExtendedProperty', 'The extended property attribute combination is invalid.');
  return actual === canonical;
}

function eventEquals(path: string[], actual: unknown, literal: Literal): boolean {
  const p = path.map((s) => s.toLowerCase());
  if (p.length === 2 && p[0] === EXTENDED.toLowerCase() && p[1] === 'id') return extendedIdEquals(actual, literal);
  if (actual === undefined) actual = null;
  if (typeof actual === 'string' && typeof literal === 'string') return actual.toLowerCase() === literal.toLowerCase();
  return actual === literal;
}

function expandedProperties(ev: StoredEvent, item: ExpandItem): { id: string; value: string }[] {
  const filter: FilterExpr | undefined = item.filter;
  if (!filter) return ev.extendedProperties.map((p) => ({ ...p }));
  return ev.extendedProperties
    .filter((p) =>
      evaluateFilter(filter, p, {
        equals: (path, actual, literal) =>
          path.length === 1 && path[0]!.toLowerCase() === 'id' ? extendedIdEquals(actual, literal) : eventEquals(path, actual, literal),
      }),
    )
    .map((p) => ({ ...p }));
}

function checkFilter(filter: FilterExpr): void {
  for (const { path } of filterPaths(filter)) {
    const root = path[0]!;
    if (root.toLowerCase() === EXTENDED.toLowerCase()) {
      if (path.length === 2 && !['id', 'value'].includes(path[1]!.toLowerCase())) throw unknownProperty(path[1]!);
      continue;
    }
    if (!EVENT_PROPERTIES.some((p) => p.toLowerCase() === root.toLowerCase())) throw unknownProperty(root);
  }
}

/** An event as the response shows it: projected, with expanded extended properties. */
export function shape(
  ctx: GraphContext,
  ev: StoredEvent,
  user: DirectoryUser,
  select: string[] | undefined,
  expand: ExpandItem | undefined,
): Record<string, unknown> {
  const rendered = renderEvent(ev, renderOptions(ctx, user));
  // cancelledOccurrences is returned only when asked for, and only for series masters.
  if (select?.includes('cancelledOccurrences') && ev.type === 'seriesMaster') {
    rendered.cancelledOccurrences = cancelledOccurrenceIds(ev, ctx.prefer.idType, seriesZoneOf(ev));
  }
  const resource = project(rendered, select, ['@odata.etag', 'id']);
  if (expand) {
    const props = expandedProperties(ev, expand);
    if (props.length) resource[EXTENDED] = props;
  }
  return resource;
}

function seriesZoneOf(ev: StoredEvent): string {
  const range = ev.recurrence?.range as { recurrenceTimeZone?: string } | undefined;
  return (range?.recurrenceTimeZone && resolveTimeZone(range.recurrenceTimeZone)?.iana) || ev.start.iana;
}

export function usersSegment(segment: string): string {
  return `users('${segment.replace(/'/g, "''")}')`;
}

export function listEvents(ctx: GraphContext, ref: UserRef, path: string): FastifyReply {
  const select = eventSelect(ctx);
  const expand = checkExpand(ctx.query.expand);
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.readEvents);
  const rows = ctx.store.list(user.id).filter((e) => e.type === 'singleInstance' || e.type === 'seriesMaster');
  return sendEventCollection(ctx, user, `${usersSegment(segment)}/${path}`, rows, select, expand);
}

/** A page of events: $filter, $orderby, $top/$skip paging and @odata.nextLink, as lists answer. */
export function sendEventCollection(
  ctx: GraphContext,
  user: DirectoryUser,
  contextPath: string,
  events: StoredEvent[],
  select: string[] | undefined,
  expand: ExpandItem | undefined,
): FastifyReply {
  const { filter, orderBy } = ctx.query;
  if (filter) checkFilter(filter);
  for (const o of orderBy)
    if (!EVENT_PROPERTIES.some((p) => p.toLowerCase() === o.path[0]!.toLowerCase())) throw unknownProperty(o.path[0]!);

  const utc: RenderOptions = { ...renderOptions(ctx, user), timeZone: undefined, idType: 'rest' };
  let rows = events.map((ev) => ({ ev, json: { ...renderEvent(ev, utc), [EXTENDED]: ev.extendedProperties } }));
  if (filter) rows = rows.filter((r) => evaluateFilter(filter, r.json, { equals: eventEquals }));
  for (const o of [...orderBy].reverse()) {
    const value = (json: Record<string, unknown>) => o.path.reduce<unknown>((v, s) => getProperty(v, s), json);
    rows.sort((a, b) => {
      const x = value(a.json);
      const y = value(b.json);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
      return o.descending ? -c : c;
    });
  }
  const top = Math.min(ctx.query.top ?? DEFAULT_PAGE, MAX_PAGE);
  const skip = ctx.query.skip;
  const page = rows.slice(skip, skip + top);
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx, `${contextPath}${contextSelectList(select, expand ? [expand] : [])}`),
  };
  if (top > 0 && skip + top < rows.length) body['@odata.nextLink'] = nextLink(ctx, { $skip: String(skip + top) });
  body.value = page.map((r) => shape(ctx, r.ev, user, select, expand));
  return sendGraphJson(ctx, 200, body);
}

/**
 * The event an id names in a mailbox: a stored item, or an occurrence of a series computed from
 * its master (404 once cancelled or when the series has no such occurrence).
 */
export function findEvent(ctx: GraphContext, user: DirectoryUser, id: string): StoredEvent {
  const decoded = decodeEventId(id);
  if (!decoded) throw new GraphApiError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
  if (decoded.mailboxId.toLowerCase() !== user.id.toLowerCase()) throw itemNotFound();
  const ev = ctx.store.get(user.id, decoded.key);
  if (!ev) throw itemNotFound();
  if (decoded.occurrenceStart === undefined) return ev;
  const start = decoded.occurrenceStart;
  if (ev.type !== 'seriesMaster') throw itemNotFound();
  const exception = ctx.store.exceptionsOf(user.id, ev.key).find((e) => e.originalStart === start);
  if (exception) return exception;
  if (ev.cancelledOccurrences.includes(start)) throw itemNotFound();
  const slot = findSlot(ev, start);
  if (!slot) throw itemNotFound();
  return occurrenceOf(ev, slot);
}

function entityContext(
  ctx: GraphContext,
  segment: string,
  path: string,
  select: string[] | undefined,
  expand: ExpandItem | undefined,
): string {
  return contextUrl(ctx, `${usersSegment(segment)}/${path}${contextSelectList(select, expand ? [expand] : [])}/$entity`);
}

export function getEvent(ctx: GraphContext, ref: UserRef, path: string, id: string): FastifyReply {
  const select = eventSelect(ctx);
  const expand = checkExpand(ctx.query.expand);
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.readEvents);
  const ev = findEvent(ctx, user, id);
  const resource = shape(ctx, ev, user, select, expand);
  const body: Record<string, unknown> = { '@odata.context': entityContext(ctx, segment, path, select, expand) };
  if (resource[EXTENDED]) {
    body[`${EXTENDED}@odata.context`] = contextUrl(ctx, `${usersSegment(segment)}/${path}('${resource.id as string}')/${EXTENDED}`);
  }
  return sendGraphJson(ctx, 200, { ...body, ...resource });
}

export function createEvent(ctx: GraphContext, ref: UserRef, path: string): FastifyReply {
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.writeEvents);
  if (ctx.req.body === undefined) throw new GraphApiError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const fields = newEventFields(parseEventInput(ctx.req.body));
  const ev = ctx.store.create({ mailboxId: user.id, tenantId: ctx.caller.tenantId }, fields);
  const resource = renderEvent(ev, renderOptions(ctx, user));
  ctx.reply.header('Location', `${ctx.baseUrl}/${ctx.version}/${usersSegment(user.id)}/events('${resource.id as string}')`);
  return sendGraphJson(ctx, 201, { '@odata.context': entityContext(ctx, segment, path, undefined, undefined), ...resource });
}

/** Graph answers a stale If-Match with 412 ErrorIrresolvableConflict. */
function checkIfMatch(ctx: GraphContext, ev: StoredEvent): void {
  const header = ctx.req.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '*' || header.trim() === '') return;
  const wanted = header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (wanted !== ev.changeKey) {
    throw new GraphApiError(
      412,
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    );
  }
}

export function updateEvent(ctx: GraphContext, ref: UserRef, path: string, id: string): FastifyReply {
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.writeEvents);
  const ev = findEvent(ctx, user, id);
  checkIfMatch(ctx, ev);
  if (ctx.req.body === undefined) throw new GraphApiError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const input = parseEventInput(ctx.req.body);
  const isInstance = ev.type === 'occurrence' || ev.type === 'exception';
  if (isInstance && input.recurrence !== undefined && input.recurrence !== null) {
    throw new GraphApiError(400, 'ErrorInvalidRequest', 'An occurrence or exception of a series cannot have a recurrence of its own.');
  }
  if (isInstance) delete input.recurrence;
  const fields = applyEventInput(ev, input);
  if (isInstance && ev.seriesMasterKey && ev.originalStart !== null && fields.start.instant !== ev.start.instant) {
    const master = ctx.store.get(user.id, ev.seriesMasterKey);
    const others = ctx.store.exceptionsOf(user.id, ev.seriesMasterKey).filter((e) => e.originalStart !== ev.originalStart);
    if (master) checkOccurrenceBoundary(master, others, ev.originalStart, fields.start);
  }
  const updated =
    ev.type === 'occurrence' && ev.seriesMasterKey && ev.originalStart !== null
      ? ctx.store.createException(user.id, ev.seriesMasterKey, ev.originalStart, fields)
      : ctx.store.update(user.id, ev.key, fields);
  if (!updated) throw itemNotFound();
  return sendGraphJson(ctx, 200, {
    '@odata.context': entityContext(ctx, segment, path, undefined, undefined),
    ...renderEvent(updated, renderOptions(ctx, user)),
  });
}

export function deleteEvent(ctx: GraphContext, ref: UserRef, id: string): FastifyReply {
  const { user } = resolveMailbox(ctx, ref, PERMISSIONS.writeEvents);
  const ev = findEvent(ctx, user, id);
  checkIfMatch(ctx, ev);
  if (ev.type === 'occurrence' && ev.seriesMasterKey && ev.originalStart !== null)
    ctx.store.cancelOccurrence(user.id, ev.seriesMasterKey, ev.originalStart);
  else ctx.store.delete(user.id, ev.key);
  return ctx.reply.code(204).send();
}

/** Both ids of an event, for the control surface and for tests. */
export function eventIds(ev: StoredEvent): { id: string; immutableId: string } {
  return { id: eventId(ev, 'rest'), immutableId: eventId(ev, 'immutable') };
}
