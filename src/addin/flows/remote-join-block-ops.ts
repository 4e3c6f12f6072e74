/**
 * The join block's work asked of the backend (POST /api/join-block/find, write, remove), with the
 * user's token, for the launch event: launchevent.js then carries no HTML parser nor the block's
 * strings of every language. The body passes through the backend in memory only; a body larger
 * than the backend takes (413 body_too_large) is a FlowError appointment_too_large, whose sentence
 * sends the user to the task pane, which edits the body itself.
 *
 * A body that names neither Webex nor one of the deployment's join-link hosts anywhere holds no
 * block (ours carries "webex" in its ids, and a block found by its link alone has a Webex join
 * link, which Outlook writes in clear): finding or removing one there is answered here, so the
 * text of appointments without a Webex meeting, whose time changes, never leaves the device.
 */
import { isApiError } from '../api/api-error';
import type { JoinBlockApi } from '../api/join-block-api';
import type { JoinBlockOps } from './flow-deps';
import { FlowError } from './flow-error';

/** The hosts, on the wire only when there are some. */
const hostsOf = (joinLinkHosts: readonly string[]) => (joinLinkHosts.length > 0 ? { joinLinkHosts: [...joinLinkHosts] } : {});

/** Numeric character references (`&#119;`, `&#x77;`), and the named ones of the characters of a host name or a link. */
const NUMERIC_REFERENCE = /&#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));?/gi;
const NAMED_REFERENCE = /&(period|sol|colon|lowbar|commat|quest|equals|num|percnt|amp);/gi;
const NAMED: Readonly<Record<string, string>> = {
  period: '.',
  sol: '/',
  colon: ':',
  lowbar: '_',
  commat: '@',
  quest: '?',
  equals: '=',
  num: '#',
  percnt: '%',
  amp: '&',
};

/** The body's characters as a browser would read them where it matters here (no table of every named reference needed). */
function decodedText(body: string): string {
  return body
    .replace(NUMERIC_REFERENCE, (whole, hex: string | undefined, decimal: string | undefined) => {
      const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(NAMED_REFERENCE, (_whole, name: string) => NAMED[name.toLowerCase()] ?? '');
}

/**
 * Whether the body names Webex or a join-link host at all, in any case: as written, with its
 * character references read, and with its tags and comments left out (a word may be split by
 * them). It may say yes where there is no block (the backend then finds none), never no where
 * there is one.
 */
export function mayHoldJoinBlock(body: string, joinLinkHosts: readonly string[]): boolean {
  const decoded = decodedText(body);
  const readings = [body, decoded, decoded.replace(/<!--[\s\S]*?-->|<[^>]*>/g, '')].map((text) => text.toLowerCase());
  return ['webex', ...joinLinkHosts].some((name) => name !== '' && readings.some((text) => text.includes(name.toLowerCase())));
}

/**
 * The backend's answer; a body too large for it is the appointment's problem, told as such. By its
 * status: a proxy in front of the backend may refuse it first, without the API's error shape.
 */
async function asked<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (thrown) {
    if (isApiError(thrown) && thrown.status === 413)
      throw new FlowError('appointment_too_large', 'The appointment’s body is too large to send.');
    throw thrown;
  }
}

export function remoteJoinBlockOps(api: JoinBlockApi): JoinBlockOps {
  return {
    find: async (body, bodyType, joinLinkHosts) =>
      mayHoldJoinBlock(body, joinLinkHosts) ? asked(api.findJoinBlock({ body, bodyType, ...hostsOf(joinLinkHosts) })) : undefined,
    write: (body, bodyType, { details, locale }, joinLinkHosts) =>
      asked(api.writeJoinBlock({ body, bodyType, details, ...(locale ? { locale } : {}), ...hostsOf(joinLinkHosts) })),
    remove: async (body, bodyType, joinLinkHosts) =>
      mayHoldJoinBlock(body, joinLinkHosts) ? asked(api.removeJoinBlock({ body, bodyType, ...hostsOf(joinLinkHosts) })) : body,
  };
}
