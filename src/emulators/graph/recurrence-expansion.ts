/**
 * The dates on which a Graph patternedRecurrence puts an occurrence, in calendar terms (no time of
 * day, no zone): daily, weekly, absoluteMonthly, relativeMonthly, absoluteYearly and relativeYearly
 * patterns over endDate, noEnd and numbered ranges, as Outlook reads them
 * (https://learn.microsoft.com/graph/api/resources/patternedrecurrence):
 * - the range's startDate opens the series; the first occurrence is the first matching date on or
 *   after it, and a numbered range counts from there;
 * - weekly patterns count weeks from the week (starting on firstDayOfWeek) that holds startDate;
 * - an absolute day of month past the month's end falls on its last day (the 31st in April is the 30th);
 * - a relative index picks the first..fourth or last day of the month among daysOfWeek.
 * Pure: times of day and zones are applied by the caller (event-series.ts).
 */
import type { JsonObject } from './event-model';

export type PatternType = 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
export type WeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';

export interface RecurrencePattern {
  type: PatternType;
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: DayOfWeek[];
  firstDayOfWeek: DayOfWeek;
  index: WeekIndex;
}

export interface RecurrenceRange {
  type: 'endDate' | 'noEnd' | 'numbered';
  startDate: string;
  endDate: string;
  recurrenceTimeZone: string;
  numberOfOccurrences: number;
}

export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DAYS: readonly DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const INDEXES: readonly WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];
const MS_PER_DAY = 86_400_000;
// Enough for any series a calendar holds (a daily series for a century is 36,525 dates); it also
// ends generators whose pattern could never match again.
const MAX_STEPS = 100_000;

/** Days since 1970-01-01. */
export function dayNumber(d: CivilDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / MS_PER_DAY;
}

export function civilDate(dayNum: number): CivilDate {
  const t = new Date(dayNum * MS_PER_DAY);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 = Sunday. */
function weekday(dayNum: number): number {
  return (((dayNum + 4) % 7) + 7) % 7;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseCivilDate(text: string): CivilDate {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

export function formatCivilDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** The stored recurrence JSON (already validated by event-input.ts) as typed values. */
export function readPatternedRecurrence(json: JsonObject): PatternedRecurrence {
  const p = json.pattern as JsonObject;
  const r = json.range as JsonObject;
  return {
    pattern: {
      type: p.type as PatternType,
      interval: Number(p.interval ?? 1),
      month: Number(p.month ?? 0),
      dayOfMonth: Number(p.dayOfMonth ?? 0),
      daysOfWeek: ((p.daysOfWeek as string[] | undefined) ?? []).map((d) => d as DayOfWeek),
      firstDayOfWeek: (p.firstDayOfWeek as DayOfWeek | undefined) ?? 'sunday',
      index: (p.index as WeekIndex | undefined) ?? 'first',
    },
    range: {
      type: r.type as RecurrenceRange['type'],
      startDate: String(r.startDate),
      endDate: String(r.endDate ?? '0001-01-01'),
      recurrenceTimeZone: String(r.recurrenceTimeZone ?? ''),
      numberOfOccurrences: Number(r.numberOfOccurrences ?? 0),
    },
  };
}

/** The day of a month that a relative index names among the given weekdays; undefined when none. */
function relativeDay(year: number, month: number, days: ReadonlySet<number>, index: WeekIndex): number | undefined {
  const first = dayNumber({ year, month, day: 1 });
  const matches: number[] = [];
  for (let d = 0; d < daysInMonth(year, month); d += 1) if (days.has(weekday(first + d))) matches.push(first + d);
  return index === 'last' ? matches[matches.length - 1] : matches[INDEXES.indexOf(index)];
}

function addMonths(year: number, month: number, count: number): { year: number; month: number } {
  const zeroBased = year * 12 + (month - 1) + count;
  return { year: Math.floor(zeroBased / 12), month: (zeroBased % 12) + 1 };
}

/** Every pattern date on or after the range start, ascending, ignoring the range's end. */
function* patternDays(pattern: RecurrencePattern, start: number): Generator<number> {
  const interval = Math.max(1, pattern.interval);
  const days = new Set(pattern.daysOfWeek.map((d) => DAYS.indexOf(d)));
  const startDate = civilDate(start);
  switch (pattern.type) {
    case 'daily':
      for (let step = 0; step < MAX_STEPS; step += 1) yield start + step * interval;
      return;
    case 'weekly': {
      const weekStart = start - ((weekday(start) - DAYS.indexOf(pattern.firstDayOfWeek) + 7) % 7);
      for (let step = 0; step < MAX_STEPS; step += 1) {
        const week = weekStart + step * interval * 7;
        for (let offset = 0; offset < 7; offset += 1) {
          const day = week + offset;
          if (day >= start && days.has(weekday(day))) yield day;
        }
      }
      return;
    }
    case 'absoluteMonthly':
    case 'relativeMonthly':
      for (let step = 0; step < MAX_STEPS; step += 1) {
        const { year, month } = addMonths(startDate.year, startDate.month, step * interval);
        const day =
          pattern.type === 'absoluteMonthly'
            ? dayNumber({ year, month, day: Math.min(pattern.dayOfMonth, daysInMonth(year, month)) })
            : relativeDay(year, month, days, pattern.index);
        if (day !== undefined && day >= start) yield day;
      }
      return;
    case 'absoluteYearly':
    case 'relativeYearly':
      for (let step = 0; step < MAX_STEPS; step += 1) {
        const year = startDate.year + step * interval;
        if (year > 9999) return;
        const month = pattern.month;
        const day =
          pattern.type === 'absoluteYearly'
            ? dayNumber({ year, month, day: Math.min(pattern.dayOfMonth, daysInMonth(year, month)) })
            : relativeDay(year, month, days, pattern.index);
        if (day !== undefined && day >= start) yield day;
      }
      return;
  }
}

/** The dates of the series, ascending, within its range (an endless generator for noEnd). */
export function* recurrenceDates(recurrence: PatternedRecurrence): Generator<CivilDate> {
  const start = dayNumber(parseCivilDate(recurrence.range.startDate));
  const end = recurrence.range.type === 'endDate' ? dayNumber(parseCivilDate(recurrence.range.endDate)) : Infinity;
  const limit = recurrence.range.type === 'numbered' ? recurrence.range.numberOfOccurrences : Infinity;
  let count = 0;
  for (const day of patternDays(recurrence.pattern, start)) {
    if (day > end || count >= limit) return;
    count += 1;
    yield civilDate(day);
  }
}
