/**
 * Recognizes the lines of a join block by their text, in every shipped language: the fallback
 * when Outlook kept the join link but none of the ids or delimiters around it, and the source of
 * the meeting number when reading a block back.
 */
import { isDelimiterLine } from './join-block-markers';
import { digitsOf } from './render-join-block';
import { JOIN_BLOCK_STRINGS } from './strings';

const ALL = Object.values(JOIN_BLOCK_STRINGS);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "Label", any spaces, ":" or "：", then the value. */
function labelled(label: string): RegExp {
  return new RegExp(`^${escapeRegExp(label)}[\\s\\u00a0]*[:：][\\s\\u00a0]*(.*)$`, 'i');
}

const VALUE_LABELS = ALL.flatMap((s) => [s.meetingNumber, s.password, s.numericPassword, s.accessCode, s.host, s.joinMeeting]).map(
  labelled,
);
const HEADINGS = new Set(ALL.flatMap((s) => [s.joinMeeting, s.joinByPhone, s.joinByVideoSystem, s.tapToJoin]).map((h) => h.toLowerCase()));
const DIAL_TEMPLATES = ALL.map((s) => new RegExp(`^${escapeRegExp(s.dialVideoAddress).replace('\\{address\\}', '.+')}$`, 'i'));
const MEETING_NUMBER = ALL.map((s) => labelled(s.meetingNumber));
const ACCESS_CODE = ALL.map((s) => labelled(s.accessCode));
// A dial-in line starts with a phone number of 7 digits or more: "+1-415-655-0001 US Toll",
// "+1-415-655-0001,,25551234567## US Toll".
const PHONE_PREFIX = /^\+?[\d().\- ]+(?=,,[\d#]+|\s|$)/;

function startsWithPhoneNumber(line: string): boolean {
  const prefix = PHONE_PREFIX.exec(line)?.[0];
  return prefix !== undefined && prefix.replace(/\D/g, '').length >= 7;
}

function normalize(line: string): string {
  return line.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** True for a line the join block writes (in any shipped language). */
export function isJoinBlockLine(raw: string): boolean {
  const line = normalize(raw);
  if (line === '') return false;
  if (isDelimiterLine(line)) return true;
  if (HEADINGS.has(line.toLowerCase())) return true;
  // The join link as Outlook's text conversion writes it: "Join Webex meeting<https://...>".
  if (ALL.some((s) => line.toLowerCase().startsWith(`${s.joinMeeting.toLowerCase()}<https://`))) return true;
  if (VALUE_LABELS.some((re) => re.test(line))) return true;
  if (DIAL_TEMPLATES.some((re) => re.test(line))) return true;
  return startsWithPhoneNumber(line);
}

/** The meeting number (digits) a block's lines name, from "Meeting number" or else "Access code". */
export function meetingNumberOf(lines: readonly string[]): string | undefined {
  for (const patterns of [MEETING_NUMBER, ACCESS_CODE]) {
    for (const raw of lines) {
      const line = normalize(raw);
      for (const re of patterns) {
        const value = re.exec(line)?.[1];
        const digits = value === undefined ? undefined : digitsOf(value);
        if (digits !== undefined) return digits;
      }
    }
  }
  return undefined;
}
