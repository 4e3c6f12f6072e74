/**
 * Which of the Teams calling tab's Graph resources a URL names: personal contacts, open extensions
 * on the user, the directory search (`/users?$search=`), profile photos, chat members and channel
 * members; and a user read with `$expand=extensions`, since the open extensions live with the
 * other resources of this file. Segments match case-insensitively and keys may be written as a segment or in OData's key
 * syntax (`/contacts('{id}')`), as for the other Graph routes (graph-route.ts). A path this file
 * does not know resolves to undefined and goes on to the calendar and directory routes.
 */
import { pathSegments, type Segment, type UserRef } from './graph-route';

export type TeamsGraphRoute =
  | { resource: 'contacts'; user: UserRef }
  | { resource: 'contact'; user: UserRef; id: string }
  | { resource: 'extensions'; user: UserRef }
  | { resource: 'extension'; user: UserRef; id: string }
  | { resource: 'usersSearch' }
  | { resource: 'photoValue'; user: UserRef }
  | { resource: 'chatMembers'; user: UserRef | undefined; chatId: string }
  | { resource: 'channelMembers'; teamId: string; channelId: string }
  | { resource: 'userWithExtensions'; user: UserRef };

/** The methods each resource answers; others are 405. */
export const TEAMS_ALLOWED_METHODS: Record<TeamsGraphRoute['resource'], readonly string[]> = {
  contacts: ['GET'],
  contact: ['GET'],
  extensions: ['GET', 'POST'],
  extension: ['GET', 'PATCH', 'DELETE'],
  usersSearch: ['GET'],
  photoValue: ['GET'],
  chatMembers: ['GET'],
  channelMembers: ['GET'],
  userWithExtensions: ['GET'],
};

const is = (segment: Segment | undefined, name: string): boolean =>
  segment !== undefined && segment.name.toLowerCase() === name.toLowerCase();

/** `[collection, id?, ...rest]` where the id may be the collection's OData key instead of a segment. */
function keyed(segments: Segment[], at: number): { id?: string; rest: Segment[] } {
  const collection = segments[at]!;
  if (collection.key !== undefined) return { id: collection.key, rest: segments.slice(at + 1) };
  const next = segments[at + 1];
  return { id: next?.raw, rest: segments.slice(at + 2) };
}

function resolveUserScoped(user: UserRef, rest: Segment[], expandsExtensions: boolean): TeamsGraphRoute | undefined {
  const first = rest[0];
  if (!first) return expandsExtensions ? { resource: 'userWithExtensions', user } : undefined;
  if (is(first, 'contacts')) {
    const { id, rest: after } = keyed(rest, 0);
    if (after.length) return undefined;
    return id === undefined ? { resource: 'contacts', user } : { resource: 'contact', user, id };
  }
  if (is(first, 'extensions')) {
    const { id, rest: after } = keyed(rest, 0);
    if (after.length) return undefined;
    return id === undefined ? { resource: 'extensions', user } : { resource: 'extension', user, id };
  }
  if (is(first, 'photo') && first.key === undefined && rest.length === 2 && rest[1]!.name === '$value')
    return { resource: 'photoValue', user };
  if (is(first, 'chats')) {
    const { id, rest: after } = keyed(rest, 0);
    if (id !== undefined && after.length === 1 && is(after[0], 'members') && after[0]!.key === undefined)
      return { resource: 'chatMembers', user, chatId: id };
  }
  return undefined;
}

/**
 * Resolves the path after the version ("me/contacts", "teams/{id}/channels/{id}/members") to a
 * Teams tab route, or undefined. `hasSearch` says whether the query string carries $search, which
 * turns `/users` into the directory search; `expandsExtensions` whether its $expand names
 * `extensions`, which turns `/me` or `/users/{id}` into a read of the user with them.
 */
export function resolveTeamsGraphRoute(path: string, hasSearch: boolean, expandsExtensions = false): TeamsGraphRoute | undefined {
  const segments = pathSegments(path);
  const first = segments[0];
  if (!first) return undefined;
  if (is(first, 'me') && first.key === undefined) return resolveUserScoped({ kind: 'me' }, segments.slice(1), expandsExtensions);
  if (is(first, 'users')) {
    if (segments.length === 1 && first.key === undefined) return hasSearch ? { resource: 'usersSearch' } : undefined;
    const { id, rest } = keyed(segments, 0);
    if (id === undefined) return undefined;
    return resolveUserScoped({ kind: 'key', key: id }, rest, expandsExtensions);
  }
  if (is(first, 'chats')) {
    const { id, rest } = keyed(segments, 0);
    if (id !== undefined && rest.length === 1 && is(rest[0], 'members') && rest[0]!.key === undefined)
      return { resource: 'chatMembers', user: undefined, chatId: id };
    return undefined;
  }
  if (is(first, 'teams')) {
    const { id: teamId, rest } = keyed(segments, 0);
    if (teamId === undefined || !is(rest[0], 'channels')) return undefined;
    const { id: channelId, rest: after } = keyed(rest, 0);
    if (channelId !== undefined && after.length === 1 && is(after[0], 'members') && after[0]!.key === undefined) {
      return { resource: 'channelMembers', teamId, channelId };
    }
  }
  return undefined;
}
