/**
 * /v1/meetingInvitees: List, Get, Create, Create in bulk (bulkInsert), Update (PUT) and Delete a
 * Meeting Invitee, following webex-meeting.json. Every call is written to the meeting's call log
 * (GET /_emulator/meetings) with its sendEmail and the e-mails Webex would have sent.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readPageRequest, sendPage } from './list-paging';
import { BULK_INSERT_MAX, checkAlternateHost, checkNewInvitees, inviteeJson, readInvitee, type StoredInvitee } from './meeting-invitees';
import { newInvitee, type Occurrence, type SeriesRecord } from './meeting-store';
import { actingHost, authenticate, callLogger, READ_SCOPES, requireScope, WRITE_SCOPES } from './request-auth';
import { badRequest, WebexError } from './webex-error';
import type { WebexState } from './webex-state';

type Query = Record<string, string | undefined>;
type Json = Record<string, unknown>;

function notFound(what = 'meeting'): WebexError {
  return new WebexError(404, `${what === 'meeting' ? 'meeting' : 'meetingInvitee'}.notFound`, `The requested ${what} could not be found.`);
}

function body(raw: unknown): Json {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badRequest('meetingInvitee.body.invalid', 'The request body must be a JSON object.');
  return raw as Json;
}

function hostEmailOf(b: Json): string | undefined {
  return typeof b.hostEmail === 'string' && b.hostEmail.trim() !== '' ? b.hostEmail : undefined;
}

function sendEmailParam(q: Query): boolean {
  const v = q.sendEmail;
  if (v === undefined || v === '') return true;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw badRequest('meeting.query.invalid', 'The value of sendEmail must be true or false.');
}

/** Where an invitee lives: its series' list, or one scheduled meeting's. */
interface FoundInvitee {
  series: SeriesRecord;
  invitee: StoredInvitee;
  /** The list holding it. */
  list: StoredInvitee[];
  /** The meeting it belongs to (series id or `<seriesId>_<stamp>`). */
  meetingId: string;
}

export function registerInviteeRoutes(app: FastifyInstance, state: WebexState): void {
  const logCall = callLogger(state);

  /** A write that names its host in the body: the caller (holding a write scope), the body, and who acts as host. */
  const authorizedWrite = (req: FastifyRequest) => {
    const caller = authenticate(state, req);
    requireScope(caller, WRITE_SCOPES);
    const b = body(req.body);
    const acting = actingHost(state, caller, hostEmailOf(b), 'write');
    return { caller, b, acting };
  };

  /** The meeting a request names, if the acting host hosts it and it takes invitees. */
  const meetingOf = (meetingId: unknown, hostEmail: string | undefined): { series: SeriesRecord; occurrence?: Occurrence } => {
    if (typeof meetingId !== 'string' || meetingId.trim() === '')
      throw badRequest('meetingInvitee.meetingId.required', 'meetingId is required.');
    const found = state.meetings.find(meetingId.trim());
    if (!found || !hostEmail || found.series.host.email !== hostEmail) throw notFound();
    if (found.series.scheduledType === 'personalRoomMeeting') {
      throw badRequest('meetingInvitee.personalRoom', 'The meeting ID of a scheduled personal room meeting is not supported for this API.');
    }
    return found;
  };

  /** Everyone invited to the meeting: a series' own list, or a scheduled meeting's series list and its own. */
  const inviteesOf = (series: SeriesRecord, occurrence?: Occurrence): { invitee: StoredInvitee; meetingId: string }[] => {
    const all = series.invitees.map((invitee) => ({ invitee, meetingId: series.id }));
    if (occurrence)
      all.push(...(series.occurrenceInvitees.get(occurrence.stamp) ?? []).map((invitee) => ({ invitee, meetingId: occurrence.id })));
    return all;
  };

  const findInvitee = (id: string, hostEmail: string | undefined): FoundInvitee => {
    const series = state.meetings.series.get(id.split('_')[0] ?? '');
    if (!series || series.deletedAt !== undefined || !hostEmail || series.host.email !== hostEmail) throw notFound('meeting invitee');
    const own = series.invitees.find((i) => i.id === id);
    if (own) return { series, invitee: own, list: series.invitees, meetingId: series.id };
    for (const [stamp, list] of series.occurrenceInvitees) {
      const invitee = list.find((i) => i.id === id);
      if (invitee) return { series, invitee, list, meetingId: `${series.id}_${stamp}` };
    }
    throw notFound('meeting invitee');
  };

  /** Adds checked invitees to the series or to one scheduled meeting; answers them as GetInviteeObjects. */
  const add = (series: SeriesRecord, occurrence: Occurrence | undefined, items: ReturnType<typeof readInvitee>[]): Json[] => {
    checkNewInvitees(
      state.directory,
      series.host,
      inviteesOf(series, occurrence).map((i) => i.invitee),
      items,
    );
    let list = series.invitees;
    if (occurrence) {
      list = series.occurrenceInvitees.get(occurrence.stamp) ?? [];
      series.occurrenceInvitees.set(occurrence.stamp, list);
    }
    const meetingId = occurrence?.id ?? series.id;
    return items.map((item) => {
      const invitee = newInvitee(series, item);
      list.push(invitee);
      return inviteeJson(invitee, meetingId);
    });
  };

  app.get<{ Querystring: Query }>('/v1/meetingInvitees', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, READ_SCOPES);
    const q = req.query;
    const paging = readPageRequest(q, 'meetingInvitee');
    const acting = actingHost(state, caller, q.hostEmail, 'read');
    const { series, occurrence } = meetingOf(q.meetingId, acting.host?.email);
    const panelist = q.panelist === 'true' ? true : q.panelist === 'false' ? false : undefined;
    // "The list returned is sorted in ascending order by email address."
    const items = inviteesOf(series, occurrence)
      .filter(({ invitee }) => panelist === undefined || invitee.panelist === panelist)
      .sort((a, b) => a.invitee.email.toLowerCase().localeCompare(b.invitee.email.toLowerCase()))
      .map(({ invitee, meetingId }) => inviteeJson(invitee, meetingId));
    logCall(series, caller, acting.onBehalf, 'GET', 'listInvitees', occurrence?.id ?? series.id, { status: 200, emailsSent: 0 });
    return sendPage(req, reply, q, paging, items);
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/v1/meetingInvitees/:id', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, READ_SCOPES);
    const acting = actingHost(state, caller, req.query.hostEmail, 'read');
    const found = findInvitee(req.params.id, acting.host?.email);
    logCall(found.series, caller, acting.onBehalf, 'GET', 'getInvitee', found.meetingId, { status: 200, emailsSent: 0 });
    return reply.send(inviteeJson(found.invitee, found.meetingId));
  });

  app.post('/v1/meetingInvitees', async (req, reply) => {
    const { caller, b, acting } = authorizedWrite(req);
    const { series, occurrence } = meetingOf(b.meetingId, acting.host?.email);
    const item = readInvitee(b);
    const [created] = add(series, occurrence, [item]);
    const sendEmail = item.sendEmail ?? true;
    logCall(series, caller, acting.onBehalf, 'POST', 'createInvitees', occurrence?.id ?? series.id, {
      status: 200,
      sendEmail,
      emailsSent: sendEmail ? 1 : 0,
      invitees: 1,
    });
    return reply.send(created);
  });

  app.post('/v1/meetingInvitees/bulkInsert', async (req, reply) => {
    const { caller, b, acting } = authorizedWrite(req);
    const { series, occurrence } = meetingOf(b.meetingId, acting.host?.email);
    if (!Array.isArray(b.items)) throw badRequest('meeting.field.invalidType', 'The value of items must be an array.');
    if (b.items.length > BULK_INSERT_MAX)
      throw badRequest('meetingInvitee.items.tooMany', `The maximum size of items is ${BULK_INSERT_MAX}.`);
    const items = b.items.map((raw) => readInvitee(raw, 'item'));
    const created = add(series, occurrence, items);
    const emailsSent = items.filter((i) => i.sendEmail !== false).length;
    logCall(series, caller, acting.onBehalf, 'POST', 'createInvitees', occurrence?.id ?? series.id, {
      status: 200,
      sendEmail: emailsSent > 0,
      emailsSent,
      invitees: created.length,
    });
    return reply.send({ items: created });
  });

  app.put<{ Params: { id: string } }>('/v1/meetingInvitees/:id', async (req, reply) => {
    const { caller, b, acting } = authorizedWrite(req);
    const found = findInvitee(req.params.id, acting.host?.email);
    const update = readInvitee(b);
    const { series, invitee } = found;
    if (update.email.toLowerCase() !== invitee.email.toLowerCase()) {
      const others = [...series.invitees, ...[...series.occurrenceInvitees.values()].flat()].filter((i) => i.id !== invitee.id);
      checkNewInvitees(state.directory, series.host, others, [{ ...update, coHost: update.coHost ?? invitee.coHost }]);
    } else {
      checkAlternateHost(state.directory, series.host, update);
    }
    invitee.email = update.email;
    if (update.displayName !== undefined) invitee.displayName = update.displayName;
    if (update.coHost !== undefined) invitee.coHost = update.coHost;
    if (update.panelist !== undefined) invitee.panelist = update.panelist;
    series.modifiedAt = state.clock.now();
    const sendEmail = update.sendEmail ?? true;
    logCall(series, caller, acting.onBehalf, 'PUT', 'updateInvitee', found.meetingId, {
      status: 200,
      sendEmail,
      emailsSent: sendEmail ? 1 : 0,
      invitees: 1,
    });
    return reply.send(inviteeJson(invitee, found.meetingId));
  });

  app.delete<{ Params: { id: string }; Querystring: Query }>('/v1/meetingInvitees/:id', async (req, reply) => {
    const caller = authenticate(state, req);
    requireScope(caller, WRITE_SCOPES);
    const sendEmail = sendEmailParam(req.query);
    const acting = actingHost(state, caller, req.query.hostEmail, 'write');
    const found = findInvitee(req.params.id, acting.host?.email);
    found.list.splice(found.list.indexOf(found.invitee), 1);
    found.series.modifiedAt = state.clock.now();
    logCall(found.series, caller, acting.onBehalf, 'DELETE', 'deleteInvitee', found.meetingId, {
      status: 204,
      sendEmail,
      emailsSent: sendEmail ? 1 : 0,
      invitees: 1,
    });
    return reply.code(204).send();
  });
}
