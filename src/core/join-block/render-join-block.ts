/**
 * Renders the join block as HTML (for HTML bodies) and as plain text (for text bodies). Every value
 * is escaped; the join link must be https; only the fields of JoinBlockDetails are read, so a host
 * key can never reach the body. The markers that let the block be found again are described in
 * join-block-markers.ts.
 */
import { escapeHtml } from './escape-html';
import { JoinBlockError } from './join-block-error';
import {
  DELIMITER_LINE,
  JOIN_BLOCK_BEGIN_ID,
  JOIN_BLOCK_END_ID,
  JOIN_BLOCK_ID,
  JOIN_LINK_ID,
  MEETING_ID_ATTRIBUTE,
} from './join-block-markers';
import type { DialInNumber, JoinBlockDetails, JoinBlockStrings } from './join-block-types';
import { requireHttpsUrl } from './join-link';

/** The details once checked: the same fields (never a host key), with the dial-in numbers always listed. */
interface CheckedDetails extends Omit<JoinBlockDetails, 'dialIn' | 'hostKey'> {
  dialIn: DialInNumber[];
}

function optionalText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Digits of a meeting number or access code written with spaces or dashes, or undefined. */
export function digitsOf(value: string): string | undefined {
  const digits = value.replace(/[\s\u00a0-]/g, '');
  return /^\d{1,20}$/.test(digits) ? digits : undefined;
}

/** Groups digits the way Webex prints meeting numbers: 2555 123 4567, 255 123 4567, 255 123 456. */
export function formatMeetingNumber(value: string): string {
  const d = digitsOf(value);
  if (d === undefined) return value.trim();
  if (d.length === 11) return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
  if (d.length === 10) return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
  if (d.length === 9) return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
  return d;
}

function checkDetails(details: JoinBlockDetails): CheckedDetails {
  const meetingId = optionalText(details.meetingId);
  if (meetingId === undefined || meetingId.length > 256) throw new JoinBlockError('join_details_invalid', 'The meeting id is missing.');
  const meetingNumber = optionalText(details.meetingNumber);
  if (meetingNumber === undefined || digitsOf(meetingNumber) === undefined) {
    throw new JoinBlockError('join_details_invalid', 'The meeting number is not a number.');
  }
  const dialIn = Array.isArray(details.dialIn)
    ? details.dialIn
        .filter((d) => typeof d === 'object' && d !== null && optionalText(d.number) !== undefined)
        .map((d) => ({
          label: optionalText(d.label) ?? '',
          number: (d.number as string).trim(),
          tollType: d.tollType === 'tollFree' ? ('tollFree' as const) : ('toll' as const),
        }))
    : [];
  const checked: CheckedDetails = { meetingId, meetingNumber, webLink: requireHttpsUrl(String(details.webLink ?? '')), dialIn };
  const password = optionalText(details.password);
  if (password !== undefined) checked.password = password;
  const numericPassword = optionalText(details.numericPassword);
  if (numericPassword !== undefined) checked.numericPassword = numericPassword;
  const sipAddress = optionalText(details.sipAddress);
  if (sipAddress !== undefined) checked.sipAddress = sipAddress;
  const accessCode = optionalText(details.accessCode);
  if (accessCode !== undefined) checked.accessCode = accessCode;
  const hostName = optionalText(details.hostName);
  if (hostName !== undefined) checked.hostName = hostName;
  return checked;
}

/** Fills "{address}" in a template, escaping each piece with `escape`. */
function fill(template: string, value: string, escape: (s: string) => string): string {
  const at = template.indexOf('{address}');
  if (at < 0) return `${escape(template)} ${escape(value)}`;
  return escape(template.slice(0, at)) + escape(value) + escape(template.slice(at + '{address}'.length));
}

function dialLabel(d: DialInNumber, strings: JoinBlockStrings): string {
  return d.label !== '' ? d.label : d.tollType === 'tollFree' ? strings.tollFree : strings.toll;
}

/** "tel:+14156550001,,25551234567%23%23": dial, wait, enter the access code and "##". */
function tapToDialHref(number: string, accessCode: string): string | undefined {
  const phone = number.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  const code = digitsOf(accessCode);
  if (phone.replace('+', '').length < 3 || code === undefined) return undefined;
  return `tel:${phone},,${code}%23%23`;
}

function tapToDialText(number: string, accessCode: string): string {
  return `${number},,${digitsOf(accessCode) ?? accessCode}##`;
}

interface Line {
  /** Already-escaped HTML. */
  html: string;
  text: string;
  /** Starts a new section (a gap above it). */
  section?: boolean;
}

function lines(d: CheckedDetails, s: JoinBlockStrings): Line[] {
  const e = escapeHtml;
  const labelled = (label: string, value: string, bold = true): Line => ({
    html: `${e(label)}${e(s.labelSeparator)}${bold ? `<b>${e(value)}</b>` : e(value)}`,
    text: `${label}${s.labelSeparator}${value}`,
  });
  const out: Line[] = [];
  out.push(labelled(s.meetingNumber, formatMeetingNumber(d.meetingNumber)));
  if (d.password !== undefined) out.push(labelled(s.password, d.password));
  if (d.numericPassword !== undefined) out.push(labelled(s.numericPassword, d.numericPassword));
  if (d.dialIn.length > 0) {
    out.push({ html: `<b>${e(s.joinByPhone)}</b>`, text: s.joinByPhone, section: true });
    for (const n of d.dialIn) out.push({ html: `${e(n.number)} ${e(dialLabel(n, s))}`, text: `${n.number} ${dialLabel(n, s)}` });
    if (d.accessCode !== undefined) out.push(labelled(s.accessCode, formatMeetingNumber(d.accessCode)));
    const taps = d.accessCode === undefined ? [] : d.dialIn.map((n) => ({ n, href: tapToDialHref(n.number, d.accessCode as string) }));
    if (taps.some((t) => t.href !== undefined)) {
      out.push({ html: `<b>${e(s.tapToJoin)}</b>`, text: s.tapToJoin, section: true });
      for (const { n, href } of taps) {
        if (href === undefined) continue;
        const shown = `${tapToDialText(n.number, d.accessCode as string)} ${dialLabel(n, s)}`;
        out.push({ html: `<a href="${e(href)}">${e(shown)}</a>`, text: shown });
      }
    }
  }
  if (d.sipAddress !== undefined) {
    out.push({ html: `<b>${e(s.joinByVideoSystem)}</b>`, text: s.joinByVideoSystem, section: true });
    out.push({ html: fill(s.dialVideoAddress, d.sipAddress, e), text: fill(s.dialVideoAddress, d.sipAddress, (x) => x) });
  }
  if (d.hostName !== undefined) {
    const host = labelled(s.host, d.hostName, false);
    out.push({ ...host, section: true });
  }
  return out;
}

const BLOCK_STYLE = 'font-family:Segoe UI,Helvetica Neue,Helvetica,Arial,sans-serif;font-size:11pt;color:#252424;margin:16px 0';
const LINE_STYLE = 'margin:0';
const SECTION_STYLE = 'margin:12px 0 0 0';
const DELIMITER_STYLE = 'margin:0;color:#a19f9d;white-space:nowrap;overflow:hidden';
const LINK_STYLE = 'font-size:14pt;font-weight:bold;color:#0b5cad;text-decoration:underline';

export function renderJoinBlockHtml(details: JoinBlockDetails, strings: JoinBlockStrings): string {
  const d = checkDetails(details);
  const e = escapeHtml;
  const body = lines(d, strings)
    .map((l) => `<p style="${l.section ? SECTION_STYLE : LINE_STYLE}">${l.html}</p>`)
    .join('');
  return (
    `<div id="${JOIN_BLOCK_ID}" ${MEETING_ID_ATTRIBUTE}="${e(d.meetingId)}" lang="${e(strings.locale)}" style="${BLOCK_STYLE}">` +
    `<p id="${JOIN_BLOCK_BEGIN_ID}" style="${DELIMITER_STYLE}">${DELIMITER_LINE}</p>` +
    `<p style="margin:8px 0"><a id="${JOIN_LINK_ID}" href="${e(d.webLink)}" style="${LINK_STYLE}">${e(strings.joinMeeting)}</a></p>` +
    body +
    `<p id="${JOIN_BLOCK_END_ID}" style="${DELIMITER_STYLE}">${DELIMITER_LINE}</p>` +
    `</div>`
  );
}

/** Lines joined by `newline` ("\n" by default), no trailing newline. */
export function renderJoinBlockText(details: JoinBlockDetails, strings: JoinBlockStrings, newline = '\n'): string {
  const d = checkDetails(details);
  const out = [DELIMITER_LINE, `${strings.joinMeeting}${strings.labelSeparator}${d.webLink}`];
  for (const l of lines(d, strings)) {
    if (l.section) out.push('');
    out.push(l.text);
  }
  out.push(DELIMITER_LINE);
  // A value with a line break would split the block's lines; keep each value on its line.
  return out.map((l) => l.replace(/[\r\n]+/g, ' ')).join(newline);
}
