/**
 * Who is calling, and for whom: the bearer token (401 when missing, unknown, expired or revoked),
 * its scopes (403 when one is missing), and `hostEmail`, which only a token with the admin
 * scheduling scopes may set to someone else in its own org (a person's own token naming another
 * host is refused with 403, as Webex does).
 */
import type { FastifyRequest } from 'fastify';
import { WebexError } from './webex-error';
import type { CallLogEntry, SeriesRecord } from './meeting-store';
import type { AccessTokenRecord } from './token-store';
import type { WebexOrg, WebexPerson } from './webex-directory';
import type { WebexState } from './webex-state';

export interface Caller {
  token: AccessTokenRecord;
  /** The person a user token acts as; undefined for a service token. */
  person?: WebexPerson;
  org: WebexOrg;
  clientId: string;
  scopes: Set<string>;
  /** For logs: the person's email or the service app's client id. */
  name: string;
}

export const READ_SCOPES = ['meeting:schedules_read', 'meeting:admin_schedule_read'];
export const WRITE_SCOPES = ['meeting:schedules_write', 'meeting:admin_schedule_write'];

export function authenticate(state: WebexState, req: FastifyRequest): Caller {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m?.[1])
    throw new WebexError(401, 'auth.missing', 'The request requires a valid access token set in the Authorization request header.');
  const found = state.tokens.lookup(m[1]);
  if (found.status !== 'valid') {
    throw new WebexError(401, `auth.${found.status}`, 'The request requires a valid access token set in the Authorization request header.');
  }
  const record = found.record;
  const org = state.directory.findOrg(record.orgId);
  const person = record.email ? state.directory.findPerson(record.email) : undefined;
  if (!org || (record.kind === 'user' && !person)) {
    throw new WebexError(401, 'auth.unknown', 'The request requires a valid access token set in the Authorization request header.');
  }
  return { token: record, person, org, clientId: record.clientId, scopes: new Set(record.scopes), name: person?.email ?? record.clientId };
}

export function requireScope(caller: Caller, anyOf: string[]): void {
  if (!anyOf.some((s) => caller.scopes.has(s))) {
    throw new WebexError(
      403,
      'auth.scope',
      `The server understood the request, but refused to fulfill it because the access token is missing required scopes (one of ${anyOf.join(', ')}).`,
    );
  }
}

export interface Acting {
  /** The host the call acts for; undefined when a service token names nobody. */
  host?: WebexPerson;
  /** Whether admin scopes were used to act for someone else. */
  onBehalf: boolean;
}

/** Resolves `hostEmail` for a read or a write. */
export function actingHost(state: WebexState, caller: Caller, hostEmail: string | undefined, access: 'read' | 'write'): Acting {
  const self = caller.person;
  if (!hostEmail) return { host: self, onBehalf: false };
  if (self && self.email === hostEmail.trim().toLowerCase()) return { host: self, onBehalf: false };
  const admin =
    access === 'read'
      ? caller.scopes.has('meeting:admin_schedule_read') || caller.scopes.has('meeting:admin_schedule_write')
      : caller.scopes.has('meeting:admin_schedule_write');
  if (!admin) {
    throw new WebexError(403, 'meeting.hostEmail.forbidden', 'hostEmail can only be used with the admin-level scopes.');
  }
  const target = state.directory.findPerson(hostEmail);
  if (!target)
    throw new WebexError(400, 'meeting.hostEmail.unknown', `No user with the email in hostEmail has a host account on the site.`);
  if (target.orgId !== caller.org.id) {
    throw new WebexError(403, 'meeting.hostEmail.otherOrg', 'hostEmail must be a user in an organization the admin manages.');
  }
  return { host: target, onBehalf: true };
}

/** What a call came to, as its log entry tells it. */
export type CallOutcome = Pick<CallLogEntry, 'status' | 'sendEmail' | 'emailsSent' | 'invitees' | 'droppedExceptions'>;

/**
 * Records a call in the series' call log (what the control routes and tests read), stamped with who
 * made it and when, against the meeting it named: the series itself, or one scheduled meeting of it
 * (the series id with a start stamp).
 */
export function callLogger(state: WebexState) {
  return (
    series: SeriesRecord,
    caller: Caller,
    onBehalf: boolean,
    method: string,
    operation: CallLogEntry['operation'],
    meetingId: string,
    outcome: CallOutcome,
  ): void => {
    series.calls.push({
      at: new Date(state.clock.now()).toISOString(),
      clientId: caller.clientId,
      actor: caller.name,
      ...(onBehalf ? { onBehalfOf: series.host.email } : {}),
      method,
      operation,
      meetingId,
      target: meetingId === series.id ? 'series' : 'occurrence',
      ...outcome,
    });
  };
}
