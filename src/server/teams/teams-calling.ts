/**
 * The Graph reads and writes behind the Teams calling tab, each one call (or a few in parallel) on
 * the signed-in user's behalf. Nothing is stored: what Graph answers is reduced to what the tab
 * shows (people.ts) and passed on; the speed dials live in the user's open extension
 * (speed-dials-extension.ts).
 */
import { GraphError } from '../graph/graph-error';
import type { GraphCall } from '../graph/graph-client';
import type { GraphCollection } from '../graph/graph-types';
import { DomainError } from '../errors';
import { cursorOfLink, isGraphLink, linkOfCursor } from './graph-page-cursor';
import {
  CONTACT_SELECT,
  directorySearchExpression,
  mergePerson,
  personFromContact,
  personFromMember,
  personFromUser,
  USER_SELECT,
} from './people';
import {
  extensionBytes,
  MAX_EXTENSION_BYTES,
  MAX_SPEED_DIALS,
  SPEED_DIALS_EXTENSION,
  speedDialsFromExtension,
  speedDialsToProperties,
} from './speed-dials-extension';
import type { PeopleResponse, Person, SpeedDial, SpeedDialsResponse } from '../../core/teams-api-types';

/** Graph as the signed-in user (GraphClient.request with the user's on-behalf-of tokens). */
export interface UserGraph {
  /** The caller's object id. */
  userId: string;
  request<T>(call: Omit<GraphCall, 'auth'>): Promise<T>;
}

export interface TeamsCallingOptions {
  /** e.g. https://graph.microsoft.com: where the beta endpoint is. */
  graphBaseUrl: string;
  /** Members whose phone numbers are looked up in the directory, per chat or channel. */
  maxEnrichedMembers?: number;
}

export interface UserPhoto {
  bytes: Buffer;
  contentType: string;
}

export interface TeamsCalling {
  me(g: UserGraph): Promise<Person>;
  speedDials(g: UserGraph): Promise<SpeedDialsResponse>;
  saveSpeedDials(g: UserGraph, speedDials: SpeedDial[]): Promise<SpeedDialsResponse>;
  contacts(g: UserGraph, cursor?: string): Promise<PeopleResponse>;
  contact(g: UserGraph, id: string): Promise<Person>;
  searchDirectory(g: UserGraph, query: string): Promise<PeopleResponse>;
  user(g: UserGraph, id: string): Promise<Person>;
  photo(g: UserGraph, userId: string): Promise<UserPhoto | undefined>;
  chatMembers(g: UserGraph, chatId: string): Promise<PeopleResponse>;
  channelMembers(g: UserGraph, teamId: string, channelId: string): Promise<PeopleResponse>;
}

const CONTACTS_PAGE = 50;
/** Where the pages of the user's contacts are, under the Graph base URL. */
const CONTACT_PAGES = /^\/v1\.0\/(me|users\/[^/]+)\/contacts$/i;
const SEARCH_PAGE = 25;
const EXTENSION_PATH = `/me/extensions/${encodeURIComponent(SPEED_DIALS_EXTENSION)}`;

const isGraphStatus = (e: unknown, ...statuses: number[]): e is GraphError => e instanceof GraphError && statuses.includes(e.status);

export function createTeamsCalling(options: TeamsCallingOptions): TeamsCalling {
  const graphOrigin = new URL(options.graphBaseUrl).origin;
  const maxEnriched = options.maxEnrichedMembers ?? 20;

  const extensionExists = async (g: UserGraph): Promise<boolean> => {
    try {
      await g.request({ path: EXTENSION_PATH });
      return true;
    } catch (e) {
      if (isGraphStatus(e, 404)) return false;
      throw e;
    }
  };

  const readSpeedDials = async (g: UserGraph): Promise<SpeedDial[]> => {
    try {
      return speedDialsFromExtension(await g.request<Record<string, unknown>>({ path: EXTENSION_PATH }));
    } catch (e) {
      if (isGraphStatus(e, 404)) return [];
      throw e;
    }
  };

  const user = async (g: UserGraph, id: string): Promise<Person> =>
    personFromUser(
      await g.request<Record<string, unknown>>({ path: `/users/${encodeURIComponent(id)}`, query: { $select: USER_SELECT.join(',') } }),
    );

  /** Members other than the caller, the first few completed with their directory details (phones), in parallel. */
  const others = async (g: UserGraph, members: Array<Record<string, unknown>>): Promise<Person[]> => {
    const people = members
      .map(personFromMember)
      .filter((p): p is Person => p !== undefined && p.id.toLowerCase() !== g.userId.toLowerCase());
    return Promise.all(
      people.map(async (p, i) => {
        if (i >= maxEnriched) return p;
        try {
          return mergePerson(p, await user(g, p.id));
        } catch (e) {
          // A guest or a removed account is still shown, without phones; anything else is a real failure.
          if (isGraphStatus(e, 403, 404)) return p;
          throw e;
        }
      }),
    );
  };

  return {
    async me(g) {
      return personFromUser(await g.request<Record<string, unknown>>({ path: '/me', query: { $select: USER_SELECT.join(',') } }));
    },

    async speedDials(g) {
      return { speedDials: await readSpeedDials(g), max: MAX_SPEED_DIALS };
    },

    async saveSpeedDials(g, speedDials) {
      if (speedDials.length === 0) {
        // Nothing to keep: the extension goes, rather than an empty one staying in the profile.
        try {
          await g.request({ method: 'DELETE', path: EXTENSION_PATH });
        } catch (e) {
          if (!isGraphStatus(e, 404)) throw e;
        }
        return { speedDials: [], max: MAX_SPEED_DIALS };
      }
      const properties = speedDialsToProperties(speedDials);
      if (extensionBytes(properties) > MAX_EXTENSION_BYTES) {
        throw new DomainError(
          'invalid',
          'speed_dials_full',
          'These speed dials do not fit in your profile; remove one or use shorter names.',
        );
      }
      const body = { '@odata.type': 'microsoft.graph.openTypeExtension', extensionName: SPEED_DIALS_EXTENSION, ...properties };
      // Directory objects: PATCH replaces every property, so the whole list is written each time.
      const update = () => g.request({ method: 'PATCH', path: EXTENSION_PATH, body, idempotent: true });
      // Read, then update or create: no Graph page says what creating an extension that exists
      // answers, so that answer is not what tells the two apart.
      if (await extensionExists(g)) {
        await update();
      } else {
        try {
          await g.request({ method: 'POST', path: '/me/extensions', body });
        } catch (e) {
          // Created meanwhile by another device (whatever Graph answered): write over it.
          if (!(e instanceof GraphError) || !(await extensionExists(g))) throw e;
          await update();
        }
      }
      return { speedDials: speedDialsFromExtension(properties as unknown as Record<string, unknown>), max: MAX_SPEED_DIALS };
    },

    async contacts(g, cursor) {
      let page: GraphCollection<Record<string, unknown>>;
      if (cursor === undefined) {
        page = await g.request({
          path: '/me/contacts',
          query: { $select: CONTACT_SELECT.join(','), $orderby: 'displayName', $top: CONTACTS_PAGE },
        });
      } else {
        // The next page is the nextLink Graph gave, as it gave it (graph-page-cursor.ts).
        const link = linkOfCursor(cursor, options.graphBaseUrl, CONTACT_PAGES);
        if (!link) throw new DomainError('invalid', 'invalid_request', 'The cursor is not one this API gave out.');
        page = await g.request({ path: link });
      }
      const response: PeopleResponse = { people: (page.value ?? []).map(personFromContact) };
      const next = page['@odata.nextLink'];
      if (next !== undefined && next !== null) {
        // A link elsewhere is not followed, and not handed out: the user's token would go with it.
        if (typeof next !== 'string' || !isGraphLink(next, options.graphBaseUrl, CONTACT_PAGES))
          throw new GraphError({ status: 200, code: 'graph_invalid_response' });
        response.next = cursorOfLink(next);
      }
      return response;
    },

    async contact(g, id) {
      return personFromContact(
        await g.request<Record<string, unknown>>({
          path: `/me/contacts/${encodeURIComponent(id)}`,
          query: { $select: CONTACT_SELECT.join(',') },
        }),
      );
    },

    async searchDirectory(g, query) {
      const page = await g.request<GraphCollection<Record<string, unknown>>>({
        path: '/users',
        query: { $search: directorySearchExpression(query), $select: USER_SELECT.join(','), $top: SEARCH_PAGE, $orderby: 'displayName' },
        // Advanced query: $search on directory objects works only with eventual consistency.
        headers: { ConsistencyLevel: 'eventual' },
      });
      return { people: (page.value ?? []).map(personFromUser) };
    },

    user,

    async photo(g, userId) {
      try {
        const blob = await g.request<Blob>({ path: `/users/${encodeURIComponent(userId)}/photo/$value` });
        if (!(blob instanceof Blob)) return undefined;
        return { bytes: Buffer.from(await blob.arrayBuffer()), contentType: blob.type || 'image/jpeg' };
      } catch (e) {
        if (isGraphStatus(e, 404)) return undefined;
        throw e;
      }
    },

    async chatMembers(g, chatId) {
      // The beta endpoint under /me: Chat.ReadBasic is enough, and the caller's membership is checked by Graph.
      const page = await g.request<GraphCollection<Record<string, unknown>>>({
        path: `${graphOrigin}/beta/me/chats/${encodeURIComponent(chatId)}/members`,
      });
      return { people: await others(g, page.value ?? []) };
    },

    async channelMembers(g, teamId, channelId) {
      const page = await g.request<GraphCollection<Record<string, unknown>>>({
        path: `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/members`,
      });
      return { people: await others(g, page.value ?? []) };
    },
  };
}
