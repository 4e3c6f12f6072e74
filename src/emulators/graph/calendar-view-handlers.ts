/**
 * Time-window reads of a calendar, as Exchange answers them through Graph:
 * - GET /events/{id}/instances?startDateTime&endDateTime: the occurrences and exceptions of a series;
 * - GET /calendarView?startDateTime&endDateTime: single events and series instances in the window;
 * - GET /calendarView/delta: the same view tracked over time with @odata.nextLink ($skiptoken)
 *   pages and an @odata.deltaLink ($deltatoken); later rounds return only what changed, deletions
 *   (and events that left the window) as {"@removed": {"reason": "deleted"}}
 *   (https://learn.microsoft.com/graph/delta-query-events).
 * The window is required (400 ErrorInvalidParameter without it). A value without an offset is UTC,
 * whatever Prefer: outlook.timezone says: that header only sets the zone of the times in the
 * response (Graph's "List calendarView" page).
 */
import type { FastifyReply } from 'fastify';
import type { DirectoryUser } from '../shared/directory';
import { DeltaEntry, DeltaRound, DeltaState, instanceKey, KnownInstance } from './delta-tokens';
import { checkExpand, eventSelect, findEvent, renderOptions, resolveMailbox, sendEventCollection, usersSegment } from './event-handlers';
import type { StoredEvent } from './event-model';
import { eventId, renderEvent } from './event-render';
import { calendarViewOf, findSlot, occurrenceOf, seriesInstances } from './event-series';
import { contextUrl, GraphContext, sendGraphJson } from './graph-context';
import { GraphApiError } from './graph-error';
import { PERMISSIONS } from './graph-permissions';
import type { CalendarViewPath, EventsPath, UserRef } from './graph-route';
import { instantOfParsed, parseGraphDateTime } from './time-zones';

const DELTA_PAGE = 10;
const MAX_DELTA_PAGE = 1000;

export interface TimeWindow {
  from: number;
  to: number;
}

function param(ctx: GraphContext, name: string): string | undefined {
  for (const [k, v] of ctx.params) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

/** startDateTime and endDateTime from the query string. */
export function readWindow(ctx: GraphContext): TimeWindow {
  const start = param(ctx, 'startDateTime');
  const end = param(ctx, 'endDateTime');
  if (!start || !end) {
    throw new GraphApiError(
      400,
      'ErrorInvalidParameter',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  }
  const read = (text: string, name: string): number => {
    const parsed = parseGraphDateTime(text);
    if (!parsed) throw new GraphApiError(400, 'ErrorInvalidParameter', `The value '${text}' of parameter '${name}' is invalid.`);
    return instantOfParsed(parsed, 'UTC');
  };
  const from = read(start, 'StartDateTime');
  const to = read(end, 'EndDateTime');
  if (to < from) throw new GraphApiError(400, 'ErrorInvalidParameter', 'The parameter EndDateTime must not be earlier than StartDateTime.');
  return { from, to };
}

export function listInstances(ctx: GraphContext, ref: UserRef, path: EventsPath, id: string): FastifyReply {
  const select = eventSelect(ctx);
  const expand = checkExpand(ctx.query.expand);
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.readEvents);
  const window = readWindow(ctx);
  const ev = findEvent(ctx, user, id);
  // Only a series has instances; Graph answers an empty collection for anything else.
  const rows = ev.type === 'seriesMaster' ? seriesInstances(ev, ctx.store.exceptionsOf(user.id, ev.key), window.from, window.to) : [];
  return sendEventCollection(ctx, user, `${usersSegment(segment)}/${path}('${id}')/instances`, rows, select, expand);
}

export function listCalendarView(ctx: GraphContext, ref: UserRef, path: CalendarViewPath): FastifyReply {
  const select = eventSelect(ctx);
  const expand = checkExpand(ctx.query.expand);
  const { user, segment } = resolveMailbox(ctx, ref, PERMISSIONS.readEvents);
  const window = readWindow(ctx);
  const rows = calendarViewOf(ctx.store.list(user.id), window.from, window.to);
  return sendEventCollection(ctx, user, `${usersSegment(segment)}/${path}`, rows, select, expand);
}

function syncStateNotFound(): GraphApiError {
  return new GraphApiError(
    410,
    'SyncStateNotFound',
    'The sync state could not be found or has expired. Start a new synchronization without a state token.',
  );
}

/** What the view holds now, by instance key. */
function currentView(ctx: GraphContext, mailboxId: string, from: number, to: number): Map<string, KnownInstance> {
  const known = new Map<string, KnownInstance>();
  for (const ev of calendarViewOf(ctx.store.list(mailboxId), from, to)) {
    known.set(instanceKey(ev), {
      changeKey: ev.changeKey,
      identity: {
        mailboxId: ev.mailboxId,
        key: ev.key,
        type: ev.type,
        seriesMasterKey: ev.seriesMasterKey,
        originalStart: ev.originalStart,
      },
    });
  }
  return known;
}

/** The event behind a delta entry as it is now; undefined when it no longer exists. */
function currentEvent(ctx: GraphContext, user: DirectoryUser, entry: DeltaEntry): StoredEvent | undefined {
  const { identity } = entry;
  const isInstance = (identity.type === 'occurrence' || identity.type === 'exception') && identity.seriesMasterKey;
  if (!isInstance) return ctx.store.get(user.id, identity.key);
  const master = ctx.store.get(user.id, identity.seriesMasterKey!);
  const start = identity.originalStart;
  if (!master || master.type !== 'seriesMaster' || start === null || start === undefined) return undefined;
  const exception = ctx.store.exceptionsOf(user.id, master.key).find((e) => e.originalStart === start);
  if (exception) return exception;
  if (master.cancelledOccurrences.includes(start)) return undefined;
  const slot = findSlot(master, start);
  return slot ? occurrenceOf(master, slot) : undefined;
}

function removedEntry(ctx: GraphContext, entry: DeltaEntry): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.event', id: eventId(entry.identity, ctx.prefer.idType), '@removed': { reason: 'deleted' } };
}

/** The page state of this request: a round in progress, a new round after a deltaLink, or an initial round. */
function deltaState(ctx: GraphContext, mailboxId: string): Extract<DeltaState, { kind: 'skip' }> {
  const skip = ctx.query.skipToken;
  const delta = ctx.query.deltaToken;
  if (skip !== undefined || delta !== undefined) {
    const state = ctx.sync.deltaTokens.get((skip ?? delta)!);
    if (!state || state.round.mailboxId !== mailboxId || state.kind !== (skip !== undefined ? 'skip' : 'delta')) throw syncStateNotFound();
    if (state.kind === 'skip') return state;
    // A new round: what changed since the client's last round.
    const { round } = state;
    const now = currentView(ctx, mailboxId, round.from, round.to);
    const pending: DeltaEntry[] = [];
    for (const [key, item] of now) {
      const before = round.known.get(key);
      if (!before || before.changeKey !== item.changeKey) pending.push({ key, identity: item.identity, removed: false });
    }
    for (const [key, item] of round.known) if (!now.has(key)) pending.push({ key, identity: item.identity, removed: true });
    return { kind: 'skip', round: { ...round, known: now }, pending };
  }
  const { from, to } = readWindow(ctx);
  const known = currentView(ctx, mailboxId, from, to);
  const round: DeltaRound = { mailboxId, from, to, known };
  return { kind: 'skip', round, pending: [...known].map(([key, item]) => ({ key, identity: item.identity, removed: false })) };
}

export function calendarViewDelta(ctx: GraphContext, ref: UserRef, _path: CalendarViewPath): FastifyReply {
  const { filter, orderBy, select, expand } = ctx.query;
  const unsupported = [filter && '$filter', orderBy.length && '$orderby', select && '$select', expand.length && '$expand'].find(Boolean);
  if (unsupported)
    throw new GraphApiError(400, 'ErrorInvalidUrlQuery', `The query parameter '${String(unsupported)}' is not supported with delta.`);
  const { user } = resolveMailbox(ctx, ref, PERMISSIONS.readEvents);
  const state = deltaState(ctx, user.id.toLowerCase());
  const size = Math.min(ctx.prefer.maxPageSize ?? ctx.query.top ?? DELTA_PAGE, MAX_DELTA_PAGE);
  if (ctx.prefer.maxPageSize !== undefined) ctx.prefer.applied.push(`odata.maxpagesize=${ctx.prefer.maxPageSize}`);
  const page = state.pending.slice(0, size);
  const rest = state.pending.slice(size);
  const options = renderOptions(ctx, user);
  const value = page.map((entry) => {
    const ev = entry.removed ? undefined : currentEvent(ctx, user, entry);
    return ev ? { '@odata.type': '#microsoft.graph.event', ...renderEvent(ev, options) } : removedEntry(ctx, entry);
  });
  const body: Record<string, unknown> = { '@odata.context': contextUrl(ctx, 'Collection(event)') };
  const link = `${ctx.baseUrl}${ctx.path}`;
  if (rest.length > 0) {
    body['@odata.nextLink'] = `${link}?$skiptoken=${ctx.sync.deltaTokens.issue({ kind: 'skip', round: state.round, pending: rest })}`;
  } else {
    body['@odata.deltaLink'] = `${link}?$deltatoken=${ctx.sync.deltaTokens.issue({ kind: 'delta', round: state.round })}`;
  }
  body.value = value;
  return sendGraphJson(ctx, 200, body);
}
