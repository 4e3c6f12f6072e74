/**
 * A meeting's invitees and alternate hosts, as the task pane sees and sets them (the sync engine
 * keeps them in step with the attendees afterwards):
 *
 * - who may be an alternate host: Webex allows people of the host's own Webex organization (List
 *   People shows the caller's organization); the others are shown in the pane but not selectable,
 *   with the reason;
 * - the invitees Webex has for a meeting (email, name, alternate host);
 * - setting them: Webex's list made equal to the appointment's attendees with the alternate hosts
 *   the organizer chose, then the attendees' fingerprint recorded on the event's link, so that the
 *   event's next sync finds Webex already in step and calls Webex for nothing.
 *
 * Addresses pass through, to Webex and back to the organizer; none is stored or logged.
 */
import { attendeeSetText, emailKey, inviteeChanges, isEmailAddress, parseInvitees, type Invitee } from '../../core/invitees';
import type { CallerIdentity } from '../auth/bearer-token-verifier';
import { DomainError } from '../errors';
import type { Store, MeetingRepository, EventLinkRepository } from '../store';
import type { WebexInviteeCalls, WebexInviteeRequest, WebexMeetingInvitee } from '../webex/webex-types';
import type { WebexActor, WebexActorResolver } from './webex-actor';
import { asOwners, webexFailureToDomainError } from './webex-failure';
import { toError } from '../errors';
import type { AlternateHostCandidate, MeetingInvitee } from '../../core/api-types';

/** How many addresses one eligibility question may hold (one People call each). */
export const MAX_CANDIDATES = 100;
/** Webex's limit for one bulk insert. */
const BULK_INSERT_MAX = 100;
/** People calls made at once. */
const CONCURRENCY = 4;

export interface WebexInviteesApi extends WebexInviteeCalls {
  getMe(token: string): Promise<{ emails: string[]; orgId?: string }>;
  findPeople(token: string, email: string): Promise<Array<{ emails: string[]; orgId?: string }>>;
  getMeeting(token: string, meetingId: string, options?: { hostEmail?: string }): Promise<{ scheduledType?: string }>;
  updateInvitee(
    token: string,
    inviteeId: string,
    invitee: WebexInviteeRequest,
    options?: { hostEmail?: string },
  ): Promise<WebexMeetingInvitee>;
}

export interface InviteeServiceDeps {
  store: Pick<Store, 'fingerprint'> & {
    meetings: Pick<MeetingRepository, 'get'>;
    links: Pick<EventLinkRepository, 'getByMeeting' | 'setAttendeesHash'>;
  };
  webex: WebexInviteesApi;
  actorOf: WebexActorResolver;
}

export interface InviteeService {
  /** For each address, whether Webex lets it be an alternate host of the caller's meetings. */
  alternateHostCandidates(caller: CallerIdentity, emails: unknown, options?: InviteeCallOptions): Promise<AlternateHostCandidate[]>;
  /** Refuses alternate hosts Webex would not take (400 alternate_host_not_allowed). */
  checkAlternateHosts(actor: WebexActor, invitees: readonly Invitee[]): Promise<void>;
  list(caller: CallerIdentity, meetingId: string, options?: InviteeCallOptions): Promise<MeetingInvitee[]>;
  /** Makes Webex's invitees these (an array of { email, displayName?, coHost? }); answers Webex's list after. */
  set(caller: CallerIdentity, meetingId: string, invitees: unknown, options?: InviteeCallOptions): Promise<MeetingInvitee[]>;
}

/** How a call reached the service: `delegated`, a delegate acts for `caller`, the calendar's owner (meeting-service.ts). */
export interface InviteeCallOptions {
  delegated?: boolean;
}

function host(actor: WebexActor): { hostEmail?: string } {
  return actor.hostEmail ? { hostEmail: actor.hostEmail } : {};
}

function notFound(): DomainError {
  return new DomainError('not_found', 'meeting_not_found', 'There is no such meeting.');
}

function view(invitee: WebexMeetingInvitee): MeetingInvitee {
  return {
    email: invitee.email,
    ...(invitee.displayName && emailKey(invitee.displayName) !== emailKey(invitee.email) ? { displayName: invitee.displayName } : {}),
    coHost: invitee.coHost === true,
  };
}

function request(invitee: Invitee): WebexInviteeRequest {
  return {
    email: invitee.email,
    ...(invitee.displayName ? { displayName: invitee.displayName } : {}),
    coHost: invitee.coHost,
    sendEmail: false,
  };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

function retryable(thrown: unknown): boolean {
  return typeof thrown === 'object' && thrown !== null && (thrown as { retryable?: unknown }).retryable === true;
}

export function createInviteeService(deps: InviteeServiceDeps): InviteeService {
  const { store, webex } = deps;

  async function callWebex<T>(call: () => Promise<T>, actor?: WebexActor): Promise<T> {
    try {
      return await call();
    } catch (thrown) {
      throw webexFailureToDomainError(thrown, { actor: actor?.kind }) ?? toError(thrown);
    }
  }

  /** Who acts in Webex for the caller; for a delegate's request, what the owner's link lacks is named as the owner's. */
  const actorFor = (caller: CallerIdentity, options: InviteeCallOptions = {}) =>
    callWebex(() => deps.actorOf(caller.tenantId, caller.userId, { delegated: options.delegated === true })).catch((thrown: unknown) => {
      throw options.delegated ? asOwners(toError(thrown)) : thrown;
    });

  /** Only the series (or single meeting) the caller added: invitees of one occurrence are the sync engine's. */
  async function requireOwned(caller: CallerIdentity, meetingId: string): Promise<void> {
    if (meetingId.length === 0 || meetingId.length > 200) throw notFound();
    if (!(await store.meetings.get(caller.tenantId, caller.userId, meetingId))) throw notFound();
  }

  async function eligibility(actor: WebexActor, emails: readonly string[]): Promise<AlternateHostCandidate[]> {
    const me = await callWebex(() => webex.getMe(actor.token), actor);
    const hostKeys = new Set([...(actor.hostEmail ? [actor.hostEmail] : me.emails)].map(emailKey));
    return inBatches(emails, CONCURRENCY, async (email): Promise<AlternateHostCandidate> => {
      if (hostKeys.has(emailKey(email))) return { email, eligible: false, reason: 'host' };
      try {
        const people = await webex.findPeople(actor.token, email.trim());
        const same = people.some(
          (p) => p.emails.some((e) => emailKey(e) === emailKey(email)) && me.orgId !== undefined && p.orgId === me.orgId,
        );
        return same ? { email, eligible: true } : { email, eligible: false, reason: 'other_organization' };
      } catch (thrown) {
        // Webex not answering for one person: the pane says it could not tell, rather than failing.
        if (retryable(thrown)) return { email, eligible: false, reason: 'not_checked' };
        throw webexFailureToDomainError(thrown, { actor: actor.kind }) ?? toError(thrown);
      }
    });
  }

  async function checkAlternateHosts(actor: WebexActor, invitees: readonly Invitee[]): Promise<void> {
    const wanted = invitees.filter((i) => i.coHost).map((i) => i.email);
    if (wanted.length === 0) return;
    const refused = (await eligibility(actor, wanted)).filter((c) => !c.eligible);
    if (refused.length > 0) {
      throw new DomainError('invalid', 'alternate_host_not_allowed', 'Only people of your Webex organization can be alternate hosts.');
    }
  }

  return {
    async alternateHostCandidates(caller, emails, options = {}) {
      if (!Array.isArray(emails) || emails.some((e) => typeof e !== 'string' || !isEmailAddress(e))) {
        throw new DomainError('invalid', 'invalid_invitees', 'emails must be a list of e-mail addresses.');
      }
      const unique = [...new Map((emails as string[]).map((e) => [emailKey(e), e.trim()])).values()];
      if (unique.length > MAX_CANDIDATES)
        throw new DomainError('invalid', 'too_many_candidates', `Ask about at most ${MAX_CANDIDATES} people at once.`);
      if (unique.length === 0) return [];
      return eligibility(await actorFor(caller, options), unique);
    },

    checkAlternateHosts,

    async list(caller, meetingId, options = {}) {
      await requireOwned(caller, meetingId);
      const actor = await actorFor(caller, options);
      const meeting = await callWebex(() => webex.getMeeting(actor.token, meetingId, host(actor)), actor);
      if (meeting.scheduledType === 'personalRoomMeeting') return [];
      return (await callWebex(() => webex.listInvitees(actor.token, meetingId, host(actor)), actor)).map(view);
    },

    async set(caller, meetingId, input, options = {}) {
      await requireOwned(caller, meetingId);
      const parsed = parseInvitees(input);
      if (!parsed.ok) throw new DomainError('invalid', parsed.code, parsed.message);
      const actor = await actorFor(caller, options);
      const wanted = parsed.invitees.filter((i) => !actor.hostEmail || emailKey(i.email) !== emailKey(actor.hostEmail));
      const meeting = await callWebex(() => webex.getMeeting(actor.token, meetingId, host(actor)), actor);
      if (meeting.scheduledType === 'personalRoomMeeting') {
        throw new DomainError('invalid', 'invitees_not_supported', 'Personal room meetings have no invitees or alternate hosts.');
      }
      await checkAlternateHosts(actor, wanted);
      const listed = await callWebex(() => webex.listInvitees(actor.token, meetingId, host(actor)), actor);
      const changes = inviteeChanges(listed, wanted, { meetingId });
      for (let i = 0; i < changes.add.length; i += BULK_INSERT_MAX) {
        const batch = changes.add.slice(i, i + BULK_INSERT_MAX);
        if (batch.length === 1)
          await callWebex(() => webex.createInvitee(actor.token, meetingId, request(batch[0] as Invitee), host(actor)), actor);
        else await callWebex(() => webex.bulkInsertInvitees(actor.token, meetingId, batch.map(request), host(actor)), actor);
      }
      for (const { invitee, coHost } of changes.update) {
        await callWebex(
          () =>
            webex.updateInvitee(
              actor.token,
              invitee.id,
              { email: invitee.email, ...(invitee.displayName ? { displayName: invitee.displayName } : {}), coHost, sendEmail: false },
              host(actor),
            ),
          actor,
        );
      }
      for (const invitee of changes.remove) {
        await callWebex(() => webex.deleteInvitee(actor.token, invitee.id, { ...host(actor), sendEmail: false }), actor).catch(
          (thrown: unknown) => {
            // Removed meanwhile is what was wanted.
            if (!(thrown instanceof DomainError && thrown.code === 'meeting_not_found')) throw thrown;
          },
        );
      }
      // Webex now has these attendees: the event's next sync has nothing to do for them.
      const link = await store.links.getByMeeting(caller.tenantId, meetingId);
      if (link && link.userId === caller.userId) {
        await store.links.setAttendeesHash(caller.tenantId, caller.userId, link.eventId, store.fingerprint(attendeeSetText(wanted)));
      }
      return (await callWebex(() => webex.listInvitees(actor.token, meetingId, host(actor)), actor)).map(view);
    },
  };
}
