/**
 * The backend's /api, over fetch with the user's bearer token. One client for the pane, the
 * function command and the launch events. A 401 is retried once with a fresh token (the cached one
 * may have expired between the cache check and the call); every other failure becomes an ApiError
 * with the API's code.
 */
import { ApiError } from './api-error';
import type { InviteeInput } from '../../core/invitees';
import type {
  AlternateHostCandidate,
  DelegationStatus,
  MeResponse,
  MeetingChanges,
  MeetingChoices,
  MeetingDetails,
  MeetingDraft,
  MeetingInvitee,
  MeetingSyncState,
  MicrosoftLinkResponse,
  TemplateOptions,
  TemplateResponse,
  UserSettings,
  WebexAccount,
} from './api-types';

export interface TokenSource {
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface ApiClient {
  getMe(): Promise<MeResponse>;
  updateSettings(update: Partial<UserSettings>): Promise<UserSettings>;
  createMeeting(draft: MeetingDraft): Promise<MeetingDetails>;
  getMeeting(meetingId: string): Promise<MeetingDetails>;
  updateMeeting(meetingId: string, changes: MeetingChanges): Promise<MeetingDetails>;
  deleteMeeting(meetingId: string): Promise<void>;
  /** Whether the Webex meeting is in step with its appointment, and if not, why. */
  getSyncState(meetingId: string): Promise<MeetingSyncState>;
  /** Syncs the appointment now, compared with what Webex has; the state after. */
  retrySync(meetingId: string): Promise<MeetingSyncState>;
  /** Webex's invitees of the meeting (alternate hosts marked). */
  getInvitees(meetingId: string): Promise<MeetingInvitee[]>;
  /** Makes Webex's invitees these; Webex's list after. */
  setInvitees(meetingId: string, invitees: InviteeInput[]): Promise<MeetingInvitee[]>;
  /** For each address (at most 100), whether Webex lets it be an alternate host. */
  alternateHostCandidates(emails: string[]): Promise<AlternateHostCandidate[]>;
  /** The Webex sites the meeting's host may use and their meeting templates. */
  meetingChoices(): Promise<MeetingChoices>;
  /** What a meeting template sets. */
  templateOptions(templateId: string): Promise<TemplateOptions>;
  /** Starts linking Webex: the URL to open in a dialog. */
  startWebexLink(): Promise<{ url: string }>;
  /** Finishes linking Webex with the completion code the dialog's last page gave: the linked account. */
  completeWebexLink(code: string): Promise<WebexAccount>;
  /** The linked Webex account, read from Webex by the backend. */
  webexAccount(): Promise<WebexAccount>;
  unlinkWebex(): Promise<void>;
  /** Asks the backend to follow the user's calendar (on-behalf-of at once, or a consent page to open in a dialog). */
  startMicrosoftLink(): Promise<MicrosoftLinkResponse>;
  /** Withdraws the user's own calendar authorization. */
  unlinkMicrosoft(): Promise<void>;
  /** Whose calendar a delegate works in, and what its owner still has to do; refused unless the user is a delegate. */
  getDelegation(owner: string): Promise<DelegationStatus>;
}

export interface ApiClientOptions {
  baseUrl: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  /**
   * The owner of the calendar the appointment is in, when it is someone else's (a delegate's
   * item): the meeting calls name them (`onBehalfOf`), and the meeting is theirs.
   */
  calendarOwner?: () => Promise<string | undefined>;
}

function retryAfter(response: Response): number | undefined {
  const raw = response.headers.get('Retry-After');
  if (raw === null) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined)?.error;
  const requestId = typeof error?.requestId === 'string' ? error.requestId : (response.headers.get('X-Request-Id') ?? undefined);
  if (typeof error?.code === 'string') {
    return new ApiError(
      error.code,
      response.status,
      typeof error.message === 'string' ? error.message : error.code,
      requestId,
      retryAfter(response),
    );
  }
  return new ApiError('server_error', response.status, `The backend answered ${response.status}.`, requestId, retryAfter(response));
}

/** Requests to /api with the user's token: what every client of the backend's API is built on. */
export interface ApiTransport {
  /** The answer, when it is a success; an ApiError otherwise. */
  send(method: string, path: string, body?: unknown): Promise<Response>;
  /** The answer's JSON, when it is a success; an ApiError otherwise. */
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function createApiTransport(options: Pick<ApiClientOptions, 'baseUrl' | 'tokens' | 'fetch'>): ApiTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function send(method: string, path: string, body?: unknown, forceRefresh = false): Promise<Response> {
    const token = await options.tokens.getToken(forceRefresh ? { forceRefresh: true } : undefined);
    let response: Response;
    try {
      response = await doFetch(`${base}/api${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (thrown) {
      const err = thrown instanceof Error ? thrown : new Error(String(thrown));
      throw new ApiError('network_error', 0, `The backend could not be reached (${err.message}).`);
    }
    if (response.status === 401 && !forceRefresh) return send(method, path, body, true);
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body);
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError('server_error', response.status, 'The backend answered with something that is not JSON.');
    }
  }

  return { send, json };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { send, json } = createApiTransport(options);

  /** A path about the calendar owner's meetings, naming the owner when it is not the user. */
  const ownersPath = async (path: string): Promise<string> => {
    const owner = await options.calendarOwner?.();
    return owner ? `${path}?onBehalfOf=${encodeURIComponent(owner)}` : path;
  };

  /** A meeting path (and a part under it, such as `/sync`), naming the calendar's owner when it is not the user. */
  const meetingPath = (id?: string, under = ''): Promise<string> =>
    ownersPath(`${id === undefined ? '/meetings' : `/meetings/${encodeURIComponent(id)}`}${under}`);

  return {
    getMe: () => json<MeResponse>('GET', '/me'),
    updateSettings: async (update) => (await json<{ settings: UserSettings }>('PUT', '/me/settings', update)).settings,
    createMeeting: async (draft) => json<MeetingDetails>('POST', await meetingPath(), draft),
    getMeeting: async (id) => json<MeetingDetails>('GET', await meetingPath(id)),
    updateMeeting: async (id, changes) => json<MeetingDetails>('PATCH', await meetingPath(id), changes),
    deleteMeeting: async (id) => {
      await send('DELETE', await meetingPath(id));
    },
    getSyncState: async (id) => json<MeetingSyncState>('GET', await meetingPath(id, '/sync')),
    retrySync: async (id) => json<MeetingSyncState>('POST', await meetingPath(id, '/sync/retry'), {}),
    getInvitees: async (id) => (await json<{ items: MeetingInvitee[] }>('GET', await meetingPath(id, '/invitees'))).items,
    setInvitees: async (id, invitees) =>
      (await json<{ items: MeetingInvitee[] }>('PUT', await meetingPath(id, '/invitees'), { items: invitees })).items,
    alternateHostCandidates: async (emails) =>
      (await json<{ items: AlternateHostCandidate[] }>('POST', await ownersPath('/webex/alternate-hosts'), { emails })).items,
    meetingChoices: async () => json<MeetingChoices>('GET', await ownersPath('/webex/meeting-choices')),
    templateOptions: async (id) =>
      (await json<TemplateResponse>('GET', await ownersPath(`/webex/templates/${encodeURIComponent(id)}`))).options,
    startWebexLink: () => json<{ url: string }>('POST', '/webex/link', {}),
    completeWebexLink: async (code) => {
      const { email } = await json<{ email?: string }>('POST', '/webex/link/complete', { code });
      return email ? { email } : {};
    },
    webexAccount: () => json<WebexAccount>('GET', '/webex/account'),
    unlinkWebex: async () => {
      await send('DELETE', '/webex/link');
    },
    startMicrosoftLink: () => json<MicrosoftLinkResponse>('POST', '/microsoft/link', {}),
    unlinkMicrosoft: async () => {
      await send('DELETE', '/microsoft/link');
    },
    getDelegation: (owner) => json<DelegationStatus>('GET', `/delegation?owner=${encodeURIComponent(owner)}`),
  };
}
