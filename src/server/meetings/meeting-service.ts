/**
 * The meetings a user creates through the add-in: checks the draft (src/core), creates or changes
 * the Webex meeting with the user's Webex token, and records who owns it. A user acts only on
 * their own meetings: another user's meeting id, or an unknown one, is 'meeting_not_found' — the
 * same answer, so ids cannot be probed.
 *
 * Input is checked before Webex is asked anything: a bad draft answers 400 and creates nothing.
 *
 * A delegate's request arrives here as the calendar owner's (the delegate's right was checked by
 * meetings/delegation.ts), marked `delegated`: the meeting is the owner's, made in Webex as the
 * owner's (webex-actor.ts says with which token), and what the owner's Webex link lacks is named
 * as the owner's (owner_webex_not_linked, ...), never as the delegate's.
 */
import type { Invitee } from '../../core/invitees';
import { applyMeetingChanges, validateMeetingDraft, type DraftIssue } from '../../core/meeting-draft';
import type { CallerIdentity } from '../auth/bearer-token-verifier';
import { DomainError } from '../errors';
import type { UserRepository, MeetingRepository, TenantRepository } from '../store';
import { meetingOptionDefaults, resolveUserSettings } from './user-settings';
import { createWebexActorResolver, type WebexActor, type WebexActorResolver } from './webex-actor';
import { asOwners, webexFailureToDomainError } from './webex-failure';
import {
  draftFromWebexMeeting,
  toMeetingDetails,
  toWebexCreateBody,
  toWebexPatchBody,
  type WebexMeetingCreateBody,
  type WebexMeetingPatchBody,
  type WebexMeetingView,
} from './webex-meeting-mapping';
import { toError } from '../errors';
import type { MeetingDetails } from '../../core/api-types';

/** The calls this service makes to Webex (WebexClient provides them). */
export interface WebexMeetingsApi {
  createMeeting(token: string, body: WebexMeetingCreateBody): Promise<WebexMeetingView>;
  getMeeting(token: string, meetingId: string, options?: { timezone?: string; hostEmail?: string }): Promise<WebexMeetingView>;
  updateMeeting(token: string, meetingId: string, patch: WebexMeetingPatchBody): Promise<WebexMeetingView>;
  deleteMeeting(token: string, meetingId: string, options: { sendEmail: boolean; hostEmail?: string }): Promise<void>;
}

export type MeetingStore = {
  users: Pick<UserRepository, 'upsert'>;
  meetings: Pick<MeetingRepository, 'create' | 'get' | 'delete' | 'setTimeZone'>;
} & { tenants?: Partial<Pick<TenantRepository, 'get'>>; users?: Partial<Pick<UserRepository, 'get'>> };

export interface MeetingServiceDeps {
  store: MeetingStore;
  webex: WebexMeetingsApi;
  /** The user's Webex access token; throws code 'webex_not_linked' or 'webex_reauthorization_required'. */
  webexAccessToken: (tenantId: string, userId: string) => Promise<string>;
  /**
   * Who acts in Webex for the user (webex-actor.ts): in admin mode the organization's token with the
   * user as `hostEmail`. Without it, always the user's own token (webexAccessToken).
   */
  webexActor?: WebexActorResolver;
  /** Refuses alternate hosts Webex would not take (meeting-invitees.ts); without it, Webex's answer decides. */
  checkAlternateHosts?: (actor: WebexActor, invitees: readonly Invitee[]) => Promise<void>;
  clock: () => Date;
  /** Where compensations that failed are reported (nothing personal is passed). */
  onCleanupFailed?: (error: Error, meetingId: string) => void;
}

/** How a call reached the service. */
export interface MeetingCallOptions {
  /** A delegate acts for `caller`, the calendar's owner. */
  delegated?: boolean;
}

/** `caller` is whose meeting it is: the signed-in user, or the owner a delegate acts for. */
export interface MeetingService {
  create(caller: CallerIdentity, draft: unknown, options?: MeetingCallOptions): Promise<MeetingDetails>;
  get(caller: CallerIdentity, meetingId: string, options?: MeetingCallOptions): Promise<MeetingDetails>;
  update(caller: CallerIdentity, meetingId: string, changes: unknown, options?: MeetingCallOptions): Promise<MeetingDetails>;
  remove(caller: CallerIdentity, meetingId: string, options?: MeetingCallOptions): Promise<void>;
}

// An occurrence of a series: "<seriesId>_<yyyyMMddTHHmmssZ>" (its UTC start), as Webex names them.
const OCCURRENCE_ID = /^(.+)_\d{8}T\d{6}Z$/;

function draftRefused(issue: DraftIssue): DomainError {
  return new DomainError('invalid', issue.code, issue.message);
}

function notFound(): DomainError {
  return new DomainError('not_found', 'meeting_not_found', 'There is no such meeting.');
}

/** Webex renders a meeting in the zone its request names (UTC otherwise): name the meeting's own. */
function zoneOf(row: { timeZone: string | undefined }): { timezone?: string } {
  return row.timeZone ? { timezone: row.timeZone } : {};
}

/** The host a call names when the organization's token acts for the user. */
function host(actor: WebexActor): { hostEmail?: string } {
  return actor.hostEmail ? { hostEmail: actor.hostEmail } : {};
}

export function createMeetingService(deps: MeetingServiceDeps): MeetingService {
  const { store, webex, clock } = deps;
  const actorOf: WebexActorResolver =
    deps.webexActor ??
    createWebexActorResolver({
      store: {
        tenants: { get: async () => undefined },
        ...(store.users.get
          ? {
              users: { get: store.users.get },
            }
          : {}),
      },
      personalToken: deps.webexAccessToken,
    });

  /** Runs a Webex call; its failures become the API's answers. */
  async function callWebex<T>(call: () => Promise<T>, actor?: WebexActor, options: MeetingCallOptions = {}): Promise<T> {
    try {
      return await call();
    } catch (thrown) {
      const error = webexFailureToDomainError(thrown, { actor: actor?.kind }) ?? toError(thrown);
      throw options.delegated ? asOwners(error) : error;
    }
  }

  /**
   * Creates the meeting; one from the organization's default template that Webex no longer knows
   * (an admin's setting outlives the template) is created without a template rather than not at all.
   * The emulator answers an unknown template 400 (src/emulators/webex/meeting-store.ts); 404 is
   * taken the same way.
   */
  async function createFromTemplate(
    actor: WebexActor,
    body: WebexMeetingCreateBody,
    organizationTemplate: string,
  ): Promise<WebexMeetingView> {
    try {
      return await webex.createMeeting(actor.token, body);
    } catch (thrown) {
      const code = (thrown as { code?: unknown } | null)?.code;
      if (!organizationTemplate || body.templateId !== organizationTemplate || (code !== 'webex_not_found' && code !== 'webex_bad_request'))
        throw thrown;
      const { templateId: _unknown, ...withoutTemplate } = body;
      return webex.createMeeting(actor.token, withoutTemplate);
    }
  }

  /** Who acts for the caller in Webex (resolving it may fail like a Webex call: not linked, ...). */
  function actorFor(caller: CallerIdentity, options: MeetingCallOptions = {}): Promise<WebexActor> {
    return callWebex(() => actorOf(caller.tenantId, caller.userId, { delegated: options.delegated === true }), undefined, options);
  }

  /** The stored meeting this id belongs to (an occurrence belongs to its series), if the caller owns it. */
  async function ownedMeeting(caller: CallerIdentity, meetingId: string) {
    const own = await store.meetings.get(caller.tenantId, caller.userId, meetingId);
    if (own) return own;
    const series = OCCURRENCE_ID.exec(meetingId)?.[1];
    return series ? store.meetings.get(caller.tenantId, caller.userId, series) : undefined;
  }

  async function requireOwned(caller: CallerIdentity, meetingId: string) {
    if (meetingId.length === 0 || meetingId.length > 200) throw notFound();
    const row = await ownedMeeting(caller, meetingId);
    if (!row) throw notFound();
    return row;
  }

  return {
    async create(caller, input, options = {}) {
      const user = await store.users.upsert(caller);
      const own = resolveUserSettings(user.settings);
      // The user's own template wins; without one, the organization's default (set on the admin page).
      const organizationTemplate =
        own.templateId === '' && store.tenants?.get ? ((await store.tenants.get(caller.tenantId))?.defaultTemplateId ?? '') : '';
      const settings = organizationTemplate ? { ...own, templateId: organizationTemplate } : own;
      const checked = validateMeetingDraft(input, { now: clock(), defaults: meetingOptionDefaults(settings) });
      if (!checked.ok) throw draftRefused(checked.issue);
      const actor = await actorFor(caller, options);
      // The host is not their own invitee.
      const invitees = (checked.draft.invitees ?? []).filter(
        (i) => !actor.hostEmail || i.email.toLowerCase() !== actor.hostEmail.toLowerCase(),
      );
      if (checked.draft.options.type === 'scheduled') await deps.checkAlternateHosts?.(actor, invitees);
      const body = { ...toWebexCreateBody({ ...checked.draft, invitees }, { excludePassword: !settings.password }), ...host(actor) };
      const meeting = await callWebex(() => createFromTemplate(actor, body, organizationTemplate), actor, options);
      try {
        await store.meetings.create({
          meetingId: meeting.id,
          tenantId: caller.tenantId,
          userId: caller.userId,
          ...(meeting.meetingSeriesId && meeting.meetingSeriesId !== meeting.id ? { seriesId: meeting.meetingSeriesId } : {}),
          timeZone: checked.draft.timeZone,
          createdAt: clock(),
        });
      } catch (thrown) {
        // Unrecorded, the meeting would be nobody's: take it back rather than leave it in Webex.
        await webex.deleteMeeting(actor.token, meeting.id, { sendEmail: false, ...host(actor) }).catch((cleanup: unknown) => {
          deps.onCleanupFailed?.(toError(cleanup), meeting.id);
        });
        throw toError(thrown);
      }
      return toMeetingDetails(meeting);
    },

    async get(caller, meetingId, options = {}) {
      const row = await requireOwned(caller, meetingId);
      const actor = await actorFor(caller, options);
      return toMeetingDetails(
        await callWebex(() => webex.getMeeting(actor.token, meetingId, { ...zoneOf(row), ...host(actor) }), actor, options),
      );
    },

    async update(caller, meetingId, changes, options = {}) {
      const row = await requireOwned(caller, meetingId);
      // The shape of the changes is checked before Webex is asked anything.
      if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
        throw new DomainError('invalid', 'invalid_draft', 'The changes must be a JSON object.');
      }
      if (OCCURRENCE_ID.test(meetingId) && 'recurrence' in changes) {
        throw new DomainError('invalid', 'invalid_recurrence', 'One occurrence of a series cannot have a recurrence of its own.');
      }
      const actor = await actorFor(caller, options);
      // Read in the meeting's own zone, so that a change of time keeps a series on its local time.
      const current = await callWebex(() => webex.getMeeting(actor.token, meetingId, { ...zoneOf(row), ...host(actor) }), actor, options);
      const base = draftFromWebexMeeting(current);
      if (!base) throw new DomainError('upstream_failed', 'webex_error', 'Webex described the meeting incompletely.');
      const checked = applyMeetingChanges(base, changes, { now: clock() });
      if (!checked.ok) throw draftRefused(checked.issue);
      if (checked.changed.length === 0) return toMeetingDetails(current);
      const patch = { ...toWebexPatchBody(checked.draft, checked.changed), ...host(actor) };
      const updated = await callWebex(() => webex.updateMeeting(actor.token, meetingId, patch), actor, options);
      if (checked.changed.includes('timeZone') && row.meetingId === meetingId) {
        await store.meetings.setTimeZone(caller.tenantId, caller.userId, meetingId, checked.draft.timeZone);
      }
      return toMeetingDetails(updated);
    },

    async remove(caller, meetingId, options = {}) {
      const row = await requireOwned(caller, meetingId);
      const actor = await actorFor(caller, options);
      try {
        await webex.deleteMeeting(actor.token, meetingId, { sendEmail: false, ...host(actor) });
      } catch (thrown) {
        const failure = webexFailureToDomainError(thrown, { actor: actor.kind });
        // Already gone in Webex (deleted there, or by another request): forgetting it is all that is left.
        if (failure?.code !== 'meeting_not_found')
          throw options.delegated ? asOwners(failure ?? toError(thrown)) : (failure ?? toError(thrown));
      }
      // Deleting one occurrence cancels only it: the series, and its row, stay.
      if (row.meetingId === meetingId) await store.meetings.delete(caller.tenantId, caller.userId, meetingId);
    },
  };
}
