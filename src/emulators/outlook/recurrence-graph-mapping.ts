/**
 * Outlook's two spellings of one recurrence: Office.js's Recurrence (what the add-in reads from the
 * item) and Graph's patternedRecurrence (what is saved and read back). Outlook converts between
 * them when it saves; the dev host does the same when it writes to and reads from the Graph
 * emulator. Written here, not imported from the product, so that the two cannot share a mistake.
 */
import type { RecurrenceJson } from './devhost-bridge';

export interface GraphRecurrence {
  pattern: {
    type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
    interval: number;
    daysOfWeek?: string[];
    dayOfMonth?: number;
    month?: number;
    index?: 'first' | 'second' | 'third' | 'fourth' | 'last';
    firstDayOfWeek?: string;
  };
  range: {
    type: 'endDate' | 'noEnd' | 'numbered';
    startDate: string;
    endDate?: string;
    numberOfOccurrences?: number;
    recurrenceTimeZone?: string;
  };
}

const DAY_NAMES: Record<string, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};
const OFFICE_DAY = Object.fromEntries(Object.entries(DAY_NAMES).map(([k, v]) => [v, k])) as Record<string, string>;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** An Office day value ("mon", or "weekday"/"weekendDay"/"day") as Graph's daysOfWeek. */
function graphDays(day: string): string[] {
  if (day === 'weekday') return WEEKDAYS;
  if (day === 'weekendDay') return ['saturday', 'sunday'];
  if (day === 'day') return [...WEEKDAYS, 'saturday', 'sunday'];
  const name = DAY_NAMES[day];
  return name ? [name] : [];
}

function officeDay(days: string[] | undefined): string {
  const list = [...(days ?? [])].sort();
  if (list.length === 5 && WEEKDAYS.every((d) => list.includes(d))) return 'weekday';
  if (list.length === 2 && list.includes('saturday') && list.includes('sunday')) return 'weekendDay';
  if (list.length === 7) return 'day';
  return OFFICE_DAY[list[0] ?? 'monday'] ?? 'mon';
}

export function recurrenceToGraph(r: RecurrenceJson): GraphRecurrence {
  const p = r.recurrenceProperties;
  const interval = Math.max(1, Math.floor(p.interval ?? 1));
  const firstDayOfWeek = p.firstDayOfWeek ? DAY_NAMES[p.firstDayOfWeek] : undefined;
  let pattern: GraphRecurrence['pattern'];
  switch (r.recurrenceType) {
    case 'daily':
      pattern = { type: 'daily', interval };
      break;
    case 'weekday':
      pattern = { type: 'weekly', interval: 1, daysOfWeek: WEEKDAYS, firstDayOfWeek: firstDayOfWeek ?? 'sunday' };
      break;
    case 'weekly':
      pattern = { type: 'weekly', interval, daysOfWeek: (p.days ?? []).flatMap(graphDays), firstDayOfWeek: firstDayOfWeek ?? 'sunday' };
      break;
    case 'monthly':
      pattern =
        p.dayOfMonth !== undefined
          ? { type: 'absoluteMonthly', interval, dayOfMonth: p.dayOfMonth }
          : {
              type: 'relativeMonthly',
              interval,
              daysOfWeek: graphDays(p.dayOfWeek ?? 'mon'),
              index: (p.weekNumber ?? 'first') as GraphRecurrence['pattern']['index'],
            };
      break;
    case 'yearly': {
      const month = MONTHS.indexOf(p.month ?? 'jan') + 1;
      pattern =
        p.dayOfMonth !== undefined
          ? { type: 'absoluteYearly', interval, dayOfMonth: p.dayOfMonth, month }
          : {
              type: 'relativeYearly',
              interval,
              daysOfWeek: graphDays(p.dayOfWeek ?? 'mon'),
              index: (p.weekNumber ?? 'first') as GraphRecurrence['pattern']['index'],
              month,
            };
      break;
    }
  }
  const { startDate, endDate } = r.seriesTime;
  return {
    pattern,
    range: endDate
      ? { type: 'endDate', startDate, endDate, recurrenceTimeZone: r.recurrenceTimeZone.name }
      : { type: 'noEnd', startDate, recurrenceTimeZone: r.recurrenceTimeZone.name },
  };
}

/**
 * Graph's recurrence as Office shows it. Office's SeriesTime has only an end date: Outlook shows a
 * numbered range by its last occurrence's date, which the dev host does not count, so such a
 * series reads as having no end.
 */
export function recurrenceFromGraph(
  g: GraphRecurrence,
  series: { startTime: string; duration: number; timeZone: string; offset?: number },
): RecurrenceJson {
  const p = g.pattern;
  const interval = p.interval ?? 1;
  let recurrenceType: RecurrenceJson['recurrenceType'];
  const props: RecurrenceJson['recurrenceProperties'] = { interval };
  switch (p.type) {
    case 'daily':
      recurrenceType = 'daily';
      break;
    case 'weekly': {
      const days = p.daysOfWeek ?? [];
      const weekday = interval === 1 && days.length === 5 && WEEKDAYS.every((d) => days.includes(d));
      recurrenceType = weekday ? 'weekday' : 'weekly';
      if (weekday) delete props.interval;
      else props.days = days.map((d) => OFFICE_DAY[d] ?? d);
      if (p.firstDayOfWeek) props.firstDayOfWeek = OFFICE_DAY[p.firstDayOfWeek];
      break;
    }
    case 'absoluteMonthly':
      recurrenceType = 'monthly';
      props.dayOfMonth = p.dayOfMonth;
      break;
    case 'relativeMonthly':
      recurrenceType = 'monthly';
      props.dayOfWeek = officeDay(p.daysOfWeek);
      props.weekNumber = p.index ?? 'first';
      break;
    case 'absoluteYearly':
      recurrenceType = 'yearly';
      props.dayOfMonth = p.dayOfMonth;
      props.month = MONTHS[(p.month ?? 1) - 1];
      break;
    case 'relativeYearly':
      recurrenceType = 'yearly';
      props.dayOfWeek = officeDay(p.daysOfWeek);
      props.weekNumber = p.index ?? 'first';
      props.month = MONTHS[(p.month ?? 1) - 1];
      break;
  }
  const endDate = g.range.type === 'endDate' ? (g.range.endDate ?? null) : null;
  return {
    recurrenceType,
    recurrenceProperties: props,
    recurrenceTimeZone: { name: g.range.recurrenceTimeZone || series.timeZone, offset: series.offset },
    seriesTime: { startDate: g.range.startDate, startTime: series.startTime, endDate, duration: series.duration },
  };
}
