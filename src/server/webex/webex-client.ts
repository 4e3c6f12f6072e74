/**
 * The backend's one way to call the Webex Meetings API (docs/architecture.md#conventions, rule 6).
 * Every call goes through sendWithRetry: per-attempt timeout, Retry-After honoured, POST never
 * repeated blindly.
 *
 * Webex e-mails host and invitees by default on create, update and delete; Outlook already sends
 * the invitation, so every call here says `sendEmail: false` unless the caller says otherwise.
 *
 * Each call carries a TrackingID header of our own (`WSO_<uuid>_<attempt>`), which Webex logs, so
 * that a support case can name the exact request; errors carry the tracking id Webex answered with.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../outbound/clock';
import { systemClock } from '../outbound/clock';
import type { RetryPolicy } from '../outbound/retry-policy';
import { sendWithRetry, type OutboundClientOptions } from '../outbound/send-with-retry';
import { parseNextLink } from './parse-next-link';
import { WebexError, webexErrorFromResponse } from './webex-error';
import type {
  WebexCreateMeetingRequest,
  WebexInviteeRequest,
  WebexListMeetingsQuery,
  WebexMeeting,
  WebexMeetingInvitee,
  WebexMeetingTemplate,
  WebexMeetingTemplateDetails,
  WebexPatchMeetingRequest,
  WebexPerson,
  WebexReplaceMeetingRequest,
  WebexSite,
} from './webex-types';

export interface WebexClientOptions extends OutboundClientOptions {
  /** e.g. https://webexapis.com/v1 (config.webex.apiBaseUrl). */
  baseUrl: string;
}

export interface DeleteMeetingOptions {
  /** Default false: Outlook tells the attendees, not Webex. */
  sendEmail?: boolean;
  /** Admin mode: the host whose meeting it is. */
  hostEmail?: string;
}

export interface GetMeetingOptions {
  hostEmail?: string;
  /** For a series: the current or next occurrence instead of the series. */
  current?: boolean;
  /**
   * The IANA zone to render start and end in (Webex's `timezone` request header). Without it Webex
   * answers in UTC, and the meeting's own zone cannot be read back.
   */
  timezone?: string;
}

export interface ListMeetingsOptions {
  /** Stop after this many pages (default 50) so that a looping Link header cannot hold a worker. */
  maxPages?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

interface SendRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under baseUrl, or an absolute URL on the same origin (a Link target). */
  path: string;
  query?: Query;
  body?: unknown;
  idempotent?: boolean;
  headers?: Record<string, string>;
}

export class WebexClient {
  private readonly baseUrl: string;
  private readonly origin: string;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private readonly policy: Partial<RetryPolicy>;

  constructor(private readonly options: WebexClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.fetchImpl = options.fetch ?? fetch;
    this.clock = options.clock ?? systemClock;
    this.policy = {
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxRetries === undefined ? undefined : options.maxRetries + 1,
      maxRetryAfterMs: options.maxRetryAfterMs,
    };
  }

  createMeeting(token: string, body: WebexCreateMeetingRequest): Promise<WebexMeeting> {
    return this.json<WebexMeeting>(token, { method: 'POST', path: '/meetings', body: { sendEmail: false, ...body } });
  }

  getMeeting(token: string, meetingId: string, options: GetMeetingOptions = {}): Promise<WebexMeeting> {
    return this.json<WebexMeeting>(token, {
      method: 'GET',
      path: `/meetings/${encodeURIComponent(meetingId)}`,
      query: { hostEmail: options.hostEmail, current: options.current },
      ...(options.timezone ? { headers: { timezone: options.timezone } } : {}),
    });
  }

  /** PATCH: only the given fields change. */
  updateMeeting(token: string, meetingId: string, patch: WebexPatchMeetingRequest): Promise<WebexMeeting> {
    return this.json<WebexMeeting>(token, {
      method: 'PATCH',
      path: `/meetings/${encodeURIComponent(meetingId)}`,
      body: { sendEmail: false, ...patch },
      // Our patches set absolute values (title, start, end...), so sending one twice changes nothing.
      idempotent: true,
    });
  }

  /** PUT: the whole meeting. */
  replaceMeeting(token: string, meetingId: string, body: WebexReplaceMeetingRequest): Promise<WebexMeeting> {
    return this.json<WebexMeeting>(token, {
      method: 'PUT',
      path: `/meetings/${encodeURIComponent(meetingId)}`,
      body: { sendEmail: false, ...body },
    });
  }

  /** Deletes a series or one occurrence (`<seriesId>_<UTC start>`). Throws webex_not_found when it is gone already. */
  async deleteMeeting(token: string, meetingId: string, options: DeleteMeetingOptions = {}): Promise<void> {
    await this.send(token, {
      method: 'DELETE',
      path: `/meetings/${encodeURIComponent(meetingId)}`,
      query: { sendEmail: options.sendEmail ?? false, hostEmail: options.hostEmail },
    });
  }

  /** Every meeting matching the query, following Link rel="next" across pages. */
  async listMeetings(token: string, query: WebexListMeetingsQuery = {}, options: ListMeetingsOptions = {}): Promise<WebexMeeting[]> {
    const items: WebexMeeting[] = [];
    const maxPages = options.maxPages ?? 50;
    let next: string | undefined = undefined;
    for (let page = 0; page < maxPages; page++) {
      const req: SendRequest = next ? { method: 'GET', path: next } : { method: 'GET', path: '/meetings', query: { ...query } };
      const { response, body } = await this.send(token, req);
      const list = body as { items?: WebexMeeting[] } | undefined;
      items.push(...(list?.items ?? []));
      next = parseNextLink(response.headers.get('link'), `${this.baseUrl}/meetings`);
      if (!next) return items;
    }
    return items;
  }

  /**
   * Every invitee of a series or of one scheduled meeting (a scheduled meeting lists its series'
   * invitees too, with the series' id as their meetingId), following Link rel="next".
   */
  async listInvitees(
    token: string,
    meetingId: string,
    options: { hostEmail?: string; maxPages?: number } = {},
  ): Promise<WebexMeetingInvitee[]> {
    const items: WebexMeetingInvitee[] = [];
    let next: string | undefined = undefined;
    for (let page = 0; page < (options.maxPages ?? 20); page++) {
      const req: SendRequest = next
        ? { method: 'GET', path: next }
        : { method: 'GET', path: '/meetingInvitees', query: { meetingId, max: 100, hostEmail: options.hostEmail } };
      const { response, body } = await this.send(token, req);
      items.push(...((body as { items?: WebexMeetingInvitee[] } | undefined)?.items ?? []));
      next = parseNextLink(response.headers.get('link'), `${this.baseUrl}/meetingInvitees`);
      if (!next) break;
    }
    return items;
  }

  /** Invites one person (POST: not repeated blindly; a second invitation answers 409). */
  createInvitee(
    token: string,
    meetingId: string,
    invitee: WebexInviteeRequest,
    options: { hostEmail?: string } = {},
  ): Promise<WebexMeetingInvitee> {
    return this.json<WebexMeetingInvitee>(token, {
      method: 'POST',
      path: '/meetingInvitees',
      body: { sendEmail: false, ...invitee, meetingId, ...(options.hostEmail ? { hostEmail: options.hostEmail } : {}) },
    });
  }

  /** Invites up to 100 people at once (Webex's limit for bulkInsert). */
  async bulkInsertInvitees(
    token: string,
    meetingId: string,
    invitees: readonly WebexInviteeRequest[],
    options: { hostEmail?: string } = {},
  ): Promise<WebexMeetingInvitee[]> {
    const answer = await this.json<{ items?: WebexMeetingInvitee[] }>(token, {
      method: 'POST',
      path: '/meetingInvitees/bulkInsert',
      body: {
        meetingId,
        ...(options.hostEmail ? { hostEmail: options.hostEmail } : {}),
        items: invitees.map((i) => ({ sendEmail: false, ...i })),
      },
    });
    return answer.items ?? [];
  }

  /** PUT: the invitee's email, name and alternate-host flag as given. */
  updateInvitee(
    token: string,
    inviteeId: string,
    invitee: WebexInviteeRequest,
    options: { hostEmail?: string } = {},
  ): Promise<WebexMeetingInvitee> {
    return this.json<WebexMeetingInvitee>(token, {
      method: 'PUT',
      path: `/meetingInvitees/${encodeURIComponent(inviteeId)}`,
      body: { sendEmail: false, ...invitee, ...(options.hostEmail ? { hostEmail: options.hostEmail } : {}) },
      idempotent: true,
    });
  }

  /** Removes an invitee (from the whole series when it is a series' invitee). Throws webex_not_found when gone already. */
  async deleteInvitee(token: string, inviteeId: string, options: { hostEmail?: string; sendEmail?: boolean } = {}): Promise<void> {
    await this.send(token, {
      method: 'DELETE',
      path: `/meetingInvitees/${encodeURIComponent(inviteeId)}`,
      query: { sendEmail: options.sendEmail ?? false, hostEmail: options.hostEmail },
    });
  }

  /** The sites the user hosts on, the preferred one `default` (Get Site List; `userEmail` for admin mode). */
  async listSites(token: string, options: { userEmail?: string } = {}): Promise<WebexSite[]> {
    const body = await this.json<{ sites?: WebexSite[] }>(token, {
      method: 'GET',
      path: '/meetingPreferences/sites',
      query: { userEmail: options.userEmail },
    });
    return body.sites ?? [];
  }

  /** The meeting templates of a site (List Meeting Templates, `templateType=meeting`; the preferred site when none is named). */
  async listTemplates(token: string, options: { siteUrl?: string; hostEmail?: string } = {}): Promise<WebexMeetingTemplate[]> {
    const body = await this.json<{ items?: WebexMeetingTemplate[] }>(token, {
      method: 'GET',
      path: '/meetings/templates',
      query: { templateType: 'meeting', siteUrl: options.siteUrl, hostEmail: options.hostEmail },
    });
    return body.items ?? [];
  }

  /** One template with the meeting it creates (Get a Meeting Template). */
  getTemplate(token: string, templateId: string, options: { hostEmail?: string } = {}): Promise<WebexMeetingTemplateDetails> {
    return this.json<WebexMeetingTemplateDetails>(token, {
      method: 'GET',
      path: `/meetings/templates/${encodeURIComponent(templateId)}`,
      query: { hostEmail: options.hostEmail },
    });
  }

  /** People of the caller's organization with this address (List People; others are not listed). */
  async findPeople(token: string, email: string): Promise<WebexPerson[]> {
    const body = await this.json<{ items?: WebexPerson[] }>(token, { method: 'GET', path: '/people', query: { email } });
    return body.items ?? [];
  }

  getMe(token: string): Promise<WebexPerson> {
    return this.json<WebexPerson>(token, { method: 'GET', path: '/people/me' });
  }

  private async json<T>(token: string, req: SendRequest): Promise<T> {
    const { body, response } = await this.send(token, req);
    if (body === undefined) {
      throw new WebexError({
        status: response.status,
        code: 'webex_invalid_response',
        trackingId: response.headers.get('trackingid') ?? undefined,
      });
    }
    return body as T;
  }

  private url(req: SendRequest): string {
    let url: URL;
    if (/^https?:\/\//i.test(req.path)) {
      url = new URL(req.path);
      // A Link header must not send the user's token to another host.
      if (url.origin !== this.origin) {
        throw new WebexError({ status: 502, code: 'webex_invalid_response' });
      }
    } else {
      url = new URL(`${this.baseUrl}${req.path}`);
    }
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  private async send(token: string, req: SendRequest): Promise<{ response: Response; body: unknown }> {
    const url = this.url(req);
    const trackingId = `WSO_${randomUUID()}`;
    const headers: Record<string, string> = { ...req.headers, Authorization: `Bearer ${token}`, Accept: 'application/json' };
    let payload: string | undefined;
    if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(req.body);
    }
    const response = await sendWithRetry(
      (signal, attempt) =>
        this.fetchImpl(url, {
          method: req.method,
          headers: { ...headers, TrackingID: `${trackingId}_${attempt}` },
          body: payload,
          signal,
        }),
      {
        service: 'webex',
        method: req.method,
        idempotent: req.idempotent,
        policy: this.policy,
        clock: this.clock,
        random: this.options.random,
        onRetry: this.options.onRetry,
      },
    );
    if (!response.ok) throw await webexErrorFromResponse(response, this.clock.now(), trackingId);
    const text = await response.text();
    if (text === '') return { response, body: undefined };
    try {
      return { response, body: JSON.parse(text) as unknown };
    } catch {
      throw new WebexError({
        status: response.status,
        code: 'webex_invalid_response',
        trackingId: response.headers.get('trackingid') ?? trackingId,
      });
    }
  }
}
