/**
 * The time rules of Create, Patch and Update a Meeting (webex-meeting.json, `start` and `end`):
 * ISO 8601 in, read in the meeting's IANA time zone when no offset is given; precision of a
 * minute (a start within the current minute moves to the next one); start not before now, not
 * 10 years or more ahead; end after start; duration between 10 minutes and 23 hours 59 minutes.
 * Pure: the caller passes the clock.
 */
import { badRequest } from './webex-error';
import { isIanaTimeZone, parseIsoDateTime, truncateToMinute, MINUTE_MS, DAY_MS } from './meeting-time';

export const MIN_DURATION_MS = 10 * MINUTE_MS;
export const MAX_DURATION_MS = 23 * 60 * MINUTE_MS + 59 * MINUTE_MS;
export const MAX_LEAD_MS = 3652 * DAY_MS;

export function checkTimeZone(timeZone: string): void {
  if (!isIanaTimeZone(timeZone)) {
    throw badRequest('meeting.timezone.invalid', `The timezone "${timeZone}" is not a time zone of the IANA time zone database.`);
  }
}

export function parseMeetingTime(field: 'start' | 'end', text: string, timeZone: string): number {
  const parsed = parseIsoDateTime(text, timeZone);
  if (!parsed || !/[T ]\d{2}:\d{2}/.test(text)) {
    throw badRequest(`meeting.${field}.invalid`, `The ${field} "${text}" is not a date and time in ISO 8601 format.`);
  }
  return parsed.instantMs;
}

export interface ScheduleCheck {
  startMs: number;
  endMs: number;
  /** Whether the request changes the start (only a changed start must be in the future). */
  startChanged: boolean;
  endChanged: boolean;
  nowMs: number;
}

/** Applies Webex's minute precision and checks the rules; returns the adjusted times. */
export function checkSchedule(c: ScheduleCheck): { startMs: number; endMs: number } {
  const nowMinute = truncateToMinute(c.nowMs);
  let startMs = truncateToMinute(c.startMs);
  const endMs = truncateToMinute(c.endMs);
  if (c.startChanged) {
    if (startMs < nowMinute) throw badRequest('meeting.start.inPast', 'The start cannot be before the current date and time.');
    if (startMs === nowMinute) startMs += MINUTE_MS;
    if (startMs - c.nowMs >= MAX_LEAD_MS) {
      throw badRequest('meeting.start.tooFar', "You can't schedule a meeting that starts 10 years or more in the future.");
    }
  }
  if (c.endChanged && endMs < c.nowMs) throw badRequest('meeting.end.inPast', 'The end cannot be before the current date and time.');
  if (endMs <= startMs) throw badRequest('meeting.end.beforeStart', 'The end must be after the start.');
  const duration = endMs - startMs;
  if (duration < MIN_DURATION_MS) {
    throw badRequest('meeting.duration.tooShort', 'The duration between start and end cannot be shorter than 10 minutes.');
  }
  if (duration > MAX_DURATION_MS) {
    throw badRequest('meeting.duration.tooLong', 'The duration between start and end cannot be longer than 23 hours 59 minutes.');
  }
  return { startMs, endMs };
}
