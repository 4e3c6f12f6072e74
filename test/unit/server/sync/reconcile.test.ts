/**
 * One row per reconciliation rule of docs/architecture.md#reconciliation (and their edge cases):
 * what Graph shows, what the store knows, and the actions reconcile must return.
 */
import {
  occurrenceMeetingId,
  reconcile,
  reconcileInstances,
  tombstoneEventId,
  type ReconcileInput,
  type ReconcileOutcome,
  type SyncAction,
} from '../../../../src/server/sync/reconcile';
import {
  at,
  END,
  EVENT,
  instance,
  linkOf,
  MASTER,
  MEETING,
  minutes,
  observed,
  OTHER_EVENT,
  seriesMaster,
  START,
  stateOf,
  WEEKLY_RRULE,
} from './sync-fixtures';

interface Row {
  rule: string;
  input: () => ReconcileInput;
  outcome: ReconcileOutcome;
  kinds: SyncAction['kind'][];
  check?: (actions: SyncAction[]) => void;
}

const owned = (linkedEventId?: string) => ({ meetingId: MEETING, ownedByUser: true, ...(linkedEventId ? { linkedEventId } : {}) });
const only = <K extends SyncAction['kind']>(actions: SyncAction[], kind: K) =>
  actions.find((a) => a.kind === kind) as Extract<SyncAction, { kind: K }>;
const secondMonday = at(START, 7 * 24 * 60 * minutes(1));
const secondOccurrence = occurrenceMeetingId(MEETING, secondMonday);

const rows: Row[] = [
  {
    rule: 'a new event carrying a marker whose meeting is not linked yet is linked, after Webex is checked',
    input: () => ({ eventId: EVENT, event: observed(), markedMeeting: owned() }),
    outcome: 'linked',
    kinds: ['link'],
    check: (a) => expect(only(a, 'link')).toMatchObject({ meetingId: MEETING, verify: true, state: { changeKey: 'ck-2' } }),
  },
  {
    rule: 'a new series is linked, and its occurrences read for exceptions it may already have',
    input: () => ({ eventId: MASTER, event: seriesMaster(), markedMeeting: owned() }),
    outcome: 'linked',
    kinds: ['link', 'syncOccurrences'],
  },
  {
    rule: 'a new event found only by its join block (the custom property written late) is linked',
    input: () => ({ eventId: EVENT, event: observed({ marker: { meetingId: MEETING, source: 'joinBlock' } }), markedMeeting: owned() }),
    outcome: 'linked',
    kinds: ['link'],
  },
  {
    rule: 'an event without a marker is not ours',
    input: () => ({ eventId: EVENT, event: observed({ marker: undefined, hasJoinBlock: false }) }),
    outcome: 'ignored',
    kinds: [],
  },
  {
    rule: "a marker naming a meeting the user did not create (someone else's join block) is ignored",
    input: () => ({ eventId: EVENT, event: observed(), markedMeeting: { meetingId: MEETING, ownedByUser: false } }),
    outcome: 'ignored',
    kinds: [],
  },
  {
    rule: "an attendee's copy of a meeting is never acted on",
    input: () => ({ eventId: EVENT, event: observed({ isOrganizer: false }), markedMeeting: owned(OTHER_EVENT) }),
    outcome: 'ignored',
    kinds: [],
  },
  {
    rule: 'a moved start updates the Webex meeting with local times and the IANA zone',
    input: () => {
      const event = observed({ start: at(START, minutes(60)), end: at(END, minutes(60)) });
      return { eventId: EVENT, event, link: linkOf(observed()) };
    },
    outcome: 'updated',
    kinds: ['updateMeeting'],
    check: (a) =>
      expect(only(a, 'updateMeeting')).toEqual(
        expect.objectContaining({
          meetingId: MEETING,
          target: 'series',
          patch: { start: '2030-03-04T10:00:00-08:00', end: '2030-03-04T10:30:00-08:00', timezone: 'America/Los_Angeles' },
        }),
      ),
  },
  {
    rule: 'a changed end alone updates the Webex meeting',
    input: () => ({ eventId: EVENT, event: observed({ end: at(END, minutes(30)) }), link: linkOf(observed()) }),
    outcome: 'updated',
    kinds: ['updateMeeting'],
    check: (a) => expect(only(a, 'updateMeeting').patch.end).toBe('2030-03-04T10:00:00-08:00'),
  },
  {
    rule: 'a changed subject updates only the title',
    input: () => ({ eventId: EVENT, event: observed({ subjectHash: 'subject-hash-2', title: 'Renamed' }), link: linkOf(observed()) }),
    outcome: 'updated',
    kinds: ['updateMeeting'],
    check: (a) => expect(only(a, 'updateMeeting').patch).toEqual({ title: 'Renamed' }),
  },
  {
    rule: 'a changed recurrence updates the series rule with its anchor, then re-reads the occurrences',
    input: () => {
      const before = seriesMaster();
      const event = seriesMaster({ recurrenceHash: 'recurrence-hash-2', recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO' } });
      return { eventId: MASTER, event, link: linkOf(before), occurrenceLinks: [] };
    },
    outcome: 'updated',
    kinds: ['updateMeeting', 'syncOccurrences'],
    check: (a) =>
      expect(only(a, 'updateMeeting').patch).toMatchObject({
        recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
        start: '2030-03-04T09:00:00-08:00',
      }),
  },
  {
    rule: 'a series turned into a single appointment ends the Webex series',
    input: () => ({ eventId: EVENT, event: observed(), link: linkOf(seriesMaster({ eventId: EVENT })) }),
    outcome: 'updated',
    kinds: ['updateMeeting'],
    check: (a) => expect(only(a, 'updateMeeting').patch.recurrence).toBeNull(),
  },
  {
    rule: 'a category change, the attendees as they were, costs no Webex call (echo)',
    input: () => ({ eventId: EVENT, event: observed({ changeKey: 'ck-9' }), link: linkOf(observed()) }),
    outcome: 'echo',
    kinds: ['recordState'],
    check: (a) => expect(only(a, 'recordState').state).toMatchObject({ changeKey: 'ck-9', attendeesHash: 'attendees-hash-1' }),
  },
  {
    rule: 'an attendee added or removed brings the meeting’s invitees in step, and nothing else',
    input: () => ({ eventId: EVENT, event: observed({ changeKey: 'ck-9', attendeesHash: 'attendees-hash-2' }), link: linkOf(observed()) }),
    outcome: 'updated',
    kinds: ['syncInvitees', 'recordState'],
    check: (a) => {
      expect(only(a, 'syncInvitees')).toEqual({
        kind: 'syncInvitees',
        meetingId: MEETING,
        target: 'series',
        eventId: EVENT,
        checkType: false,
      });
      expect(only(a, 'recordState').state.attendeesHash).toBe('attendees-hash-2');
    },
  },
  {
    rule: 'attendees changed with the time: invitees first, then the meeting moved',
    input: () => ({
      eventId: EVENT,
      event: observed({ start: at(START, minutes(60)), end: at(END, minutes(60)), attendeesHash: 'attendees-hash-2' }),
      link: linkOf(observed()),
    }),
    outcome: 'updated',
    kinds: ['syncInvitees', 'updateMeeting'],
    check: (a) => expect(only(a, 'updateMeeting').state.attendeesHash).toBe('attendees-hash-2'),
  },
  {
    rule: 'a link made before attendees were followed compares them with Webex at the next change, the meeting’s type checked first',
    input: () => ({
      eventId: EVENT,
      event: observed({ changeKey: 'ck-9' }),
      link: linkOf(observed(), { lastSynced: { ...stateOf(observed()), attendeesHash: null } }),
    }),
    outcome: 'updated',
    kinds: ['syncInvitees', 'recordState'],
    check: (a) => expect(only(a, 'syncInvitees').checkType).toBe(true),
  },
  {
    rule: 'a personal room meeting keeps no invitees: its attendees are not followed',
    input: () => ({
      eventId: EVENT,
      event: observed({ changeKey: 'ck-9', attendeesHash: 'attendees-hash-2' }),
      link: linkOf(observed(), { lastSynced: { ...stateOf(observed()), attendeesHash: '-' } }),
    }),
    outcome: 'echo',
    kinds: ['recordState'],
    check: (a) => expect(only(a, 'recordState').state.attendeesHash).toBe('-'),
  },
  {
    rule: 'an appointment stretched past Webex’s longest meeting records meeting_too_long, and its new attendees still reach Webex',
    input: () => ({
      eventId: EVENT,
      event: observed({ end: at(START, minutes(25 * 60)), attendeesHash: 'attendees-hash-2' }),
      link: linkOf(observed()),
    }),
    outcome: 'error',
    kinds: ['syncInvitees', 'recordError'],
    check: (a) =>
      expect(only(a, 'recordError')).toMatchObject({
        code: 'meeting_too_long',
        eventId: EVENT,
        meetingId: MEETING,
        state: { attendeesHash: 'attendees-hash-2' },
      }),
  },
  {
    rule: 'a retry after a sync problem compares the event with Webex: the meeting read, patched where it differs, its invitees listed',
    input: () => ({
      eventId: EVENT,
      event: observed({ changeKey: 'ck-9' }),
      link: linkOf(observed(), { problem: 'webex_rejected' }),
      retry: true,
    }),
    outcome: 'updated',
    kinds: ['link'],
    check: (a) => expect(only(a, 'link')).toMatchObject({ meetingId: MEETING, verify: true, state: { changeKey: 'ck-9' } }),
  },
  {
    rule: 'a retry of a series also applies again the occurrences that had a problem',
    input: () => ({
      eventId: MASTER,
      event: seriesMaster(),
      link: linkOf(seriesMaster(), { problem: 'webex_reauthorization_required' }),
      occurrenceLinks: [],
      retry: true,
    }),
    outcome: 'updated',
    kinds: ['link', 'syncOccurrences'],
    check: (a) => expect(only(a, 'syncOccurrences').retry).toBe(true),
  },
  {
    rule: 'a retry while Webex still cannot hold the event records the problem again, without a Webex call',
    input: () => ({
      eventId: EVENT,
      event: observed({ end: at(START, minutes(25 * 60)) }),
      link: linkOf(observed({ end: at(START, minutes(25 * 60)) }), { problem: 'meeting_too_long' }),
      retry: true,
    }),
    outcome: 'error',
    kinds: ['recordError'],
  },
  {
    rule: 'our own rewrite of the body costs no Webex call (echo)',
    input: () => ({
      eventId: EVENT,
      event: observed({ changeKey: 'ck-rewritten', marker: { meetingId: MEETING, source: 'property' } }),
      link: linkOf(observed()),
      markedMeeting: owned(EVENT),
    }),
    outcome: 'echo',
    kinds: ['recordState'],
  },
  {
    rule: 'a duplicate notification of a synced version changes nothing',
    input: () => ({ eventId: EVENT, event: observed({ changeKey: 'ck-1' }), link: linkOf(observed()) }),
    outcome: 'echo',
    kinds: ['recordState'],
  },
  {
    rule: 'a copied event (its meeting is linked to another event) gets a meeting of its own',
    input: () => ({ eventId: EVENT, event: observed(), markedMeeting: owned(OTHER_EVENT) }),
    outcome: 'copied',
    kinds: ['createCopy'],
    check: (a) => expect(only(a, 'createCopy')).toMatchObject({ sourceMeetingId: MEETING, state: { changeKey: 'ck-2' } }),
  },
  {
    rule: 'a copy linked before a crash, whose marker still names the original, has its marker rewritten',
    input: () => ({
      eventId: EVENT,
      event: observed(),
      link: linkOf(observed(), { meetingId: 'copy-meeting' }),
      markedMeeting: owned(OTHER_EVENT),
    }),
    outcome: 'echo',
    kinds: ['rewriteMarker', 'recordState'],
    check: (a) => expect(only(a, 'rewriteMarker').meetingId).toBe('copy-meeting'),
  },
  {
    rule: 'a deleted event deletes its Webex meeting and drops the link',
    input: () => ({ eventId: EVENT, event: undefined, link: linkOf(observed()) }),
    outcome: 'deleted',
    kinds: ['deleteMeeting', 'dropOccurrenceLinks', 'dropLink', 'dropMeetingRecord'],
    check: (a) => expect(only(a, 'deleteMeeting')).toEqual({ kind: 'deleteMeeting', meetingId: MEETING, target: 'series' }),
  },
  {
    rule: 'a deleted event that was never linked is not ours',
    input: () => ({ eventId: EVENT, event: undefined }),
    outcome: 'ignored',
    kinds: [],
  },
  {
    rule: 'a cancelled event deletes its Webex meeting and drops the link',
    input: () => ({ eventId: EVENT, event: observed({ isCancelled: true }), link: linkOf(observed()) }),
    outcome: 'deleted',
    kinds: ['deleteMeeting', 'dropOccurrenceLinks', 'dropLink', 'dropMeetingRecord'],
  },
  {
    rule: 'removing the join block and the marker deletes the Webex meeting',
    input: () => ({ eventId: EVENT, event: observed({ marker: undefined, hasJoinBlock: false }), link: linkOf(observed()) }),
    outcome: 'deleted',
    kinds: ['deleteMeeting', 'dropOccurrenceLinks', 'dropLink', 'dropMeetingRecord'],
  },
  {
    rule: 'a join block left without its marker keeps the meeting (the block is the fallback marker)',
    input: () => ({
      eventId: EVENT,
      event: observed({ marker: undefined, hasJoinBlock: true, changeKey: 'ck-3' }),
      link: linkOf(observed()),
    }),
    outcome: 'echo',
    kinds: ['recordState'],
  },
  {
    rule: 'a meeting replaced through the add-in is deleted and the new one linked',
    input: () => ({
      eventId: EVENT,
      event: observed({ marker: { meetingId: 'new-meeting', source: 'property' } }),
      link: linkOf(observed()),
      markedMeeting: { meetingId: 'new-meeting', ownedByUser: true },
    }),
    outcome: 'relinked',
    kinds: ['deleteMeeting', 'dropOccurrenceLinks', 'dropLink', 'dropMeetingRecord', 'link'],
    check: (a) => expect(only(a, 'link').meetingId).toBe('new-meeting'),
  },
  {
    rule: 'a moved occurrence (exception) updates that Webex occurrence',
    input: () => ({
      eventId: 'x',
      event: instance({ start: at(secondMonday, minutes(120)), end: at(secondMonday, minutes(150)) }),
      masterLink: linkOf(seriesMaster()),
    }),
    outcome: 'updated',
    kinds: ['updateMeeting'],
    check: (a) =>
      expect(only(a, 'updateMeeting')).toMatchObject({
        meetingId: `${MEETING}_20300311T170000Z`,
        target: 'occurrence',
        patch: { start: '2030-03-11T12:00:00-07:00', end: '2030-03-11T12:30:00-07:00' },
      }),
  },
  {
    rule: 'an exception that changed only its body, its attendees the series’, costs no Webex call',
    input: () => ({ eventId: 'x', event: instance(), masterLink: linkOf(seriesMaster()) }),
    outcome: 'echo',
    kinds: ['recordState'],
    check: (a) => expect(only(a, 'recordState').meetingId).toBe(secondOccurrence),
  },
  {
    rule: 'an exception with attendees of its own invites them to that one Webex occurrence',
    input: () => ({ eventId: 'x', event: instance({ attendeesHash: 'attendees-hash-exception' }), masterLink: linkOf(seriesMaster()) }),
    outcome: 'updated',
    kinds: ['syncInvitees', 'recordState'],
    check: (a) => {
      expect(only(a, 'syncInvitees')).toMatchObject({ meetingId: secondOccurrence, target: 'occurrence', checkType: false });
      expect(only(a, 'recordState').state.attendeesHash).toBe('attendees-hash-exception');
    },
  },
  {
    rule: 'an exception of a personal room series keeps no invitees either',
    input: () => ({
      eventId: 'x',
      event: instance({ attendeesHash: 'attendees-hash-exception' }),
      masterLink: linkOf(seriesMaster(), { lastSynced: { ...stateOf(seriesMaster()), attendeesHash: '-' } }),
    }),
    outcome: 'echo',
    kinds: ['recordState'],
  },
  {
    rule: 'an exception with its own subject gets its own Webex title',
    input: () => ({ eventId: 'x', event: instance({ subjectHash: 'other', title: 'Special' }), masterLink: linkOf(seriesMaster()) }),
    outcome: 'updated',
    kinds: ['updateMeeting'],
    check: (a) => expect(only(a, 'updateMeeting').patch).toEqual({ title: 'Special' }),
  },
  {
    rule: 'an exception already synced is compared with its own link',
    input: () => {
      const moved = instance({ start: at(secondMonday, minutes(60)), end: at(secondMonday, minutes(90)) });
      return {
        eventId: moved.eventId,
        event: moved,
        link: linkOf(moved, { meetingId: secondOccurrence }),
        masterLink: linkOf(seriesMaster()),
      };
    },
    outcome: 'echo',
    kinds: ['recordState'],
  },
  {
    rule: 'a cancelled occurrence deletes that Webex occurrence and leaves a tombstone',
    input: () => ({ eventId: 'x', event: instance({ isCancelled: true }), masterLink: linkOf(seriesMaster()) }),
    outcome: 'deleted',
    kinds: ['cancelOccurrence'],
    check: (a) => expect(only(a, 'cancelOccurrence')).toMatchObject({ occurrenceId: secondOccurrence, masterEventId: MASTER }),
  },
  {
    rule: 'an instance of a series not linked yet, carrying our block, syncs its master first',
    input: () => ({ eventId: 'x', event: instance({ hasJoinBlock: true }) }),
    outcome: 'deferred',
    kinds: ['syncMasterFirst'],
    check: (a) => expect(only(a, 'syncMasterFirst').masterEventId).toBe(MASTER),
  },
  {
    rule: 'an instance of a series that is not ours is ignored',
    input: () => ({ eventId: 'x', event: instance({ hasJoinBlock: false }) }),
    outcome: 'ignored',
    kinds: [],
  },
  {
    rule: 'a moved series updates the series, then starts its occurrences over (Webex and Outlook both drop exceptions)',
    input: () => {
      const event = seriesMaster({ start: at(START, minutes(60)), end: at(END, minutes(60)) });
      const exception = linkOf(instance(), { meetingId: secondOccurrence });
      return { eventId: MASTER, event, link: linkOf(seriesMaster()), occurrenceLinks: [exception] };
    },
    outcome: 'updated',
    kinds: ['updateMeeting', 'dropOccurrenceLinks', 'syncOccurrences'],
  },
  {
    rule: 'a series whose master changed for an occurrence reads its occurrences without a series update',
    input: () => ({ eventId: MASTER, event: seriesMaster({ changeKey: 'ck-7' }), link: linkOf(seriesMaster()), occurrenceLinks: [] }),
    outcome: 'echo',
    kinds: ['recordState', 'syncOccurrences'],
  },
  {
    rule: 'an all-day event cannot be a Webex meeting: the code is recorded, not retried',
    input: () => ({ eventId: EVENT, event: observed({ isAllDay: true }), link: linkOf(observed()) }),
    outcome: 'error',
    kinds: ['recordError'],
    check: (a) => expect(only(a, 'recordError')).toMatchObject({ code: 'all_day_not_supported', state: { changeKey: 'ck-2' } }),
  },
  {
    rule: 'an event longer than Webex allows is recorded as too long',
    input: () => ({ eventId: EVENT, event: observed({ end: at(START, minutes(24 * 60)) }), link: linkOf(observed()) }),
    outcome: 'error',
    kinds: ['recordError'],
    check: (a) => expect(only(a, 'recordError').code).toBe('meeting_too_long'),
  },
  {
    rule: 'a recurrence Webex cannot hold is recorded with its code',
    input: () => ({
      eventId: MASTER,
      event: seriesMaster({ recurrenceHash: 'last-weekday', recurrence: { errorCode: 'recurrence_unsupported' } }),
      link: linkOf(seriesMaster()),
    }),
    outcome: 'error',
    kinds: ['recordError'],
    check: (a) => expect(only(a, 'recordError').code).toBe('recurrence_unsupported'),
  },
  {
    rule: 'an all-day event seen first is linked without changing the meeting’s time, its attendees invited, and the code recorded',
    input: () => ({ eventId: EVENT, event: observed({ isAllDay: true }), markedMeeting: owned() }),
    outcome: 'error',
    kinds: ['syncInvitees', 'link', 'recordError'],
    check: (a) => {
      expect(only(a, 'link').verify).toBe(false);
      expect(only(a, 'syncInvitees').checkType).toBe(true);
    },
  },
  {
    rule: 'a copy that Webex could not hold gets no meeting',
    input: () => ({ eventId: EVENT, event: observed({ isAllDay: true }), markedMeeting: owned(OTHER_EVENT) }),
    outcome: 'error',
    kinds: ['recordError'],
    check: (a) => expect(only(a, 'recordError').code).toBe('copy_not_possible'),
  },
  {
    rule: 'a gone exception of an unmoved series, listed as cancelled, cancels its occurrence',
    input: () => ({
      eventId: 'x',
      event: undefined,
      link: linkOf(instance(), { eventId: 'x', meetingId: secondOccurrence }),
      masterLink: linkOf(seriesMaster()),
      master: seriesMaster({ changeKey: 'ck-8', cancelledOccurrences: [secondMonday] }),
    }),
    outcome: 'deleted',
    kinds: ['cancelOccurrence'],
    check: (a) => expect(only(a, 'cancelOccurrence')).toMatchObject({ occurrenceId: secondOccurrence, replacesEventId: 'x' }),
  },
  {
    rule: 'a gone exception of a moved series only drops its link (the series reset handles Webex)',
    input: () => ({
      eventId: 'x',
      event: undefined,
      link: linkOf(instance(), { eventId: 'x', meetingId: secondOccurrence }),
      masterLink: linkOf(seriesMaster()),
      master: seriesMaster({ start: at(START, minutes(60)), end: at(END, minutes(60)) }),
    }),
    outcome: 'deleted',
    kinds: ['dropLink'],
  },
];

describe('reconcile: the rules of docs/architecture.md', () => {
  it.each(rows.map((r) => [r.rule, r] as const))('%s', (_rule, row) => {
    const result = reconcile(row.input());
    expect(result.outcome).toBe(row.outcome);
    expect(result.actions.map((a) => a.kind)).toEqual(row.kinds);
    row.check?.(result.actions);
  });
});

describe('reconcileInstances: exceptions and cancellations read from a series', () => {
  const master = seriesMaster({ changeKey: 'ck-5' });
  const masterLink = linkOf(seriesMaster(), { lastSynced: stateOf(seriesMaster(), 'ck-5') });
  const windowStart = START;

  it('a new exception is applied and a known unchanged one is skipped', () => {
    const moved = instance({ start: at(secondMonday, minutes(30)), end: at(secondMonday, minutes(60)) });
    const third = at(secondMonday, 7 * 24 * 60 * minutes(1));
    const known = instance({
      eventId: 'known',
      originalStart: third,
      start: at(third, minutes(15)),
      end: at(third, minutes(45)),
      changeKey: 'ck-k',
    });
    const knownLink = linkOf(known, { meetingId: occurrenceMeetingId(MEETING, third), lastSynced: stateOf(known, 'ck-k') });
    const actions = reconcileInstances(
      master,
      masterLink,
      [moved, known, instance({ eventId: 'plain', type: 'occurrence' })],
      [knownLink],
      windowStart,
    );
    expect(actions.map((a) => a.kind)).toEqual(['updateMeeting']);
    expect(actions[0]).toMatchObject({ meetingId: secondOccurrence, eventId: moved.eventId });
  });

  it('a cancellation Graph lists is applied once: a tombstone stops it being applied again', () => {
    const cancelled = seriesMaster({ changeKey: 'ck-6', cancelledOccurrences: [secondMonday] });
    const first = reconcileInstances(cancelled, masterLink, [], [], windowStart);
    expect(first).toEqual([
      {
        kind: 'cancelOccurrence',
        occurrenceId: secondOccurrence,
        masterEventId: MASTER,
        originalStart: secondMonday,
        replacesEventId: undefined,
      },
    ]);
    const tombstone = linkOf(instance(), { eventId: tombstoneEventId(MASTER, secondOccurrence), meetingId: secondOccurrence });
    expect(reconcileInstances(cancelled, masterLink, [], [tombstone], windowStart)).toEqual([]);
  });

  it('an exception later cancelled replaces its link by a tombstone', () => {
    const exceptionLink = linkOf(instance(), { eventId: 'exc', meetingId: secondOccurrence });
    const cancelled = seriesMaster({ cancelledOccurrences: [secondMonday] });
    const actions = reconcileInstances(cancelled, masterLink, [], [exceptionLink], windowStart);
    expect(actions).toEqual([
      expect.objectContaining({ kind: 'cancelOccurrence', occurrenceId: secondOccurrence, replacesEventId: 'exc' }),
    ]);
  });

  it('on a retry, an exception that had a problem is applied again though Graph has not changed it', () => {
    const moved = instance({ eventId: 'exc', changeKey: 'ck-e', start: at(secondMonday, minutes(30)), end: at(secondMonday, minutes(60)) });
    const link = linkOf(moved, {
      eventId: 'exc',
      meetingId: secondOccurrence,
      lastSynced: stateOf(moved, 'ck-e'),
      problem: 'webex_rejected',
    });
    expect(reconcileInstances(master, masterLink, [moved], [link], windowStart)).toEqual([]);
    const again = reconcileInstances(master, masterLink, [moved], [link], windowStart, { retry: true });
    expect(again.map((a) => a.kind)).toEqual(['updateMeeting']);
    expect(again[0]).toMatchObject({ meetingId: secondOccurrence, patch: { start: '2030-03-11T10:30:00-07:00' } });
  });

  it('an exception no longer listed (and not cancelled) is forgotten', () => {
    const exceptionLink = linkOf(instance(), { eventId: 'exc', meetingId: secondOccurrence });
    expect(reconcileInstances(master, masterLink, [], [exceptionLink], windowStart)).toEqual([{ kind: 'dropLink', eventId: 'exc' }]);
  });
});

describe('reconcile across a DST change', () => {
  it('a weekly 09:00 series in Los Angeles is sent as 09:00 local with its IANA zone, so Webex keeps 09:00 after March 10', () => {
    const before = seriesMaster({ recurrenceHash: null, recurrence: undefined });
    const event = seriesMaster({ recurrence: { rrule: WEEKLY_RRULE } });
    const result = reconcile({ eventId: MASTER, event, link: linkOf(before), occurrenceLinks: [] });
    const update = result.actions.find((a) => a.kind === 'updateMeeting') as Extract<SyncAction, { kind: 'updateMeeting' }>;
    expect(update.patch).toEqual({
      start: '2030-03-04T09:00:00-08:00',
      end: '2030-03-04T09:30:00-08:00',
      timezone: 'America/Los_Angeles',
      recurrence: WEEKLY_RRULE,
    });
  });

  it('the occurrence after the change is named by its UTC start, one hour earlier than before', () => {
    // 09:00 PDT on 11 March 2030 is 16:00 UTC (09:00 PST was 17:00 UTC).
    expect(occurrenceMeetingId(MEETING, new Date('2030-03-11T16:00:00Z'))).toBe(`${MEETING}_20300311T160000Z`);
  });
});
