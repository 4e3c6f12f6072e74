/**
 * The three shapes a recurrence takes on its way from Outlook to Webex:
 * - Office.js `item.recurrence` (what the add-in reads while the appointment is being edited),
 * - Microsoft Graph `patternedRecurrence` (what the backend reads from the event),
 * - an RFC 5545 RRULE (what Webex stores, as a string).
 *
 * Graph's shape is the hub: Office.js converts to it, RRULE converts to and from it, and the
 * canonical form used for change detection is computed from it.
 */

export const GRAPH_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type GraphDayOfWeek = (typeof GRAPH_DAYS)[number];

export const GRAPH_WEEK_INDEXES = ['first', 'second', 'third', 'fourth', 'last'] as const;
export type GraphWeekIndex = (typeof GRAPH_WEEK_INDEXES)[number];

export const GRAPH_PATTERN_TYPES = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'] as const;
export type GraphPatternType = (typeof GRAPH_PATTERN_TYPES)[number];

export const GRAPH_RANGE_TYPES = ['endDate', 'noEnd', 'numbered'] as const;
export type GraphRangeType = (typeof GRAPH_RANGE_TYPES)[number];

/**
 * Graph `recurrencePattern`. Graph returns every property for every type (a daily pattern comes
 * back with `month: 0`, `index: "first"`, `firstDayOfWeek: "sunday"`); only the ones the type uses
 * mean anything, and the conversions here ignore the rest.
 */
export interface GraphRecurrencePattern {
  type: GraphPatternType;
  interval: number;
  /** 1-12; absoluteYearly, relativeYearly. */
  month?: number;
  /** 1-31; absoluteMonthly, absoluteYearly. */
  dayOfMonth?: number;
  /** weekly, relativeMonthly, relativeYearly. */
  daysOfWeek?: GraphDayOfWeek[];
  /** weekly; Graph's default is sunday. */
  firstDayOfWeek?: GraphDayOfWeek;
  /** relativeMonthly, relativeYearly; Graph's default is first. */
  index?: GraphWeekIndex;
}

/** Graph `recurrenceRange`. Dates are "YYYY-MM-DD" in the recurrence time zone. */
export interface GraphRecurrenceRange {
  type: GraphRangeType;
  startDate: string;
  /** endDate ranges: the last day an occurrence may fall on (inclusive). Graph sends "0001-01-01" otherwise. */
  endDate?: string;
  /** numbered ranges; Graph sends 0 otherwise. */
  numberOfOccurrences?: number;
  /** Usually a Windows name ("Pacific Standard Time"); may be absent. */
  recurrenceTimeZone?: string;
}

export interface GraphPatternedRecurrence {
  pattern: GraphRecurrencePattern;
  range: GraphRecurrenceRange;
}

/**
 * Office.js `Office.Recurrence` as plain data (the add-in's Office layer reads `seriesTime` through
 * its getters and passes this). Values are as Office.js gives them: `recurrenceType` daily | weekday
 * | weekly | monthly | yearly; days "mon".."sun"; `dayOfWeek` also "weekday" | "weekendDay" | "day";
 * `weekNumber` first..fourth | last; `month` "jan".."dec". Case is not significant.
 */
export interface OfficeRecurrence {
  recurrenceType: string;
  recurrenceProperties?: OfficeRecurrenceProperties | null;
  seriesTime: OfficeSeriesTime;
  recurrenceTimeZone?: { name?: string | null; offset?: number | null } | null;
}

export interface OfficeRecurrenceProperties {
  interval?: number | null;
  days?: readonly string[] | null;
  dayOfMonth?: number | null;
  dayOfWeek?: string | null;
  weekNumber?: string | null;
  month?: string | null;
  firstDayOfWeek?: string | null;
}

/**
 * Office.js `SeriesTime`, in the recurrence time zone (not UTC). `startTime` as Office.js formats
 * it ("T09:00:00:000", also accepted: "09:00", "09:00:00"); `duration` in minutes; no `endDate` (or
 * an empty one) means the series has no end. Office.js has no "end after N occurrences".
 */
export interface OfficeSeriesTime {
  startDate: string;
  endDate?: string | null;
  startTime?: string | null;
  duration?: number | null;
}

/** The first occurrence's local start and the zone a series is interpreted in. */
export interface SeriesAnchor {
  /** Local date and time of the first occurrence, "YYYY-MM-DDTHH:mm:ss" (no offset). */
  start: string;
  /** IANA or Windows name. */
  timeZone: string;
}
