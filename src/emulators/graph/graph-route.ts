/**
 * Which resource a Graph URL names. Segments match case-insensitively and keys may be written as
 * a segment (`/users/{id}`) or in OData's key syntax (`/users('{id}')`), as Graph accepts both.
 * An unknown segment is a 400 BadRequest ("Resource not found for the segment …"), as in Graph.
 */
import { GraphApiError } from './graph-error';

export type UserRef = { kind: 'me' } | { kind: 'key'; key: string };

export type GraphRoute =
  | { resource: 'users' }
  | { resource: 'user'; user: UserRef }
  | { resource: 'organizations' }
  | { resource: 'organization'; id: string }
  | { resource: 'events'; user: UserRef; path: 'events' | 'calendar/events' }
  | { resource: 'event'; user: UserRef; path: 'events' | 'calendar/events'; id: string };

/** The methods each resource answers; others are 405. */
export const ALLOWED_METHODS: Record<GraphRoute['resource'], readonly string[]> = {
  users: ['GET'],
  user: ['GET'],
  organizations: ['GET'],
  organization: ['GET'],
  events: ['GET', 'POST'],
  event: ['GET', 'PATCH', 'DELETE'],
};

interface Segment {
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

function notFound(segment: string): GraphApiError {
  return new GraphApiError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

/** Resolves the path after the version ("/me/events/AAMk…") to a route. */
export function resolveGraphRoute(path: string): GraphRoute {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(parseSegment);
  const first = segments[0];
  if (!first) throw notFound('');
  const name = first.name.toLowerCase();

  if (name === 'organization') {
    if (segments.length > 2) throw notFound(segments[2]!.raw);
    const id = first.key ?? segments[1]?.raw;
    if (first.key !== undefined && segments[1]) throw notFound(segments[1].raw);
    return id === undefined ? { resource: 'organizations' } : { resource: 'organization', id };
  }

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
  let collection: 'events' | 'calendar/events';
  if (rest[0]!.name.toLowerCase() === 'calendar' && rest[0]!.key === undefined) {
    if (rest[1]?.name.toLowerCase() !== 'events') throw notFound(rest[1]?.raw ?? rest[0]!.raw);
    collection = 'calendar/events';
    i = 1;
  } else if (rest[0]!.name.toLowerCase() === 'events') {
    collection = 'events';
  } else {
    throw notFound(rest[0]!.raw);
  }
  const eventsSegment = rest[i]!;
  const id = eventsSegment.key ?? rest[i + 1]?.raw;
  const extra = eventsSegment.key !== undefined ? rest[i + 1] : rest[i + 2];
  if (extra) throw notFound(extra.raw);
  return id === undefined ? { resource: 'events', user, path: collection } : { resource: 'event', user, path: collection, id };
}
