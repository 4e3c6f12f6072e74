/**
 * Outlook's restriction on recurrence exceptions, as Graph's "Update event" page states it: an
 * occurrence cannot be moved to or before the day of the previous occurrence, and cannot be moved
 * to or after the day of the following occurrence; Graph answers 400 ErrorOccurrenceCrossingBoundary.
 *
 * The neighbours are the series' instances where they are now (an exception where it was moved
 * to), the cancelled ones left out; days are counted in the series' time zone (all-day series
 * float, so their own dates count).
 */
import type { EventTime, StoredEvent } from './event-model';
import { seriesSlots } from './event-series';
import { GraphApiError } from './graph-error';
import { dayNumber, readPatternedRecurrence } from './recurrence-expansion';
import { localOf, resolveTimeZone } from './time-zones';

function crossing(): GraphApiError {
  return new GraphApiError(400, 'ErrorOccurrenceCrossingBoundary', 'Modified occurrence is crossing or overlapping adjacent occurrence.');
}

/**
 * Throws ErrorOccurrenceCrossingBoundary when the instance of `master` at `originalStart` may not
 * start at `start`. `exceptions` are the master's stored exceptions.
 */
export function checkOccurrenceBoundary(master: StoredEvent, exceptions: StoredEvent[], originalStart: number, start: EventTime): void {
  if (!master.recurrence) return;
  const zone = resolveTimeZone(readPatternedRecurrence(master.recurrence).range.recurrenceTimeZone)?.iana ?? master.start.iana;
  const dayOf = (t: EventTime) => dayNumber(master.isAllDay ? t.local : localOf(t.instant, zone));
  const moved = new Map(exceptions.map((e) => [e.originalStart, e.start]));
  const cancelled = new Set(master.cancelledOccurrences);
  let previous: EventTime | undefined;
  let next: EventTime | undefined;
  for (const slot of seriesSlots(master)) {
    if (slot.originalStart === originalStart || cancelled.has(slot.originalStart)) continue;
    const where = moved.get(slot.originalStart) ?? slot.start;
    if (slot.originalStart < originalStart) {
      previous = where;
    } else {
      next = where;
      break;
    }
  }
  const day = dayOf(start);
  if (previous && day <= dayOf(previous)) throw crossing();
  if (next && day >= dayOf(next)) throw crossing();
}
