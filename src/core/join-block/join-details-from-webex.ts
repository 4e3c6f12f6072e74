/**
 * The join block's details from a Webex meeting as the Webex Meetings API returns it. Reads only
 * the fields the block shows; in particular never `hostKey`, which Webex returns to the host and
 * which must not reach attendees (docs/architecture.md#service-facts).
 */
import type { DialInNumber, JoinBlockDetails } from './join-block-types';

/** The parts of a Webex meeting object this reads (webex-meeting.json, MeetingSeriesObject). */
export interface WebexMeetingJoinInfo {
  id?: unknown;
  meetingNumber?: unknown;
  webLink?: unknown;
  password?: unknown;
  phoneAndVideoSystemPassword?: unknown;
  sipAddress?: unknown;
  hostDisplayName?: unknown;
  telephony?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function joinDetailsFromWebexMeeting(meeting: WebexMeetingJoinInfo, options: { includeHostName?: boolean } = {}): JoinBlockDetails {
  const telephony = record(meeting.telephony);
  const dialIn: DialInNumber[] = Array.isArray(telephony?.callInNumbers)
    ? telephony.callInNumbers.flatMap((raw: unknown) => {
        const n = record(raw);
        const number = text(n?.callInNumber);
        if (n === undefined || number === undefined) return [];
        return [{ label: text(n.label) ?? '', number, tollType: n.tollType === 'tollFree' ? ('tollFree' as const) : ('toll' as const) }];
      })
    : [];
  const details: {
    -readonly [K in keyof JoinBlockDetails]: JoinBlockDetails[K];
  } = {
    meetingId: text(meeting.id) ?? '',
    meetingNumber: text(meeting.meetingNumber) ?? '',
    webLink: text(meeting.webLink) ?? '',
  };
  const password = text(meeting.password);
  if (password !== undefined) details.password = password;
  const numericPassword = text(meeting.phoneAndVideoSystemPassword);
  if (numericPassword !== undefined) details.numericPassword = numericPassword;
  const sipAddress = text(meeting.sipAddress);
  if (sipAddress !== undefined) details.sipAddress = sipAddress;
  if (dialIn.length > 0) details.dialIn = dialIn;
  const accessCode = text(telephony?.accessCode);
  if (accessCode !== undefined) details.accessCode = accessCode;
  const hostName = text(meeting.hostDisplayName);
  if (options.includeHostName === true && hostName !== undefined) details.hostName = hostName;
  return details;
}
