/**
 * Office.js `item.recurrence` -> Graph `patternedRecurrence`, so the add-in sends the backend the
 * same shape the backend later reads from Graph.
 *
 * Office.js types: daily (every N days), weekday (every weekday), weekly (days + interval), monthly
 * (dayOfMonth, or dayOfWeek + weekNumber), yearly (month + dayOfMonth, or month + dayOfWeek +
 * weekNumber). `dayOfWeek` may also be "day", "weekday" or "weekendDay" ("the last weekday of the
 * month"), which Graph writes as several daysOfWeek.
 */
import { RecurrenceError } from './recurrence-error';
import {
  GRAPH_DAYS,
  GRAPH_WEEK_INDEXES,
  type GraphDayOfWeek,
  type GraphPatternedRecurrence,
  type GraphRecurrencePattern,
  type GraphRecurrenceRange,
  type OfficeRecurrence,
  type SeriesAnchor,
} from './recurrence-types';
import { formatLocalDate, parseLocalDateTime } from './zoned-time';
import { sortDays } from './normalize-recurrence';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS: readonly GraphDayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const DAY_GROUPS: Readonly<Record<string, readonly GraphDayOfWeek[]>> = {
  day: GRAPH_DAYS,
  weekday: WEEKDAYS,
  weekendday: ['saturday', 'sunday'],
};

function invalid(message: string): never {
  throw new RecurrenceError('recurrence_invalid', message);
}

/** "mon", "Mon", "monday" -> "monday". */
function officeDay(raw: unknown): GraphDayOfWeek {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const day = text.length >= 3 ? GRAPH_DAYS.find((d) => d.startsWith(text)) : undefined;
  if (day === undefined) invalid('A day is not one of mon..sun.');
  return day;
}

/** dayOfWeek of a monthly or yearly rule: one day, or a group Office.js names. */
function officeDayOrGroup(raw: unknown): GraphDayOfWeek[] {
  const group = typeof raw === 'string' ? DAY_GROUPS[raw.trim().toLowerCase()] : undefined;
  return group !== undefined ? sortDays(group) : [officeDay(raw)];
}

function officeMonth(raw: unknown): number {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 3) : '';
  const index = MONTHS.indexOf(text);
  if (index < 0) invalid('month is not one of jan..dec.');
  return index + 1;
}

function officeWeekNumber(raw: unknown): GraphRecurrencePattern['index'] {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const index = GRAPH_WEEK_INDEXES.find((i) => i === text);
  if (index === undefined) invalid('weekNumber is not first..fourth or last.');
  return index;
}

function positive(raw: unknown, max: number, what: string): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > max) invalid(`${what} is not a whole number from 1 to ${max}.`);
  return raw;
}

function officeDate(raw: unknown, what: string): string {
  const ms = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw.trim()) ? parseLocalDateTime(raw.trim().slice(0, 10)) : undefined;
  if (ms === undefined) invalid(`${what} is not a date (YYYY-MM-DD).`);
  return formatLocalDate(ms);
}

export function officeToGraphRecurrence(office: OfficeRecurrence): GraphPatternedRecurrence {
  if (typeof office !== 'object' || office === null || typeof office.seriesTime !== 'object' || office.seriesTime === null) {
    invalid('An Office.js recurrence needs seriesTime.');
  }
  const props = office.recurrenceProperties ?? {};
  const interval = props.interval === undefined || props.interval === null ? 1 : positive(props.interval, 999, 'interval');
  const type = typeof office.recurrenceType === 'string' ? office.recurrenceType.trim().toLowerCase() : '';

  let pattern: GraphRecurrencePattern;
  switch (type) {
    case 'daily':
      pattern = { type: 'daily', interval };
      break;
    case 'weekday':
      pattern = { type: 'weekly', interval: 1, daysOfWeek: [...WEEKDAYS], firstDayOfWeek: 'sunday' };
      break;
    case 'weekly': {
      const days = props.days ?? [];
      if (days.length === 0) invalid('A weekly recurrence needs days.');
      pattern = { type: 'weekly', interval, daysOfWeek: sortDays(days.map(officeDay)) };
      if (props.firstDayOfWeek !== undefined && props.firstDayOfWeek !== null) pattern.firstDayOfWeek = officeDay(props.firstDayOfWeek);
      break;
    }
    case 'monthly':
    case 'yearly': {
      const yearly = type === 'yearly';
      const month = yearly ? { month: officeMonth(props.month) } : {};
      if (props.dayOfMonth !== undefined && props.dayOfMonth !== null) {
        pattern = {
          type: yearly ? 'absoluteYearly' : 'absoluteMonthly',
          interval,
          ...month,
          dayOfMonth: positive(props.dayOfMonth, 31, 'dayOfMonth'),
        };
      } else {
        pattern = {
          type: yearly ? 'relativeYearly' : 'relativeMonthly',
          interval,
          ...month,
          daysOfWeek: officeDayOrGroup(props.dayOfWeek),
          index: officeWeekNumber(props.weekNumber),
        };
      }
      break;
    }
    default:
      invalid('recurrenceType is not daily, weekday, weekly, monthly or yearly.');
  }

  const startDate = officeDate(office.seriesTime.startDate, 'seriesTime.startDate');
  const endRaw = office.seriesTime.endDate;
  const range: GraphRecurrenceRange =
    typeof endRaw === 'string' && endRaw.trim() !== ''
      ? { type: 'endDate', startDate, endDate: officeDate(endRaw, 'seriesTime.endDate') }
      : { type: 'noEnd', startDate };
  const zone = office.recurrenceTimeZone?.name?.trim();
  if (zone) range.recurrenceTimeZone = zone;
  return { pattern, range };
}

/**
 * The series' first local start and zone from Office.js seriesTime ("THH:mm:ss:mmm" and friends),
 * to expand the series or to give Webex its start. `fallbackTimeZone` is the item's zone, which
 * Office.js uses when the recurrence names none.
 */
export function officeSeriesAnchor(office: OfficeRecurrence, fallbackTimeZone?: string): SeriesAnchor & { durationMinutes?: number } {
  const startDate = officeDate(office.seriesTime.startDate, 'seriesTime.startDate');
  const m = /^T?(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec((office.seriesTime.startTime ?? '00:00').trim());
  if (!m) invalid('seriesTime.startTime is not a time.');
  const time = `${(m[1] as string).padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
  if (parseLocalDateTime(`${startDate}T${time}`) === undefined) invalid('seriesTime.startTime is not a time.');
  const timeZone = office.recurrenceTimeZone?.name?.trim() || fallbackTimeZone?.trim();
  if (!timeZone) throw new RecurrenceError('time_zone_unknown', 'The recurrence names no time zone and none was given.');
  const duration = office.seriesTime.duration;
  return {
    start: `${startDate}T${time}`,
    timeZone,
    ...(typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? { durationMinutes: duration } : {}),
  };
}
