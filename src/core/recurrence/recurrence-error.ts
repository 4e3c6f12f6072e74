/** Codes of the faults recurrence conversion reports; callers branch on these, never on message text. */
export type RecurrenceErrorCode =
  /** The input is not a recurrence of the shape Office.js, Graph or RFC 5545 define. */
  | 'recurrence_invalid'
  /** A valid recurrence that Webex cannot hold (it keeps one weekday for monthly and yearly rules). */
  | 'recurrence_unsupported'
  /** Neither an IANA nor a Windows time zone name: without a zone, UNTIL cannot be placed in UTC. */
  | 'time_zone_unknown';

export class RecurrenceError extends Error {
  constructor(
    readonly code: RecurrenceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecurrenceError';
  }
}
