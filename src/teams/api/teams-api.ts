/**
 * The tab's client of the backend (/api/teams): every call carries the SSO token the host gives;
 * a refused token is renewed once and the call repeated; failures come out as TeamsApiError with
 * the backend's code (or network_error when there was no answer), which the UI turns into a
 * sentence, an "authorize" panel, or a retry.
 */
import type { TeamsHost } from '../host/teams-host';
import type { PeopleResponse, Person, SpeedDial, SpeedDialsResponse } from '../../core/teams-api-types';

export class TeamsApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Seconds the backend asked to wait (503, 429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TeamsApiError';
  }
}

/** Codes that only the user (or an admin) can fix by authorizing the app. */
const AUTHORIZE_CODES = new Set(['consent_required', 'interaction_required']);
/** Codes of a refused bearer that a fresh SSO token may fix. */
const STALE_TOKEN_CODES = new Set(['token_expired', 'token_invalid', 'token_not_yet_valid', 'sso_token_rejected']);

export function needsAuthorization(e: unknown): boolean {
  return e instanceof TeamsApiError && AUTHORIZE_CODES.has(e.code);
}

export interface TeamsApi {
  me(): Promise<Person>;
  speedDials(): Promise<SpeedDialsResponse>;
  saveSpeedDials(speedDials: SpeedDial[]): Promise<SpeedDialsResponse>;
  contacts(cursor?: string): Promise<PeopleResponse>;
  searchDirectory(query: string): Promise<PeopleResponse>;
  chatMembers(chatId: string): Promise<PeopleResponse>;
  channelMembers(teamId: string, channelId: string): Promise<PeopleResponse>;
  /** The user's photo, or undefined when they have none. */
  photo(userId: string): Promise<Blob | undefined>;
}

export interface TeamsApiOptions {
  /** The backend, e.g. https://webex.example.com (the /api prefix is added here). */
  baseUrl: string;
  host: Pick<TeamsHost, 'getSsoToken'>;
  fetch?: typeof fetch;
}

async function toError(res: Response): Promise<TeamsApiError> {
  let code = `http_${res.status}`;
  let message = res.statusText || 'The request failed.';
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not our error body (a proxy's page): the status says enough.
  }
  const retryAfter = Number(res.headers.get('Retry-After'));
  return new TeamsApiError(code, res.status, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

export function createTeamsApi(options: TeamsApiOptions): TeamsApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  const send = async (method: string, path: string, body: unknown, forceRefresh: boolean): Promise<Response> => {
    const token = await options.host.getSsoToken({ forceRefresh });
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await doFetch(`${base}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new TeamsApiError('network_error', 0, e instanceof Error ? e.message : 'The service could not be reached.');
    }
  };

  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let res = await send(method, path, body, false);
    if (res.status === 401) {
      const error = await toError(res.clone());
      if (!STALE_TOKEN_CODES.has(error.code)) throw error;
      res = await send(method, path, body, true);
    }
    if (!res.ok) throw await toError(res);
    return res;
  };

  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => (await call(method, path, body)).json() as Promise<T>;

  return {
    me: async () => (await json<{ person: Person }>('GET', '/teams/me')).person,
    speedDials: () => json('GET', '/teams/speed-dials'),
    saveSpeedDials: (speedDials) => json('PUT', '/teams/speed-dials', { speedDials }),
    contacts: (cursor) => json('GET', `/teams/contacts${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
    searchDirectory: (query) => json('GET', `/teams/directory?q=${encodeURIComponent(query)}`),
    chatMembers: (chatId) => json('GET', `/teams/chats/${encodeURIComponent(chatId)}/members`),
    channelMembers: (teamId, channelId) =>
      json('GET', `/teams/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/members`),
    async photo(userId) {
      try {
        return await (await call('GET', `/teams/users/${encodeURIComponent(userId)}/photo`)).blob();
      } catch (e) {
        if (e instanceof TeamsApiError && e.code === 'photo_not_found') return undefined;
        throw e;
      }
    },
  };
}
