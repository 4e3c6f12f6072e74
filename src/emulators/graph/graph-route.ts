/**
 * Which resource a Graph URL names. Segments match case-insensitively and keys may be written as
 * a segment (`/users/{id}`) or in OData's key syntax (`/users('{id}')`), as Graph accepts both.
 * An unknown segment is a 400 BadRequest ("Resource not found for the segment …"), as in Graph.
 */
import { GraphApiError } from './graph-error';

export type UserRef = { kind: 'me' } | { kind: 'key'; key: string };

export type EventsPath = 'events' | 'calendar/events';
export type CalendarViewPath = 'calendarView' | 'calendar/calendarView';

export type GraphRoute =
  | { resource: 'users' }
  | { resource: 'user'; user: UserRef }
  | { resource: 'calendar'; user: UserRef }
  | { resource: 'organizations' }
  | { resource: 'organization'; id: string }
  | { resource: 'events'; user: UserRef; path: EventsPath }
  | { resource: 'event'; user: UserRef; path: EventsPath; id: string }
  | { resource: 'instances'; user: UserRef; path: EventsPath; id: string }
  | { resource: 'calendarView'; user: UserRef; path: CalendarViewPath }
  | { resource: 'calendarViewDelta'; user: UserRef; path: CalendarViewPath }
  | { resource: 'subscriptions' }
  | { resource: 'subscription'; id: string }
  | { resource: 'subscriptionReauthorize'; id: string };

/** The methods each resource answers; others are 405. */
export const ALLOWED_METHODS: Record<GraphRoute['resource'], readonly string[]> = {
  users: ['GET'],
  user: ['GET'],
  calendar: ['GET'],
  organizations: ['GET'],
  organization: ['GET'],
  events: ['GET', 'POST'],
  event: ['GET', 'PATCH', 'DELETE'],
  instances: ['GET'],
  calendarView: ['GET'],
  calendarViewDelta: ['GET'],
  subscriptions: ['GET', 'POST'],
  subscription: ['GET', 'PATCH', 'DELETE'],
  subscriptionReauthorize: ['POST'],
};

/** The mailbox a route reads or writes, for throttling; undefined for directory and subscription routes. */
export function mailboxOf(route: GraphRoute): UserRef | undefined {
  switch (route.resource) {
    case 'calendar':
    case 'events':
    case 'event':
    case 'instances':
    case 'calendarView':
    case 'calendarViewDelta':
      return route.user;
    default:
      return undefined;
  }
}

/** One path segment, decoded: its name and, in OData's key syntax (`users('{id}')`), its key. */
export interface Segment {
  name: string;
  key?: string;
  raw: string;
}

function parseSegment(raw: string): Segment {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const m = /^([^(]+)\((.*)\)$/.exec(decoded);
  if (!m) return { name: decoded, raw: decoded };
  const key = m[2]!.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  return { name: m[1]!, key, raw: decoded };
}

/** The path's segments, empty ones (doubled or trailing slashes) dropped; shared with teams-graph-route.ts. */
export function pathSegments(path: string): Segment[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(parseSegment);
}

function notFound(segment: string): GraphApiError {
  return new GraphApiError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

/** An OData function or action segment, bare or qualified ("delta", "delta()", "microsoft.graph.delta"). */
function isOperation(segment: Segment | undefined, name: string): boolean {
  if (!segment || (segment.key !== undefined && segment.key !== '')) return false;
  const n = segment.name.toLowerCase();
  return n === name || n === `microsoft.graph.${name}`;
}

function resolveSubscriptions(segments: Segment[]): GraphRoute {
  const [first, second, third, extra] = segments;
  const id = first!.key ?? second?.raw;
  const action = first!.key !== undefined ? second : third;
  if ((first!.key !== undefined ? third : extra) !== undefined) throw notFound((first!.key !== undefined ? third : extra)!.raw);
  if (id === undefined) return { resource: 'subscriptions' };
  if (action === undefined) return { resource: 'subscription', id };
  if (isOperation(action, 'reauthorize')) return { resource: 'subscriptionReauthorize', id };
  throw notFound(action.raw);
}

/** Resolves the path after the version ("/me/events/AAMk…") to a route. */
export function resolveGraphRoute(path: string): GraphRoute {
  const segments = pathSegments(path);
  const first = segments[0];
  if (!first) throw notFound('');
  const name = first.name.toLowerCase();

  if (name === 'organization') {
    if (segments.length > 2) throw notFound(segments[2]!.raw);
    const id = first.key ?? segments[1]?.raw;
    if (first.key !== undefined && segments[1]) throw notFound(segments[1].raw);
    return id === undefined ? { resource: 'organizations' } : { resource: 'organization', id };
  }
  if (name === 'subscriptions') return resolveSubscriptions(segments);

  let user: UserRef;
  let rest: Segment[];
  if (name === 'me' && first.key === undefined) {
    user = { kind: 'me' };
    rest = segments.slice(1);
  } else if (name === 'users') {
    if (first.key !== undefined) {
      user = { kind: 'key', key: first.key };
      rest = segments.slice(1);
    } else if (segments[1]) {
      user = { kind: 'key', key: segments[1].raw };
      rest = segments.slice(2);
    } else {
      return { resource: 'users' };
    }
  } else {
    throw notFound(first.raw);
  }

  if (rest.length === 0) return { resource: 'user', user };
  let i = 0;
  const inCalendar = rest[0]!.name.toLowerCase() === 'calendar' && rest[0]!.key === undefined;
  if (inCalendar) i = 1;
  if (inCalendar && rest.length === 1) return { resource: 'calendar', user };
  const collection = rest[i];
  if (!collection) throw notFound(rest[0]!.raw);
  const collectionName = collection.name.toLowerCase();

  if (collectionName === 'calendarview' && collection.key === undefined) {
    const viewPath: CalendarViewPath = inCalendar ? 'calendar/calendarView' : 'calendarView';
    const next = rest[i + 1];
    if (!next) return { resource: 'calendarView', user, path: viewPath };
    if (isOperation(next, 'delta') && rest[i + 2] === undefined) return { resource: 'calendarViewDelta', user, path: viewPath };
    throw notFound(next.raw);
  }
  if (collectionName !== 'events') throw notFound(collection.raw);

  const eventsPath: EventsPath = inCalendar ? 'calendar/events' : 'events';
  const id = collection.key ?? rest[i + 1]?.raw;
  const after = collection.key !== undefined ? rest.slice(i + 1) : rest.slice(i + 2);
  if (id === undefined) return { resource: 'events', user, path: eventsPath };
  if (after.length === 0) return { resource: 'event', user, path: eventsPath, id };
  if (after.length === 1 && after[0]!.name.toLowerCase() === 'instances' && after[0]!.key === undefined) {
    return { resource: 'instances', user, path: eventsPath, id };
  }
  throw notFound(after[0]!.raw);
}
