/**
 * The instances of a recurring series as Outlook shows them: occurrences computed from the
 * master's recurrence at the master's wall-clock time in the recurrence's time zone (so a weekly
 * 9:00 meeting stays at 9:00 across a daylight-saving change), minus the cancelled ones, with
 * exceptions (stored items of their own) in place of the occurrences they replaced.
 *
 * Occurrences are not stored; they are derived from the master on every read, as their ids are
 * (event-ids.ts): the master's key plus the original start.
 */
import type { EventTime, StoredEvent } from './event-model';
import { CivilDate, civilDate, dayNumber, readPatternedRecurrence, recurrenceDates } from './recurrence-expansion';
import { instantOf, LocalDateTime, localOf, resolveTimeZone } from './time-zones';

/** One place in a series: where the pattern puts an occurrence. */
export interface SeriesSlot {
  originalStart: number;
  start: EventTime;
  end: EventTime;
}

function at(date: CivilDate, time: LocalDateTime): LocalDateTime {
  return { ...time, year: date.year, month: date.month, day: date.day };
}

function timeAt(instant: number, zone: EventTime): EventTime {
  return { instant, timeZone: zone.timeZone, iana: zone.iana, local: localOf(instant, zone.iana) };
}

/** The slots of a series in order, up to (not including) those starting at or after `until`. */
export function* seriesSlots(master: StoredEvent, until = Infinity): Generator<SeriesSlot> {
  if (!master.recurrence) return;
  const recurrence = readPatternedRecurrence(master.recurrence);
  const zone = resolveTimeZone(recurrence.range.recurrenceTimeZone)?.iana ?? master.start.iana;
  const wallClock = localOf(master.start.instant, zone);
  const duration = master.end.instant - master.start.instant;
  const allDayLength = dayNumber(master.end.local) - dayNumber(master.start.local);
  for (const date of recurrenceDates(recurrence)) {
    let slot: SeriesSlot;
    if (master.isAllDay) {
      // All-day events float: the same dates in every zone, their instants read in the event's zone.
      const startLocal = at(date, master.start.local);
      const endLocal = at(civilDate(dayNumber(date) + allDayLength), master.end.local);
      const startInstant = instantOf(startLocal, master.start.iana);
      slot = {
        originalStart: startInstant,
        start: { ...master.start, instant: startInstant, local: startLocal },
        end: { ...master.end, instant: instantOf(endLocal, master.end.iana), local: endLocal },
      };
    } else {
      const startInstant = instantOf(at(date, wallClock), zone);
      slot = { originalStart: startInstant, start: timeAt(startInstant, master.start), end: timeAt(startInstant + duration, master.end) };
    }
    if (slot.start.instant >= until) return;
    yield slot;
  }
}

/** The slot a series has at an original start, if any. */
export function findSlot(master: StoredEvent, originalStart: number): SeriesSlot | undefined {
  for (const slot of seriesSlots(master, originalStart + 1)) if (slot.originalStart === originalStart) return slot;
  return undefined;
}

/** An occurrence as its own event: the master's fields at the slot's time. */
export function occurrenceOf(master: StoredEvent, slot: SeriesSlot): StoredEvent {
  return {
    ...structuredClone(master),
    type: 'occurrence',
    seriesMasterKey: master.key,
    originalStart: slot.originalStart,
    start: structuredClone(slot.start),
    end: structuredClone(slot.end),
    recurrence: null,
    cancelledOccurrences: [],
  };
}

export function overlapsWindow(ev: Pick<StoredEvent, 'start' | 'end'>, from: number, to: number): boolean {
  // A zero-length event at the window's start still belongs to it, as in Outlook's calendar view.
  return ev.start.instant < to && (ev.end.instant > from || (ev.end.instant === ev.start.instant && ev.start.instant >= from));
}

/**
 * The instances of a series that overlap [from, to): occurrences and exceptions, by start.
 * `exceptions` are the stored exceptions of this master.
 */
export function seriesInstances(master: StoredEvent, exceptions: StoredEvent[], from: number, to: number): StoredEvent[] {
  const replaced = new Set(exceptions.map((e) => e.originalStart));
  const cancelled = new Set(master.cancelledOccurrences);
  const out: StoredEvent[] = [];
  for (const slot of seriesSlots(master, to)) {
    if (cancelled.has(slot.originalStart) || replaced.has(slot.originalStart)) continue;
    if (overlapsWindow(slot, from, to)) out.push(occurrenceOf(master, slot));
  }
  for (const ex of exceptions) if (overlapsWindow(ex, from, to)) out.push(structuredClone(ex));
  return out.sort((a, b) => a.start.instant - b.start.instant);
}

/** Single instances and the instances of series that overlap [from, to), as a calendar view shows them. */
export function calendarViewOf(events: StoredEvent[], from: number, to: number): StoredEvent[] {
  const exceptionsByMaster = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.type === 'exception' && e.seriesMasterKey)
      exceptionsByMaster.set(e.seriesMasterKey, [...(exceptionsByMaster.get(e.seriesMasterKey) ?? []), e]);
  }
  const out: StoredEvent[] = [];
  for (const e of events) {
    if (e.type === 'singleInstance' && overlapsWindow(e, from, to)) out.push(e);
    if (e.type === 'seriesMaster') out.push(...seriesInstances(e, exceptionsByMaster.get(e.key) ?? [], from, to));
  }
  return out.sort((a, b) => a.start.instant - b.start.instant);
}
