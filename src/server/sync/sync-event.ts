/**
 * The sync-event job: brings one event's Webex meeting in step with what Graph shows now.
 *
 *   read the event (one GET, whatever the notifications said: they are unordered and may repeat)
 *   -> read what the store knows (link, the meeting its marker names, its series)
 *   -> reconcile (pure) -> carry the actions out, in order.
 *
 * Crash safety: every action is idempotent, and the store is written after the Webex call it
 * records, so a job killed half-way and retried redoes at most a call that changes nothing the
 * second time (a PATCH to the same values, a DELETE answered 404). The one call that is not
 * idempotent, creating a copy's meeting, carries an integration tag derived from the event, and a
 * retry finds the meeting by that tag instead of creating another; so does inviting (a second
 * invitation of the same address answers 409, which means it is done).
 *
 * What cannot be applied (Webex cannot hold the event, refuses a change, the authorization is gone)
 * is counted by code for the admin page and recorded as the event's sync problem, which the task
 * pane shows the organizer until the event syncs again.
 */
import { inviteeChanges, MAX_INVITEES, type Invitee } from '../../core/invitees';
import { GraphError, GraphTokenError } from '../graph';
import type { EventLink, EventSyncInputs } from '../store';
import { WebexAuthorizationError, WebexError, type WebexInviteeRequest, type WebexMeeting } from '../webex';
import { copyRewrite } from './copy-rewrite';
import type { ObservedEvent } from './event-observation';
import {
  isTombstone,
  NO_INVITEES,
  parseOccurrenceMeetingId,
  reconcile,
  reconcileInstances,
  stateOf,
  tombstoneEventId,
  type LinkState,
  type MarkedMeeting,
  type ReconcileInput,
  type ReconcileOutcome,
  type SyncAction,
  type SyncState,
} from './reconcile';
import { enqueueSyncEvent, type SyncContext } from './sync-context';
import { SyncError } from './sync-error';
import { syncEventKey, type SyncEventPayload } from './sync-jobs';
import type { WebexHost } from './user-scope';
import { UserScope } from './user-scope';
import { copyCreateBody, copyTagOf, patchToMatch, type CopySource } from './webex-meeting-body';
import { DomainError, isRefusal, toError } from '../errors';

export interface SyncEventResult {
  outcome: ReconcileOutcome | 'stopped';
  /** Webex calls that changed something. */
  webexWrites: number;
}

export interface SyncAttempt {
  /** Retries before this attempt. */
  retryCount: number;
}

const DAY_MS = 86_400_000;
/** Webex's limit for one bulk insert of invitees. */
const BULK_INSERT_MAX = 100;

/**
 * Problems whose change is not in the link's state any more (it was recorded as synced, so that a
 * refusal is not retried in a loop): only reading Webex again (a retry) shows they are gone, or, for
 * too many attendees, inviting them once their number fits. Other problems go with the next sync
 * that meets none: the event's time or pattern Webex could not hold is compared again at each sync,
 * and a job stopped by a lost authorization recorded nothing, so the next one applies all it missed.
 */
const STICKY_PROBLEMS = new Set(['webex_rejected', 'webex_not_found', 'too_many_invitees', 'copy_failed']);

function sameState(a: SyncState, b: SyncState): boolean {
  return (
    a.changeKey === b.changeKey &&
    a.startUtc.getTime() === b.startUtc.getTime() &&
    a.endUtc.getTime() === b.endUtc.getTime() &&
    a.subjectHash === b.subjectHash &&
    a.recurrenceHash === b.recurrenceHash &&
    (a.attendeesHash ?? null) === (b.attendeesHash ?? null)
  );
}

function inviteeRequest(invitee: Invitee): WebexInviteeRequest {
  return {
    email: invitee.email,
    ...(invitee.displayName ? { displayName: invitee.displayName } : {}),
    coHost: invitee.coHost,
    sendEmail: false,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Errors that end the job without a retry: nothing changes until a person acts. */
function stopCode(error: Error): string | undefined {
  if (error instanceof WebexAuthorizationError) return error.code;
  if (error instanceof WebexError && error.status === 401) return 'webex_unauthorized';
  if (error instanceof GraphTokenError && !error.retryable) return error.code;
  if (error instanceof GraphError && (error.status === 401 || error.status === 403)) return error.code;
  // Admin mode: the host could not be named (no email, an unverified domain, consent withdrawn).
  if (error instanceof DomainError && isRefusal(error)) return error.code;
  return undefined;
}

class EventSync {
  private readonly scope: UserScope;
  /** Problems met in this job, by event id: recorded with the event's state. */
  private readonly problems = new Map<string, { code: string; meetingId?: string }>();
  /** Codes of the sync problems events had before this job, by event id (cleared when they sync). */
  private readonly knownProblems = new Map<string, string>();
  /** Events whose meeting was read and brought in step in this job (link with verify). */
  private readonly verified = new Set<string>();
  /** Events whose invitees were brought in step in this job. */
  private readonly invited = new Set<string>();
  /** Meetings found to keep no invitees in this job (personal rooms), by event id. */
  private readonly noInvitees = new Set<string>();
  /** Links as this job read or last wrote them, by event id (undefined: known not to exist). */
  private readonly links = new Map<string, EventLink | undefined>();

  constructor(
    private readonly ctx: SyncContext,
    private readonly payload: SyncEventPayload,
    private readonly attempt: SyncAttempt,
  ) {
    this.scope = new UserScope(ctx, payload.tenantId, payload.userId);
  }

  private get store() {
    return this.ctx.store;
  }

  private get ids() {
    return { tenantId: this.payload.tenantId, userId: this.payload.userId };
  }

  async run(): Promise<SyncEventResult> {
    const { ctx, payload } = this;
    ctx.metrics.inc('sync_jobs_run');
    // One statement for all the store knows that the job needs (the tenant and the Webex grant too):
    // read before the event, so that the Graph read and the Webex calls need no read of their own.
    const inputs = await this.store.syncInputs.read(payload.tenantId, payload.userId, payload.eventId);
    this.scope.known = inputs;
    const event = await this.scope.readEvent(payload.eventId);
    const input = await this.gather(payload.eventId, event, inputs);
    const result = reconcile(input);
    for (const action of result.actions) await this.execute(action, event);
    ctx.metrics.inc('events_processed', { outcome: result.outcome });
    if (result.outcome === 'echo' && this.scope.webexWrites === 0) ctx.metrics.inc('echo_suppressed');
    return { outcome: result.outcome, webexWrites: this.scope.webexWrites };
  }

  /** What the store knows around the event. */
  private async gather(eventId: string, event: ObservedEvent | undefined, inputs: EventSyncInputs): Promise<ReconcileInput> {
    const { tenantId, userId } = this.ids;
    const link: LinkState | undefined = inputs.link;
    if (inputs.link) this.links.set(eventId, inputs.link);
    if (inputs.link?.problem !== undefined) this.knownProblems.set(eventId, inputs.link.problem);
    const input: ReconcileInput = { eventId, event, link, ...(this.payload.retry ? { retry: true } : {}) };
    if (event?.marker) {
      const { meetingId } = event.marker;
      // The marker names the meeting the event is linked to (the usual case): what the store knows of it was read already.
      input.markedMeeting =
        inputs.link?.meetingId === meetingId
          ? { meetingId, ownedByUser: inputs.linkedMeetingOwned, linkedEventId: eventId }
          : await this.markedMeeting(meetingId);
    }
    if (event && (event.type === 'occurrence' || event.type === 'exception') && event.seriesMasterId) {
      input.masterLink = await this.store.links.getByEvent(tenantId, userId, event.seriesMasterId);
    }
    const occurrence = link ? parseOccurrenceMeetingId(link.meetingId) : undefined;
    if (link && !occurrence) {
      for (const l of inputs.occurrenceLinks) {
        this.links.set(l.eventId, l);
        if (l.problem !== undefined) this.knownProblems.set(l.eventId, l.problem);
      }
      input.occurrenceLinks = inputs.occurrenceLinks;
    }
    if (!event && link && occurrence && !isTombstone(link)) {
      const masterLink = await this.store.links.getByMeeting(tenantId, occurrence.seriesMeetingId);
      if (masterLink && masterLink.userId === userId) {
        input.masterLink = masterLink;
        input.master = await this.scope.readEvent(masterLink.eventId);
      }
    }
    return input;
  }

  private async markedMeeting(meetingId: string): Promise<MarkedMeeting> {
    const { tenantId, userId } = this.ids;
    const owned = await this.store.meetings.get(tenantId, userId, meetingId);
    const holder = await this.store.links.getByMeeting(tenantId, meetingId);
    return {
      meetingId,
      ownedByUser: owned !== undefined,
      ...(holder ? { linkedEventId: holder.userId === userId ? holder.eventId : `user:${holder.userId}/${holder.eventId}` } : {}),
    };
  }

  private async occurrenceLinks(seriesMeetingId: string): Promise<LinkState[]> {
    const { tenantId, userId } = this.ids;
    const prefix = `${seriesMeetingId}_`;
    const links = (await this.store.links.listForUser(tenantId, userId)).filter((l) => l.meetingId.startsWith(prefix));
    if (links.length === 0) return links;
    const problems = new Map(
      (await this.store.syncProblems.listForMeeting(tenantId, userId, seriesMeetingId)).map((p) => [p.eventId, p.code]),
    );
    return links.map((l) => {
      const code = problems.get(l.eventId);
      if (code === undefined) return l;
      this.knownProblems.set(l.eventId, code);
      return { ...l, problem: code };
    });
  }

  /**
   * Records the state an event (or occurrence) was synced at: updates its link, or makes it. With
   * it, the event's sync problem: the one this job met, or none (the event is in step again).
   */
  private async saveState(eventId: string, meetingId: string, state: SyncState): Promise<void> {
    const { tenantId, userId } = this.ids;
    let recorded =
      eventId === this.payload.eventId && this.scope.changeKeyOverride ? { ...state, changeKey: this.scope.changeKeyOverride } : state;
    if (this.noInvitees.has(eventId)) recorded = { ...recorded, attendeesHash: NO_INVITEES };
    // The link as this job read or wrote it (the job runs alone for its event: one active job per
    // event across replicas, sync-jobs.ts, and one run at a time in the process, keyed-mutex.ts).
    const current = this.links.has(eventId) ? this.links.get(eventId) : await this.store.links.getByEvent(tenantId, userId, eventId);
    if (current && current.meetingId === meetingId) {
      if (!sameState(current.lastSynced, recorded))
        this.links.set(eventId, await this.store.links.updateSyncState(tenantId, userId, eventId, recorded));
    } else {
      this.links.set(eventId, await this.store.links.linkEvent({ tenantId, userId, eventId, meetingId, lastSynced: recorded }));
    }
    await this.saveProblem(eventId, meetingId);
  }

  private async dropLink(eventId: string): Promise<void> {
    await this.store.links.delete(this.payload.tenantId, this.payload.userId, eventId);
    this.links.set(eventId, undefined);
  }

  /**
   * On a retry, an occurrence applied again from its series (reconcileInstances with retry) is as
   * good as read from Webex: what it had is what the series gives it.
   */
  private retried(eventId: string): void {
    if (this.payload.retry && !this.problems.has(eventId)) this.verified.add(eventId);
  }

  /** Writes the problem this job met for the event, or clears the one it had once it is gone (STICKY_PROBLEMS). */
  private async saveProblem(eventId: string, meetingId?: string): Promise<void> {
    const { tenantId, userId } = this.ids;
    const problem = this.problems.get(eventId);
    const known = this.knownProblems.get(eventId);
    if (problem) {
      await this.store.syncProblems.set({
        tenantId,
        userId,
        eventId,
        meetingId: problem.meetingId ?? meetingId,
        code: problem.code,
        at: this.ctx.clock(),
      });
      this.knownProblems.set(eventId, problem.code);
    } else if (known !== undefined) {
      const gone =
        !STICKY_PROBLEMS.has(known) || this.verified.has(eventId) || (known === 'too_many_invitees' && this.invited.has(eventId));
      if (!gone) return;
      await this.store.syncProblems.clear(tenantId, userId, eventId);
      this.knownProblems.delete(eventId);
    }
  }

  /**
   * Counts, logs (codes and ids only) and records the error for the admin page; never fails the job.
   * With an event, it becomes that event's sync problem, written with its state.
   */
  private async recordIssue(code: string, meetingId?: string, eventId?: string): Promise<void> {
    this.ctx.metrics.inc('sync_errors', { code });
    this.ctx.logger.warn({ code, tenantId: this.payload.tenantId, meetingId }, 'an event could not be kept in step with its Webex meeting');
    if (eventId !== undefined) this.problems.set(eventId, { code, ...(meetingId !== undefined ? { meetingId } : {}) });
    await this.store.syncErrors.record({ ...this.ids, code }).catch((thrown: unknown) => {
      this.ctx.logger.warn({ err: toError(thrown), code: 'sync_error_not_recorded' }, 'a sync error could not be recorded');
    });
  }

  /**
   * Webex's invitees of a meeting or occurrence made those of the event: listed, the missing
   * invited (in bulk, 100 at a time), the departed removed. Alternate hosts chosen in the pane are
   * left as they are. An occurrence's list holds its series' invitees too: those are not removed
   * (Webex would remove them from the whole series).
   */
  private async syncInvitees(meetingId: string, target: 'series' | 'occurrence', event: ObservedEvent, checkType: boolean): Promise<void> {
    const { ctx, scope } = this;
    if (checkType) {
      const meeting = await scope.webex(false, (token, host) => ctx.webex.getMeeting(token, meetingId, host));
      if (!meeting.ok) return this.recordIssue(meeting.code, meetingId, event.eventId);
      if (meeting.value.scheduledType === 'personalRoomMeeting') {
        this.noInvitees.add(event.eventId);
        return;
      }
    }
    const actor = await scope.webexActor();
    const wanted = actor.hostEmail
      ? event.invitees.filter((i) => i.email.toLowerCase() !== actor.hostEmail?.toLowerCase())
      : event.invitees;
    if (wanted.length > MAX_INVITEES) return this.recordIssue('too_many_invitees', meetingId, event.eventId);
    const listed = await scope.webex(false, (token, host) => ctx.webex.listInvitees(token, meetingId, host));
    if (!listed.ok) return this.recordIssue(listed.code, meetingId, event.eventId);
    const changes = inviteeChanges(listed.value, wanted, { keepCoHost: true, ...(target === 'occurrence' ? { meetingId } : {}) });
    for (const batch of chunks(changes.add, BULK_INSERT_MAX)) {
      const added = await this.invite(meetingId, batch);
      if (!added) return this.recordIssue('webex_rejected', meetingId, event.eventId);
    }
    for (const invitee of changes.remove) {
      const removed = await scope.webex(true, (token, host: WebexHost) =>
        ctx.webex.deleteInvitee(token, invitee.id, { ...host, sendEmail: false }),
      );
      if (!removed.ok && removed.code !== 'webex_not_found') return this.recordIssue(removed.code, meetingId, event.eventId);
    }
    this.invited.add(event.eventId);
  }

  /** Invites a batch; a 409 (some were invited meanwhile) is answered by inviting them one by one. */
  private async invite(meetingId: string, batch: readonly Invitee[]): Promise<boolean> {
    const { ctx, scope } = this;
    const one = (invitee: Invitee) =>
      scope.webex(true, (token, host) => ctx.webex.createInvitee(token, meetingId, inviteeRequest(invitee), host));
    if (batch.length === 1) {
      const created = await one(batch[0] as Invitee);
      return created.ok || created.status === 409;
    }
    const inserted = await scope.webex(true, (token, host) =>
      ctx.webex.bulkInsertInvitees(token, meetingId, batch.map(inviteeRequest), host),
    );
    if (inserted.ok) return true;
    if (inserted.status !== 409) return false;
    for (const invitee of batch) {
      const created = await one(invitee);
      if (!created.ok && created.status !== 409) return false;
    }
    return true;
  }

  private async execute(action: SyncAction, event: ObservedEvent | undefined): Promise<void> {
    const { ctx, scope } = this;
    const { tenantId, userId } = this.ids;
    switch (action.kind) {
      case 'link': {
        const eventId = this.payload.eventId;
        if (action.verify && event) {
          const meeting = await scope.webex(false, (token, host) => ctx.webex.getMeeting(token, action.meetingId, host));
          if (meeting.ok) {
            const patch = patchToMatch(event, meeting.value);
            if (Object.keys(patch).length > 0) {
              const updated = await scope.webex(true, (token, host) =>
                ctx.webex.updateMeeting(token, action.meetingId, { ...patch, ...host }),
              );
              if (!updated.ok) await this.recordIssue(updated.code, action.meetingId, eventId);
            }
            if (meeting.value.scheduledType === 'personalRoomMeeting') this.noInvitees.add(eventId);
            else
              await this.syncInvitees(action.meetingId, parseOccurrenceMeetingId(action.meetingId) ? 'occurrence' : 'series', event, false);
            if (!this.problems.has(eventId)) this.verified.add(eventId);
          } else {
            await this.recordIssue(meeting.code, action.meetingId, eventId);
          }
        }
        await ctx.checkpoint('link:before-store');
        await this.saveState(this.payload.eventId, action.meetingId, action.state);
        return;
      }
      case 'recordState':
        this.retried(action.eventId);
        await this.saveState(action.eventId, action.meetingId, action.state);
        return;
      case 'syncInvitees':
        if (event) await this.syncInvitees(action.meetingId, action.target, event, action.checkType);
        return;
      case 'updateMeeting': {
        const updated = await scope.webex(true, (token, host) =>
          ctx.webex.updateMeeting(token, action.meetingId, { ...action.patch, ...host }),
        );
        if (!updated.ok) await this.recordIssue(updated.code, action.meetingId, action.eventId);
        else this.retried(action.eventId);
        await ctx.checkpoint('update:after-webex');
        await this.saveState(action.eventId, action.meetingId, action.state);
        return;
      }
      case 'deleteMeeting': {
        const deleted = await scope.webex(true, (token, host) =>
          ctx.webex.deleteMeeting(token, action.meetingId, { sendEmail: false, ...host }),
        );
        // Gone already is what we wanted; a refusal (an ended meeting) leaves nothing else to do.
        if (!deleted.ok && deleted.code !== 'webex_not_found') await this.recordIssue(deleted.code, action.meetingId);
        await ctx.checkpoint('delete:after-webex');
        return;
      }
      case 'dropLink':
        await this.dropLink(action.eventId);
        return;
      case 'dropOccurrenceLinks':
        for (const link of await this.occurrenceLinks(action.seriesMeetingId)) await this.dropLink(link.eventId);
        return;
      case 'dropMeetingRecord':
        await this.store.meetings.delete(tenantId, userId, action.meetingId);
        return;
      case 'createCopy':
        if (event) await this.createCopy(event, action.sourceMeetingId, action.state);
        return;
      case 'rewriteMarker': {
        if (!event) return;
        const meeting = await scope.webex(false, (token, host) => ctx.webex.getMeeting(token, action.meetingId, host));
        if (meeting.ok) await this.rewriteEvent(event, meeting.value);
        else await this.recordIssue(meeting.code, action.meetingId);
        return;
      }
      case 'syncOccurrences':
        if (event) await this.syncOccurrences(event, action.seriesMeetingId, action.retry === true);
        return;
      case 'cancelOccurrence': {
        const cancelled = await scope.webex(true, (token, host) =>
          ctx.webex.deleteMeeting(token, action.occurrenceId, { sendEmail: false, ...host }),
        );
        if (!cancelled.ok && cancelled.code !== 'webex_not_found') await this.recordIssue(cancelled.code, action.occurrenceId);
        await ctx.checkpoint('cancel:after-webex');
        if (action.replacesEventId) await this.dropLink(action.replacesEventId);
        const at = action.originalStart;
        await this.saveState(tombstoneEventId(action.masterEventId, action.occurrenceId), action.occurrenceId, {
          changeKey: 'cancelled',
          startUtc: at,
          endUtc: at,
          subjectHash: '',
          recurrenceHash: null,
        });
        return;
      }
      case 'syncMasterFirst': {
        await enqueueSyncEvent(ctx, { tenantId, userId, eventId: action.masterEventId, changeType: 'resync' });
        // Give the master's job time to link the series; an instance of a series that never gets
        // linked is not ours, and is let go after a few tries.
        if (this.attempt.retryCount < 3) throw new SyncError('series_master_pending', 'the series master is synced first');
        return;
      }
      case 'recordError': {
        await this.recordIssue(action.code, action.meetingId, action.eventId);
        if (action.state && action.eventId && action.meetingId) await this.saveState(action.eventId, action.meetingId, action.state);
        else if (action.eventId) await this.saveProblem(action.eventId, action.meetingId);
        return;
      }
    }
  }

  /** A copied event gets a meeting of its own (found again by its tag if an earlier attempt made it). */
  private async createCopy(event: ObservedEvent, sourceMeetingId: string, state: SyncState): Promise<void> {
    const { ctx, scope } = this;
    const { tenantId, userId } = this.ids;
    const source = await scope.webex(false, (token, host) => ctx.webex.getMeeting(token, sourceMeetingId, host));
    // The source meeting may be gone (the original was deleted meanwhile): default options then.
    const options: CopySource = source.ok ? source.value : { scheduledType: 'meeting' };
    const copyTag = copyTagOf(tenantId, userId, event.eventId);
    let meeting: WebexMeeting | undefined;
    if (options.scheduledType !== 'personalRoomMeeting') {
      const found = await scope.webex(false, (token, host) =>
        ctx.webex.listMeetings(token, {
          ...host,
          integrationTag: copyTag,
          meetingType: 'meetingSeries',
          from: new Date(event.start.getTime() - DAY_MS).toISOString(),
          to: new Date(event.end.getTime() + DAY_MS).toISOString(),
        }),
      );
      meeting = found.ok ? found.value[0] : undefined;
    }
    if (!meeting) {
      await ctx.checkpoint('copy:before-create');
      const actor = await scope.webexActor();
      const invitees = event.invitees.filter((i) => i.email.toLowerCase() !== actor.hostEmail?.toLowerCase());
      const personalRoom = options.scheduledType === 'personalRoomMeeting';
      const fits = invitees.length <= MAX_INVITEES;
      if (personalRoom) this.noInvitees.add(event.eventId);
      else if (!fits) await this.recordIssue('too_many_invitees', undefined, event.eventId);
      const body = copyCreateBody(event, options, copyTag, fits ? invitees : []);
      const created = await scope.webex(true, (token, host) => ctx.webex.createMeeting(token, { ...body, ...host }));
      if (!created.ok) {
        await this.recordIssue('copy_failed');
        return;
      }
      meeting = created.value;
    }
    await ctx.checkpoint('copy:after-create');
    await this.store.meetings.create({ meetingId: meeting.id, tenantId, userId, createdAt: ctx.clock() });
    await this.saveState(event.eventId, meeting.id, state);
    await ctx.checkpoint('copy:after-link');
    await this.rewriteEvent(event, meeting);
  }

  /**
   * Writes the meeting's join block and marker into the event, only if the event is still the
   * version we read (If-Match): a user's concurrent edit wins, and the job reads it again.
   */
  private async rewriteEvent(event: ObservedEvent, meeting: WebexMeeting): Promise<void> {
    const rewrite = copyRewrite(event.raw, meeting, {
      addinId: this.ctx.options.addinId,
      now: this.ctx.clock(),
      joinLinkHosts: this.ctx.options.joinLinkHosts,
    });
    let updated: { changeKey?: unknown } | undefined;
    try {
      updated = await this.scope.graph<{ changeKey?: unknown }>({
        method: 'PATCH',
        path: this.scope.eventPath(event.eventId),
        body: rewrite,
        headers: { 'If-Match': `W/"${event.changeKey}"` },
        idempotent: true,
      });
    } catch (thrown) {
      if (thrown instanceof GraphError && thrown.code === 'graph_precondition_failed') {
        throw new SyncError('event_changed_concurrently', 'the event changed while its join block was being rewritten', { cause: thrown });
      }
      throw thrown;
    }
    if (typeof updated?.changeKey === 'string') {
      this.scope.changeKeyOverride = updated.changeKey;
      await this.saveState(event.eventId, meeting.id, stateOf(event));
    }
  }

  /** Exceptions and cancellations of a linked series, from its instances. */
  private async syncOccurrences(master: ObservedEvent, seriesMeetingId: string, retry: boolean): Promise<void> {
    const { tenantId, userId } = this.ids;
    const masterLink = await this.store.links.getByEvent(tenantId, userId, master.eventId);
    if (!masterLink || masterLink.meetingId !== seriesMeetingId) return;
    const from = new Date(Math.floor(this.ctx.clock().getTime() / DAY_MS) * DAY_MS);
    const to = new Date(from.getTime() + this.ctx.options.instancesHorizonDays * DAY_MS);
    const instances = await this.scope.readInstances(master.eventId, from, to);
    const links = await this.occurrenceLinks(seriesMeetingId);
    for (const action of reconcileInstances(master, masterLink, instances, links, from, { retry })) {
      await this.execute(
        action,
        instances.find((i) => 'eventId' in action && i.eventId === action.eventId),
      );
    }
  }
}

/** Runs one sync-event job (serialized per event in this process). */
export async function syncEvent(
  ctx: SyncContext,
  payload: SyncEventPayload,
  attempt: SyncAttempt = { retryCount: 0 },
): Promise<SyncEventResult> {
  return ctx.locks.run(syncEventKey(payload), async () => {
    try {
      return await new EventSync(ctx, payload, attempt).run();
    } catch (thrown) {
      const error = toError(thrown);
      const code = stopCode(error);
      if (code === undefined) throw error;
      // Retrying cannot help until someone acts (relinks Webex, consents again): count and let go.
      ctx.metrics.inc('sync_errors', { code });
      ctx.logger.warn({ code, tenantId: payload.tenantId }, 'an event could not be synced: authorization missing');
      // The admin page lists it: this is what an admin or the user has to act on. The organizer sees
      // it on the event (when it names a meeting of theirs): the change did not reach Webex.
      const recorded = async () => {
        await ctx.store.syncErrors.record({ tenantId: payload.tenantId, userId: payload.userId, code });
        const link = await ctx.store.links.getByEvent(payload.tenantId, payload.userId, payload.eventId);
        if (link)
          await ctx.store.syncProblems.set({
            tenantId: payload.tenantId,
            userId: payload.userId,
            eventId: payload.eventId,
            meetingId: link.meetingId,
            code,
            at: ctx.clock(),
          });
      };
      await recorded().catch((recordFailed: unknown) => {
        ctx.logger.warn({ err: toError(recordFailed), code: 'sync_error_not_recorded' }, 'a sync error could not be recorded');
      });
      return { outcome: 'stopped', webexWrites: 0 };
    }
  });
}
