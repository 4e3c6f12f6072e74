/**
 * /v1/meetings: Create, List, Get, Patch, Update (PUT) and Delete a Meeting, following
 * webex-meeting.json. Every call that names a meeting is written to that meeting's call log
 * (GET /_emulator/meetings), with its sendEmail and the emails Webex would have sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, WebexError } from './webex-error';
import { readPageRequest, sendPage } from './list-paging';
import { readMeetingBody } from './meeting-input';
import { checkNewInvitees } from './meeting-invitees';
import { checkTimeZone } from './meeting-schedule';
import { siteOf, type Occurrence, type SeriesRecord } from './meeting-store';
import { occurrenceJson, seriesJson, MeetingJson, ViewContext } from './meeting-view';
import { parseIsoDateTime, DAY_MS } from './meeting-time';
import { actingHost, authenticate, callLogger, Caller, type CallOutcome, READ_SCOPES, requireScope, WRITE_SCOPES } from './request-auth';
import { hostOf, WebexState } from './webex-state';

type Query = Record<string, string | undefined>;

function boolParam(q: Query, name: string): boolean | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest('meeting.query.invalid', `The value of ${name} must be true or false.`);
}

function responseZone(req: FastifyRequest): string {
  const header = req.headers.timezone;
  const tz = Array.isArray(header) ? header[0] : header;
  if (tz === undefined || tz === '') return 'UTC';
  checkTimeZone(tz);
  return tz;
}

function emailsFor(series: SeriesRecord, sendEmail: boolean | undefined): number {
  return sendEmail === false ? 0 : 1 + series.invitees.length;
}

export function registerMeetingRoutes(app: FastifyInstance, state: WebexState): void {
  const log = callLogger(state);

  const view = (caller: Caller, timeZone: string): ViewContext => ({ timeZone, clientId: caller.clientId, nowMs: state.clock.now() });
  const seriesView = (series: SeriesRecord, ctx: ViewContext, current = false): MeetingJson =>
    seriesJson(series, ctx, state.meetings.currentOccurrence(series, ctx.nowMs), current);

  /** The meeting named by the path, if the acting host hosts it; 404 otherwise (also for another host's meeting). */
  const lookup = (id: string, hostEmail: string | undefined): { series: SeriesRecord; occurrence?: Occurrence } => {
    const found = state.meetings.find(id);
    if (!found || !hostEmail || found.series.host.email !== hostEmail) {
      throw new WebexError(404, 'meeting.notFound', 'The requested meeting could not be found.');
    }
    return found;
  };

  app.post('/v1/meetings', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, WRITE_SCOPES);
    const raw = req.body as Record<string, unknown> | undefined;
    const rawHost = raw && typeof raw.hostEmail === 'string' && raw.hostEmail.trim() !== '' ? raw.hostEmail : undefined;
    const acting = actingHost(state, caller, rawHost, 'write');
    if (!acting.host) throw badRequest('meeting.hostEmail.required', 'hostEmail is required when the token does not belong to a user.');
    state.countCreate(caller.name, acting.host.email, acting.onBehalf);
    const body = readMeetingBody(raw, 'create');
    if (body.invitees) checkNewInvitees(state.directory, acting.host, [], body.invitees);
    const now = state.clock.now();
    const series = state.meetings.create(hostOf(acting.host), caller.clientId, body, now);
    log(series, caller, acting.onBehalf, 'POST', 'create', series.id, {
      status: 200,
      sendEmail: body.sendEmail ?? true,
      emailsSent: emailsFor(series, body.sendEmail),
    });
    return reply.code(200).send(seriesView(series, view(caller, series.timezone)));
  });

  app.get<{ Querystring: Query }>('/v1/meetings', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, READ_SCOPES);
    const q = req.query;
    const tz = responseZone(req);
    const ctx = view(caller, tz);
    const exclusive = ['meetingNumber', 'webLink', 'roomId'].filter((k) => q[k]);
    if (exclusive.length > 1) throw badRequest('meeting.query.exclusive', 'meetingNumber, webLink and roomId are mutually exclusive.');
    const paging = readPageRequest(q, 'meeting');
    const meetingType = q.meetingType;
    if (meetingType !== undefined && !['meetingSeries', 'scheduledMeeting', 'meeting'].includes(meetingType)) {
      throw badRequest('meeting.query.meetingType', 'meetingType must be meetingSeries, scheduledMeeting or meeting.');
    }
    const isModified = boolParam(q, 'isModified');
    const current = boolParam(q, 'current');
    const acting = actingHost(state, caller, q.hostEmail, 'read');
    const now = state.clock.now();

    const parseBound = (name: 'from' | 'to'): number | undefined => {
      const v = q[name];
      if (v === undefined || v === '') return undefined;
      const parsed = parseIsoDateTime(v, tz);
      if (!parsed) throw badRequest(`meeting.query.${name}`, `${name} must be a date and time in ISO 8601 format.`);
      return parsed.instantMs;
    };
    let from = parseBound('from');
    let to = parseBound('to');
    if (from !== undefined && to !== undefined && from > to) throw badRequest('meeting.query.range', '`from` cannot be after `to`.');
    // Defaults of the spec: instances look back a week from now, series and scheduled meetings ahead.
    if (meetingType === 'meeting') {
      to ??= from !== undefined ? from + 7 * DAY_MS : now;
      from ??= to - 7 * DAY_MS;
    } else {
      from ??= to !== undefined ? to - 7 * DAY_MS : now;
      to ??= from + 7 * DAY_MS;
    }

    const mine = acting.host ? state.meetings.hostedBy(acting.host.email) : [];
    let items: MeetingJson[] = [];
    const stateOk = (json: MeetingJson) => q.state === undefined || json.state === q.state;

    if (q.meetingSeriesId) {
      const series = mine.find((s) => s.id === q.meetingSeriesId);
      if (series && meetingType !== 'meeting') {
        items = state.meetings
          .occurrences(series, from, to)
          .filter((o) => isModified === undefined || (o.override !== undefined) === isModified)
          .map((o) => occurrenceJson(o, ctx))
          .filter(stateOk);
      }
    } else if (q.meetingNumber || q.webLink) {
      const match = mine.find((s) => (q.meetingNumber ? s.meetingNumber === q.meetingNumber : s.webLink === q.webLink));
      if (match) {
        const upcoming = state.meetings.currentOccurrence(match, now);
        items = [current === false || !upcoming ? seriesView(match, ctx) : occurrenceJson(upcoming, ctx)];
      }
    } else if (q.roomId) {
      items = [];
    } else {
      const tag = q.integrationTag;
      const candidates = mine.filter(
        (s) =>
          (!tag || (s.tags.get(caller.clientId) ?? []).includes(tag)) &&
          (!q.siteUrl || siteOf(s) === q.siteUrl.toLowerCase()) &&
          (!q.scheduledType || s.scheduledType === q.scheduledType),
      );
      if (meetingType === 'scheduledMeeting') {
        items = candidates
          .flatMap((s) => state.meetings.occurrences(s, from, to))
          .filter((o) => isModified === undefined || (o.override !== undefined) === isModified)
          .sort((a, b) => a.startMs - b.startMs)
          .map((o) => occurrenceJson(o, ctx))
          .filter(stateOk);
      } else if (meetingType !== 'meeting') {
        items = candidates
          .filter((s) => state.meetings.occurrences(s, from, to, 1).length > 0)
          .sort((a, b) => a.startMs - b.startMs)
          .map((s) => seriesView(s, ctx, current !== false))
          .filter(stateOk);
      }
      // meetingType=meeting lists started and ended instances; nobody joins emulated meetings.
    }

    return sendPage(req, reply, q, paging, items);
  });

  app.get<{ Params: { meetingId: string }; Querystring: Query }>('/v1/meetings/:meetingId', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, READ_SCOPES);
    const tz = responseZone(req);
    const current = boolParam(req.query, 'current');
    const acting = actingHost(state, caller, req.query.hostEmail, 'read');
    const { series, occurrence } = lookup(req.params.meetingId, acting.host?.email);
    const ctx = view(caller, tz);
    log(series, caller, acting.onBehalf, 'GET', 'get', req.params.meetingId, { status: 200, emailsSent: 0 });
    if (occurrence) return reply.send(occurrenceJson(occurrence, ctx));
    if (current) {
      const upcoming = state.meetings.currentOccurrence(series, ctx.nowMs);
      if (upcoming) return reply.send(occurrenceJson(upcoming, ctx));
    }
    return reply.send(seriesView(series, ctx));
  });

  const update = (mode: 'patch' | 'put') => async (req: FastifyRequest<{ Params: { meetingId: string } }>, reply: FastifyReply) => {
    const caller = authenticate(state, req);
    requireScope(caller, WRITE_SCOPES);
    const raw = req.body as Record<string, unknown> | undefined;
    const rawHost = raw && typeof raw.hostEmail === 'string' && raw.hostEmail.trim() !== '' ? raw.hostEmail : undefined;
    const acting = actingHost(state, caller, rawHost, 'write');
    const { series, occurrence } = lookup(req.params.meetingId, acting.host?.email);
    const logUpdate = (outcome: CallOutcome) =>
      log(
        series,
        caller,
        acting.onBehalf,
        mode === 'patch' ? 'PATCH' : 'PUT',
        mode === 'patch' ? 'update' : 'replace',
        req.params.meetingId,
        outcome,
      );
    try {
      const body = readMeetingBody(raw, mode);
      const now = state.clock.now();
      if (occurrence) {
        const changed = state.meetings.updateOccurrence(occurrence, caller.clientId, body, mode, now);
        logUpdate({
          status: 200,
          sendEmail: body.sendEmail ?? true,
          emailsSent: emailsFor(series, body.sendEmail),
        });
        return reply.send(occurrenceJson(changed, view(caller, series.timezone)));
      }
      const dropped = state.meetings.updateSeries(series, caller.clientId, body, mode, now);
      logUpdate({
        status: 200,
        sendEmail: body.sendEmail ?? true,
        emailsSent: emailsFor(series, body.sendEmail),
        ...(dropped > 0 ? { droppedExceptions: dropped } : {}),
      });
      return reply.send(seriesView(series, view(caller, series.timezone)));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      logUpdate({ status: err instanceof WebexError ? err.status : 500, emailsSent: 0 });
      throw err;
    }
  };
  app.patch('/v1/meetings/:meetingId', update('patch'));
  app.put('/v1/meetings/:meetingId', update('put'));

  app.delete<{ Params: { meetingId: string }; Querystring: Query }>('/v1/meetings/:meetingId', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, WRITE_SCOPES);
    const sendEmail = boolParam(req.query, 'sendEmail') ?? true;
    const acting = actingHost(state, caller, req.query.hostEmail, 'write');
    const { series, occurrence } = lookup(req.params.meetingId, acting.host?.email);
    const now = state.clock.now();
    if (occurrence) state.meetings.cancelOccurrence(occurrence, now);
    else state.meetings.deleteSeries(series, now);
    log(series, caller, acting.onBehalf, 'DELETE', 'delete', req.params.meetingId, {
      status: 204,
      sendEmail,
      emailsSent: emailsFor(series, sendEmail),
    });
    return reply.code(204).send();
  });
}
