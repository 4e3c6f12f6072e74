/**
 * The reconciliation rules (docs/architecture.md#reconciliation) as one pure function: from what
 * Graph shows of an event (or that it is gone) and what the store knows of it (its link, the
 * meeting its marker names, its series), to the actions that bring the Webex meeting in step. No
 * I/O: sync-event.ts reads, calls this, and carries the actions out in order.
 *
 * | Graph shows                                              | actions                                              |
 * | new event, marker naming a meeting not linked yet        | link (after making Webex match the event)            |
 * | start, end, subject or recurrence differ from last sync  | updateMeeting (series or occurrence)                 |
 * | the attendee set differs from last sync                  | syncInvitees: Webex's invitees listed, then those    |
 * |                                                          | added and removed that differ                        |
 * | only other fields changed (categories, our body rewrite) | recordState: zero Webex calls                        |
 * | marker's meeting linked to another event (a copy)        | createCopy: new meeting, rewrite block+marker, link  |
 * | deleted or cancelled                                     | deleteMeeting, dropLink                              |
 * | join block and marker removed                            | deleteMeeting, dropLink                              |
 * | an occurrence moved or edited (exception)                | syncOccurrences -> updateMeeting of that occurrence  |
 * | an occurrence cancelled                                  | syncOccurrences -> cancelOccurrence                  |
 * | series time or pattern changed                           | updateMeeting of the series, drop the occurrence     |
 * |                                                          | links, syncOccurrences re-applies what Outlook kept  |
 *
 * Occurrences of a series are linked like events: an exception's link names the Webex occurrence
 * `<seriesId>_<original UTC start>`; a cancelled occurrence leaves a tombstone link (event id
 * `cancelled:<master id>:<stamp>`) so that it is cancelled in Webex once, not on every echo.
 *
 * Attendees are compared by the keyed fingerprint of their addresses (the link keeps nothing else
 * of them). An exception's attendees are compared with its own link, or, the first time, with the
 * series': those it has beyond the series are invited to that one Webex occurrence; Webex removes a
 * series' invitee from the whole series only, so one left out of a single occurrence stays invited.
 * A personal room meeting keeps no invitees: its link says so ('-') and its attendees are not followed.
 *
 * A retry (the organizer asked, after a sync problem) compares the event with what Webex has rather
 * than with the last sync: the meeting is read, patched where it differs, its invitees listed and
 * brought in step, and the occurrences that had a problem are applied again.
 */
import { MAX_MEETING_MINUTES, MIN_MEETING_MINUTES } from '../../core/meeting-draft';
import { formatInTimeZone } from '../../core/time-zones';
import type { SyncState } from '../store';
import type { ObservedEvent } from './event-observation';

/** The state of an event as last synced: the store's (attendeesHash NO_INVITEES for a meeting without). */
export type { SyncState };

/** The attendees hash of a meeting that keeps no invitees (a personal room meeting). */
export const NO_INVITEES = '-';

/** What reconcile needs of a stored link (the store's EventLink). */
export interface LinkState {
  eventId: string;
  meetingId: string;
  lastSynced: SyncState;
  /** The code of the sync problem the event has, if it has one. */
  problem?: string;
}

/** What a Webex PATCH changes (sendEmail is always false, added by the client). */
export interface MeetingPatch {
  title?: string;
  /** ISO 8601 with the offset of `timezone` at that instant, e.g. 2026-11-24T09:00:00-08:00. */
  start?: string;
  end?: string;
  timezone?: string;
  /** RRULE; null makes the series a single meeting. */
  recurrence?: string | null;
}

export type SyncAction =
  /**
   * Link the event to the meeting its marker names (first sight). With `verify`, Webex is read
   * first and patched where it differs from the event (the user may have edited the draft after
   * adding the meeting), and its invitees brought in step with the attendees (unless it is a
   * personal room meeting, which keeps none).
   */
  | { kind: 'link'; meetingId: string; state: SyncState; verify: boolean }
  /**
   * Webex's invitees of the meeting (or occurrence) brought in step with the event's attendees:
   * listed, then the missing invited and the departed removed (alternate hosts are kept). With
   * `checkType`, the meeting is read first, since a personal room meeting keeps no invitees.
   */
  | { kind: 'syncInvitees'; meetingId: string; target: 'series' | 'occurrence'; eventId: string; checkType: boolean }
  /** Nothing Webex keeps changed: remember the new changeKey. */
  | { kind: 'recordState'; eventId: string; meetingId: string; state: SyncState }
  | { kind: 'updateMeeting'; meetingId: string; target: 'series' | 'occurrence'; patch: MeetingPatch; eventId: string; state: SyncState }
  /** Delete in Webex (sendEmail=false); a meeting already gone is fine. */
  | { kind: 'deleteMeeting'; meetingId: string; target: 'series' | 'occurrence' }
  | { kind: 'dropLink'; eventId: string }
  /** Forget the links of the series' occurrences (exceptions and tombstones). */
  | { kind: 'dropOccurrenceLinks'; seriesMeetingId: string }
  /** Forget that the user owns the meeting (it is deleted). */
  | { kind: 'dropMeetingRecord'; meetingId: string }
  /** The event is a copy: give it a meeting of its own with the source meeting's options. */
  | { kind: 'createCopy'; sourceMeetingId: string; state: SyncState }
  /** The event still names another meeting in its marker and join block: write ours. */
  | { kind: 'rewriteMarker'; meetingId: string }
  /**
   * A linked series changed: read its instances and bring the Webex occurrences in step
   * (reconcileInstances). Outlook announces changes inside a series as changes of the master, so
   * this is how exceptions and cancellations are seen. After a series reset, the occurrence links
   * are gone and every exception Outlook kept is applied again.
   */
  | { kind: 'syncOccurrences'; masterEventId: string; seriesMeetingId: string; retry?: boolean }
  /** Cancel one Webex occurrence and leave a tombstone (replacing the exception's link, if any). */
  | { kind: 'cancelOccurrence'; occurrenceId: string; masterEventId: string; originalStart: Date; replacesEventId?: string }
  /** An instance of a series not linked yet: sync the master first, then this again. */
  | { kind: 'syncMasterFirst'; masterEventId: string }
  /** Webex cannot hold the event as it is: record the code on the link (no retry loop). */
  | { kind: 'recordError'; code: SyncIssueCode; eventId?: string; meetingId?: string; state?: SyncState };

export type SyncIssueCode =
  | 'all_day_not_supported'
  | 'meeting_too_long'
  | 'meeting_too_short'
  | 'recurrence_unsupported'
  | 'recurrence_invalid'
  | 'time_zone_unknown'
  | 'occurrence_without_original_start'
  | 'copy_not_possible'
  /** More attendees than Webex invites to one meeting (1000): the invitees are left as they were. */
  | 'too_many_invitees';

export type ReconcileOutcome =
  /** Not ours (no marker, someone else's meeting, an attendee's copy): nothing to do. */
  | 'ignored'
  | 'linked'
  | 'updated'
  /** Nothing Webex keeps changed. */
  | 'echo'
  | 'copied'
  | 'deleted'
  | 'relinked'
  | 'deferred'
  | 'error';

export interface ReconcileResult {
  outcome: ReconcileOutcome;
  actions: SyncAction[];
}

/** What the store knows of the meeting an event's marker names. */
export interface MarkedMeeting {
  meetingId: string;
  /** The user created it through the add-in (the meetings table). */
  ownedByUser: boolean;
  /** The event it is linked to, if any. */
  linkedEventId?: string;
}

export interface ReconcileInput {
  /** The event the job is about. */
  eventId: string;
  /** The event as Graph shows it now; undefined when Graph says it is gone. */
  event: ObservedEvent | undefined;
  /** This event's link. */
  link?: LinkState;
  /** The meeting the event's marker names (when it has one). */
  markedMeeting?: MarkedMeeting;
  /** An instance of a series: its master's link. */
  masterLink?: LinkState;
  /** A series master: the links of its occurrences (exceptions and tombstones). */
  occurrenceLinks?: readonly LinkState[];
  /**
   * A gone occurrence link: its series master as Graph shows it now (to tell a cancelled
   * occurrence from one that went with a series change). Undefined: the master is gone too.
   */
  master?: ObservedEvent;
  /** The organizer asked to try again: compare with what Webex has, not with the last sync. */
  retry?: boolean;
}

const OCCURRENCE_ID = /^(.+)_(\d{8}T\d{6}Z)$/;
const TOMBSTONE_PREFIX = 'cancelled:';

/** Webex's name of an occurrence: `<seriesId>_<yyyyMMddTHHmmssZ>` of its original UTC start. */
export function occurrenceMeetingId(seriesMeetingId: string, originalStart: Date): string {
  const stamp = new Date(Math.floor(originalStart.getTime() / 1000) * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${seriesMeetingId}_${stamp}`;
}

/** The series and stamp of an occurrence id; undefined for a series id. */
export function parseOccurrenceMeetingId(meetingId: string): { seriesMeetingId: string; stamp: string } | undefined {
  const m = OCCURRENCE_ID.exec(meetingId);
  return m ? { seriesMeetingId: m[1] as string, stamp: m[2] as string } : undefined;
}

/** The event id of the tombstone of a cancelled occurrence. */
export function tombstoneEventId(masterEventId: string, occurrenceId: string): string {
  const stamp = parseOccurrenceMeetingId(occurrenceId)?.stamp ?? occurrenceId;
  return `${TOMBSTONE_PREFIX}${masterEventId}:${stamp}`;
}

export function isTombstone(link: Pick<LinkState, 'eventId'>): boolean {
  return link.eventId.startsWith(TOMBSTONE_PREFIX);
}

/** The state to record for the event; a meeting known to keep no invitees stays so. */
export function stateOf(event: ObservedEvent, last?: SyncState): SyncState {
  return {
    changeKey: event.changeKey,
    startUtc: event.start,
    endUtc: event.end,
    subjectHash: event.subjectHash,
    recurrenceHash: event.recurrenceHash,
    attendeesHash: last?.attendeesHash === NO_INVITEES ? NO_INVITEES : event.attendeesHash,
  };
}

/**
 * The invitee sync the event needs against `last`, if any: none for a meeting without invitees or
 * an unchanged attendee set; with the meeting's type checked first when nothing is known yet.
 */
export function inviteesAction(
  event: ObservedEvent,
  last: SyncState,
  meetingId: string,
  target: 'series' | 'occurrence',
): SyncAction | undefined {
  const known = last.attendeesHash ?? null;
  if (known === NO_INVITEES || known === event.attendeesHash) return undefined;
  return { kind: 'syncInvitees', meetingId, target, eventId: event.eventId, checkType: known === null };
}

/** Why Webex cannot hold the event's time or recurrence, if it cannot. */
export function webexIssueOf(event: ObservedEvent): SyncIssueCode | undefined {
  if (event.isAllDay) return 'all_day_not_supported';
  const minutes = Math.floor(event.end.getTime() / 60_000) - Math.floor(event.start.getTime() / 60_000);
  if (minutes > MAX_MEETING_MINUTES) return 'meeting_too_long';
  if (minutes < MIN_MEETING_MINUTES) return 'meeting_too_short';
  if (event.type === 'seriesMaster' && event.recurrence && 'errorCode' in event.recurrence) {
    const code = event.recurrence.errorCode;
    return code === 'recurrence_unsupported' || code === 'time_zone_unknown' ? code : 'recurrence_invalid';
  }
  return undefined;
}

const sameInstant = (a: Date, b: Date): boolean => a.getTime() === b.getTime();

function timeChanged(event: ObservedEvent, last: SyncState): boolean {
  return !sameInstant(event.start, last.startUtc) || !sameInstant(event.end, last.endUtc);
}

function timePatch(event: ObservedEvent, withZone: boolean): MeetingPatch {
  return {
    start: formatInTimeZone(event.start, event.timeZone),
    end: formatInTimeZone(event.end, event.timeZone),
    ...(withZone ? { timezone: event.timeZone } : {}),
  };
}

/**
 * The Webex patch for a series or single meeting whose event changed from `last`; empty when
 * nothing Webex keeps changed. A changed recurrence sends the times too: Webex anchors the rule on
 * the start, in the meeting's zone (which keeps a weekly 09:00 at 09:00 across DST).
 */
export function seriesPatchOf(event: ObservedEvent, last: SyncState): MeetingPatch {
  const patch: MeetingPatch = {};
  const recurrenceChanged = event.recurrenceHash !== last.recurrenceHash;
  if (timeChanged(event, last) || recurrenceChanged) Object.assign(patch, timePatch(event, true));
  if (recurrenceChanged) patch.recurrence = event.recurrence && 'rrule' in event.recurrence ? event.recurrence.rrule : null;
  if (event.subjectHash !== last.subjectHash) patch.title = event.title;
  return patch;
}

const isEmpty = (patch: MeetingPatch): boolean => Object.keys(patch).length === 0;

function deleteWholeMeeting(link: LinkState): SyncAction[] {
  return [
    { kind: 'deleteMeeting', meetingId: link.meetingId, target: 'series' },
    { kind: 'dropOccurrenceLinks', seriesMeetingId: link.meetingId },
    { kind: 'dropLink', eventId: link.eventId },
    { kind: 'dropMeetingRecord', meetingId: link.meetingId },
  ];
}

/**
 * An exception or occurrence of a linked series. `link` is its own link (absent the first time an
 * exception is seen): compared with it, or, the first time, with what the series gives the
 * occurrence (its original start, the series' duration and subject), so that an exception that
 * changed only attendees or the body costs no Webex call.
 */
export function reconcileOccurrence(event: ObservedEvent, link: LinkState | undefined, masterLink: LinkState): ReconcileResult {
  if (!event.originalStart) {
    return { outcome: 'error', actions: [{ kind: 'recordError', code: 'occurrence_without_original_start', eventId: event.eventId }] };
  }
  const occurrenceId = occurrenceMeetingId(masterLink.meetingId, event.originalStart);
  if (event.isCancelled) {
    return {
      outcome: 'deleted',
      actions: [
        {
          kind: 'cancelOccurrence',
          occurrenceId,
          masterEventId: masterLink.eventId,
          originalStart: event.originalStart,
          replacesEventId: link?.eventId,
        },
      ],
    };
  }
  const master = masterLink.lastSynced;
  const baseline: SyncState = link?.lastSynced ?? {
    changeKey: '',
    startUtc: event.originalStart,
    endUtc: new Date(event.originalStart.getTime() + (master.endUtc.getTime() - master.startUtc.getTime())),
    subjectHash: master.subjectHash,
    recurrenceHash: null,
    // Until it has a link, an occurrence has the series' invitees.
    attendeesHash: master.attendeesHash,
  };
  const state = stateOf(event, baseline);
  const invitees = inviteesAction(event, baseline, occurrenceId, 'occurrence');
  const before: SyncAction[] = invitees ? [invitees] : [];
  const issue = webexIssueOf(event);
  if (issue) {
    return {
      outcome: 'error',
      actions: [...before, { kind: 'recordError', code: issue, eventId: event.eventId, meetingId: occurrenceId, state }],
    };
  }
  const patch: MeetingPatch = {};
  if (timeChanged(event, baseline)) Object.assign(patch, timePatch(event, false));
  if (event.subjectHash !== baseline.subjectHash) patch.title = event.title;
  if (isEmpty(patch)) {
    return {
      outcome: invitees ? 'updated' : 'echo',
      actions: [...before, { kind: 'recordState', eventId: event.eventId, meetingId: occurrenceId, state }],
    };
  }
  return {
    outcome: 'updated',
    actions: [...before, { kind: 'updateMeeting', meetingId: occurrenceId, target: 'occurrence', patch, eventId: event.eventId, state }],
  };
}

/** Cancellations Graph lists on a master that have no tombstone yet. */
export function newCancellations(master: ObservedEvent, masterLink: LinkState, occurrenceLinks: readonly LinkState[]): SyncAction[] {
  const actions: SyncAction[] = [];
  for (const originalStart of master.cancelledOccurrences ?? []) {
    const occurrenceId = occurrenceMeetingId(masterLink.meetingId, originalStart);
    const existing = occurrenceLinks.find((l) => l.meetingId === occurrenceId);
    if (existing && isTombstone(existing)) continue;
    actions.push({
      kind: 'cancelOccurrence',
      occurrenceId,
      masterEventId: masterLink.eventId,
      originalStart,
      replacesEventId: existing?.eventId,
    });
  }
  return actions;
}

/** The event is gone (Graph answered 404). */
function reconcileGone(input: ReconcileInput): ReconcileResult {
  const { link } = input;
  if (!link || isTombstone(link)) return { outcome: 'ignored', actions: [] };
  const occurrence = parseOccurrenceMeetingId(link.meetingId);
  if (!occurrence) return { outcome: 'deleted', actions: deleteWholeMeeting(link) };
  // An exception went away: either its occurrence was cancelled, or a series change took it
  // (Outlook drops exceptions when a series moves; the master's sync resets Webex then).
  const { master, masterLink } = input;
  if (!master || !masterLink || master.isCancelled) return { outcome: 'deleted', actions: [{ kind: 'dropLink', eventId: link.eventId }] };
  const masterPatch = seriesPatchOf(master, masterLink.lastSynced);
  const seriesMoved = masterPatch.start !== undefined || masterPatch.recurrence !== undefined;
  const cancelled = master.cancelledOccurrences;
  const listedAsCancelled = cancelled?.some((start) => occurrenceMeetingId(masterLink.meetingId, start) === link.meetingId);
  // Without cancelledOccurrences from Graph, an exception gone while its series stayed put was cancelled.
  if (!seriesMoved && (listedAsCancelled === true || cancelled === undefined)) {
    const originalStart = parseStamp(occurrence.stamp);
    return {
      outcome: 'deleted',
      actions: [
        {
          kind: 'cancelOccurrence',
          occurrenceId: link.meetingId,
          masterEventId: masterLink.eventId,
          originalStart,
          replacesEventId: link.eventId,
        },
      ],
    };
  }
  return { outcome: 'deleted', actions: [{ kind: 'dropLink', eventId: link.eventId }] };
}

function parseStamp(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : new Date(Number.NaN);
}

/** A linked single event or series master that Graph still shows. */
function reconcileLinked(event: ObservedEvent, link: LinkState, input: ReconcileInput): ReconcileResult {
  const actions: SyncAction[] = [];
  const marked = input.markedMeeting;
  let outcome: ReconcileOutcome | undefined;

  if (!event.marker && !event.hasJoinBlock) {
    // The user took the meeting out of the event.
    return { outcome: 'deleted', actions: deleteWholeMeeting(link) };
  }
  if (event.marker && event.marker.meetingId !== link.meetingId && marked?.ownedByUser) {
    if (marked.linkedEventId !== undefined && marked.linkedEventId !== event.eventId) {
      // A copy whose link was made but whose marker still names the original (a retry after a crash).
      actions.push({ kind: 'rewriteMarker', meetingId: link.meetingId });
    } else if (marked.linkedEventId === undefined) {
      // The user replaced the meeting through the add-in: the old one goes, the new one is linked.
      const replaced: SyncAction[] = [
        { kind: 'deleteMeeting', meetingId: link.meetingId, target: 'series' },
        { kind: 'dropOccurrenceLinks', seriesMeetingId: link.meetingId },
        { kind: 'dropLink', eventId: link.eventId },
        { kind: 'dropMeetingRecord', meetingId: link.meetingId },
        { kind: 'link', meetingId: marked.meetingId, state: stateOf(event), verify: webexIssueOf(event) === undefined },
      ];
      return { outcome: 'relinked', actions: replaced };
    }
  }

  const state = stateOf(event, link.lastSynced);
  const invitees = inviteesAction(event, link.lastSynced, link.meetingId, 'series');
  const issue = webexIssueOf(event);
  if (issue) {
    // Webex cannot take the event's time or pattern; its attendees it can.
    if (invitees) actions.push(invitees);
    actions.push({ kind: 'recordError', code: issue, eventId: event.eventId, meetingId: link.meetingId, state });
    return { outcome: 'error', actions };
  }
  if (input.retry) {
    // Compared with what Webex has now: read, patched where it differs, invitees listed.
    actions.push({ kind: 'link', meetingId: link.meetingId, state: { ...state, attendeesHash: event.attendeesHash }, verify: true });
    if (event.type === 'seriesMaster')
      actions.push({ kind: 'syncOccurrences', masterEventId: event.eventId, seriesMeetingId: link.meetingId, retry: true });
    return { outcome: 'updated', actions };
  }
  const patch = seriesPatchOf(event, link.lastSynced);
  const seriesReset = patch.start !== undefined || patch.recurrence !== undefined;
  if (invitees) actions.push(invitees);
  if (isEmpty(patch)) {
    actions.push({ kind: 'recordState', eventId: event.eventId, meetingId: link.meetingId, state });
    outcome = invitees ? 'updated' : 'echo';
  } else {
    actions.push({ kind: 'updateMeeting', meetingId: link.meetingId, target: 'series', patch, eventId: event.eventId, state });
    outcome = 'updated';
  }
  const occurrenceLinks = input.occurrenceLinks ?? [];
  if (seriesReset && occurrenceLinks.length > 0) {
    // Webex cancels its exceptions when a series moves, and Outlook drops its own: start over
    // from what Outlook still has.
    actions.push({ kind: 'dropOccurrenceLinks', seriesMeetingId: link.meetingId });
  }
  if (event.type === 'seriesMaster' && event.changeKey !== link.lastSynced.changeKey) {
    actions.push({ kind: 'syncOccurrences', masterEventId: event.eventId, seriesMeetingId: link.meetingId });
  }
  return { outcome, actions };
}

/** A single event or series master with no link. */
function reconcileUnlinked(event: ObservedEvent, input: ReconcileInput): ReconcileResult {
  const marked = input.markedMeeting;
  if (!event.marker || !marked || marked.meetingId !== event.marker.meetingId || !marked.ownedByUser)
    return { outcome: 'ignored', actions: [] };
  const state = stateOf(event);
  if (marked.linkedEventId === undefined || marked.linkedEventId === event.eventId) {
    const issue = webexIssueOf(event);
    if (issue) {
      // Linked all the same, so that a later fix of the event is synced; Webex keeps what it had,
      // apart from the invitees, which it can take.
      return {
        outcome: 'error',
        actions: [
          { kind: 'syncInvitees', meetingId: marked.meetingId, target: 'series', eventId: event.eventId, checkType: true },
          { kind: 'link', meetingId: marked.meetingId, state, verify: false },
          { kind: 'recordError', code: issue, eventId: event.eventId, meetingId: marked.meetingId, state },
        ],
      };
    }
    const actions: SyncAction[] = [{ kind: 'link', meetingId: marked.meetingId, state, verify: true }];
    // A series may already have exceptions and cancellations by the time it is first seen.
    if (event.type === 'seriesMaster')
      actions.push({ kind: 'syncOccurrences', masterEventId: event.eventId, seriesMeetingId: marked.meetingId });
    return { outcome: 'linked', actions };
  }
  // The meeting belongs to another event: this one is a copy and needs a meeting of its own.
  const issue = webexIssueOf(event);
  if (issue) return { outcome: 'error', actions: [{ kind: 'recordError', code: 'copy_not_possible', eventId: event.eventId }] };
  return { outcome: 'copied', actions: [{ kind: 'createCopy', sourceMeetingId: marked.meetingId, state }] };
}

/**
 * The occurrences of a linked series, from its instances as Graph lists them in a window (and the
 * master's cancelledOccurrences): exceptions new or changed since their link are applied to
 * their Webex occurrence, cancellations not yet applied are applied. `masterLink` holds the
 * series as just synced; `occurrenceLinks` what is linked of it (empty after a reset).
 */
export function reconcileInstances(
  master: ObservedEvent,
  masterLink: LinkState,
  instances: readonly ObservedEvent[],
  occurrenceLinks: readonly LinkState[],
  windowStart: Date,
  options: { retry?: boolean } = {},
): SyncAction[] {
  const actions: SyncAction[] = [];
  const listed = new Set<string>();
  for (const instance of instances) {
    if (instance.type !== 'exception') continue;
    listed.add(instance.eventId);
    const link = occurrenceLinks.find((l) => l.eventId === instance.eventId);
    // On a retry, an exception that had a problem is applied again, as if seen the first time.
    const again = options.retry === true && link?.problem !== undefined;
    if (link && link.lastSynced.changeKey === instance.changeKey && !again) continue;
    actions.push(...reconcileOccurrence(instance, again ? undefined : link, masterLink).actions);
  }
  const cancellations = newCancellations(master, masterLink, occurrenceLinks);
  const cancelledIds = new Set(cancellations.map((a) => (a.kind === 'cancelOccurrence' ? a.occurrenceId : '')));
  for (const link of occurrenceLinks) {
    if (isTombstone(link) || listed.has(link.eventId) || cancelledIds.has(link.meetingId)) continue;
    const stamp = parseOccurrenceMeetingId(link.meetingId)?.stamp;
    // An exception Outlook no longer lists in the window: forget it (earlier ones are past).
    if (stamp !== undefined && parseStamp(stamp).getTime() >= windowStart.getTime())
      actions.push({ kind: 'dropLink', eventId: link.eventId });
  }
  actions.push(...cancellations);
  return actions;
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const { event, link } = input;
  if (!event) return reconcileGone(input);
  if (!event.isOrganizer) return { outcome: 'ignored', actions: [] };

  if (event.type === 'occurrence' || event.type === 'exception') {
    if (input.masterLink) return reconcileOccurrence(event, link, input.masterLink);
    // The series is not linked (yet): if the instance carries our meeting, its master must be synced first.
    if (event.seriesMasterId && (event.marker || event.hasJoinBlock)) {
      return { outcome: 'deferred', actions: [{ kind: 'syncMasterFirst', masterEventId: event.seriesMasterId }] };
    }
    return { outcome: 'ignored', actions: [] };
  }

  if (event.isCancelled) {
    return link ? { outcome: 'deleted', actions: deleteWholeMeeting(link) } : { outcome: 'ignored', actions: [] };
  }
  return link ? reconcileLinked(event, link, input) : reconcileUnlinked(event, input);
}
