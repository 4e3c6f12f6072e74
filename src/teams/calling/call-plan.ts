/**
 * How a click on "Call" reaches the Webex App, per Webex's "Cross-launch URL for sign-in and
 * calling" (help.webex.com article n45mhmab): the Webex App registers WEBEXTEL:, SIP:, TEL: and
 * CLICKTOCALL: with the operating system. Of those, webextel is the Webex App's own and opens it
 * even where another app (Teams itself, a softphone) has taken tel:, so a phone number is handed
 * over as `webextel://login?telephone=<number>` unless the user chose their phone app, which gets
 * the standard `tel:` (RFC 3966). Someone with no number but an address is called at that address
 * with `sip:`, which the Webex App also handles. Pure.
 */

export type CallScheme = 'webextel' | 'sip' | 'tel';
/** What the user chose to start calls with, on this device. */
export type CallPreference = 'webex' | 'phone';

export interface CallTarget {
  number?: string;
  address?: string;
}

export interface CallPlan {
  scheme: CallScheme;
  uri: string;
  /** What is dialed: the normalized number, or the address. */
  dialed: string;
}

/** Shown to the Webex App as the source of the call (the x-source parameter). */
export const CALL_SOURCE = 'Microsoft Teams';

const MIN_DIGITS = 3;
const MAX_DIGITS = 20;

/**
 * A number as dialers take it: digits, a leading '+', '*' and '#'; spaces, dots, dashes and
 * brackets dropped. An extension ("x123", "ext. 123") is cut off: neither URL form has a place
 * for it that every dialer honours. Undefined when nothing dialable is left.
 */
export function dialableNumber(raw: string): string | undefined {
  const main = raw.split(/\s*(?:x|ext\.?|extension|;ext=)\s*\d+\s*$/i)[0] ?? '';
  const trimmed = main.trim();
  if (!/^\+?[\d\s().\-/*#]+$/.test(trimmed)) return undefined;
  const plus = trimmed.startsWith('+') ? '+' : '';
  const rest = trimmed.replace(/[^\d*#]/g, '');
  const digits = rest.replace(/[*#]/g, '').length;
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) return undefined;
  return plus + rest;
}

const ADDRESS = /^[^\s@:<>"]+@[^\s@:<>"]+\.[^\s@:<>"]+$/;

export function planCall(target: CallTarget, preference: CallPreference): CallPlan | undefined {
  const number = target.number ? dialableNumber(target.number) : undefined;
  if (number) {
    if (preference === 'phone') return { scheme: 'tel', uri: `tel:${number}`, dialed: number };
    const query = new URLSearchParams({ telephone: number, 'x-source': CALL_SOURCE });
    return { scheme: 'webextel', uri: `webextel://login?${query.toString()}`, dialed: number };
  }
  const address = target.address?.trim().replace(/^sip:/i, '');
  if (address && ADDRESS.test(address)) return { scheme: 'sip', uri: `sip:${address}`, dialed: address };
  return undefined;
}
