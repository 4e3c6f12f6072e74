/**
 * The meeting draft the backend gets (POST /api/meetings), read from the appointment being edited:
 * subject, start, end, time zone, all-day and recurrence (as an RRULE).
 *
 * The time zone is the series' own when Outlook names one, else the user's mailbox zone. Where the
 * client cannot say whether the appointment is all-day, an appointment that starts at midnight and
 * lasts whole days counts as all-day: that is how Outlook stores one.
 */
import type { MeetingDraftInput } from '../../core/meeting-draft';
// Imported file by file: the recurrence index also brings rrule's expansion code, which the add-in never runs.
import { graphToRrule } from '../../core/recurrence/graph-to-rrule';
import { officeToGraphRecurrence } from '../../core/recurrence/office-to-graph';
import { RecurrenceError } from '../../core/recurrence/recurrence-error';
import { resolveTimeZone, timeZoneOffsetMinutes } from '../../core/time-zones';
import type { AppointmentItem } from '../office/appointment-item';
import { FlowError } from './flow-error';

const DAY_MS = 24 * 60 * 60_000;

function looksAllDay(start: Date, end: Date, timeZone: string | undefined): boolean {
  const duration = end.getTime() - start.getTime();
  if (duration <= 0 || duration % DAY_MS !== 0) return false;
  const zone = timeZone ? resolveTimeZone(timeZone) : undefined;
  const offsetMs = zone ? timeZoneOffsetMinutes(start, zone) * 60_000 : -start.getTimezoneOffset() * 60_000;
  return (start.getTime() + offsetMs) % DAY_MS === 0;
}

export async function readMeetingDraft(item: AppointmentItem, userTimeZone: string): Promise<MeetingDraftInput> {
  const [subject, start, end, isAllDay, recurrence] = await Promise.all([
    item.getSubject(),
    item.getStart(),
    item.getEnd(),
    item.getIsAllDay(),
    item.getRecurrence(),
  ]);
  const timeZone = recurrence?.recurrenceTimeZone?.name?.trim() || userTimeZone;
  let rrule: string | undefined;
  if (recurrence) {
    try {
      rrule = graphToRrule(officeToGraphRecurrence(recurrence), { timeZone });
    } catch (thrown) {
      if (thrown instanceof RecurrenceError)
        throw new FlowError(thrown.code === 'time_zone_unknown' ? 'unknown_time_zone' : 'invalid_recurrence', thrown.message);
      throw thrown;
    }
  }
  return {
    subject: subject ?? '',
    start: start.toISOString(),
    end: end.toISOString(),
    timeZone,
    isAllDay: isAllDay ?? looksAllDay(start, end, timeZone),
    ...(rrule !== undefined ? { recurrence: rrule } : {}),
  };
}
