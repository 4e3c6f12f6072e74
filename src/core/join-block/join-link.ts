/**
 * Join links: which URLs may become an href (https only), and which look like a Webex join link
 * (the fallback detector when Outlook dropped every id we wrote).
 *
 * Webex join links take these shapes (webLink in the Webex Meetings API):
 *   https://<site>.webex.com/<site>/j.php?MTID=m<hex>     scheduled meetings
 *   https://<site>.webex.com/meet/<name>                  personal rooms
 *   https://<site>.webex.com/join/<name>, /wbxmjs/joinservice/...   other join entry points
 */
import { JoinBlockError } from './join-block-error';

export const DEFAULT_JOIN_LINK_HOSTS: readonly string[] = ['webex.com'];

/** The URL, normalized, if it is an absolute https URL without credentials; otherwise a JoinBlockError. */
export function requireHttpsUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new JoinBlockError('join_link_invalid', 'The join link is not a URL.');
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hostname === '') {
    throw new JoinBlockError('join_link_invalid', 'The join link is not a plain https URL.');
  }
  return url.href;
}

export function isHttpsUrl(raw: string): boolean {
  try {
    requireHttpsUrl(raw);
    return true;
  } catch {
    return false;
  }
}

function hostMatches(hostname: string, suffixes: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return suffixes.some((s) => {
    const suffix = s.toLowerCase();
    return host === suffix || host.endsWith(`.${suffix}`);
  });
}

/** True for an https URL on a Webex host (or one of `extraHosts`) with a join path. */
export function isWebexJoinLink(raw: string, extraHosts: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || !hostMatches(url.hostname, [...DEFAULT_JOIN_LINK_HOSTS, ...extraHosts])) return false;
  const path = url.pathname.toLowerCase();
  return /\/j\.php$/.test(path) || /^\/(meet|join)\/[^/]+/.test(path) || path.startsWith('/wbxmjs/joinservice/');
}

/** Outlook's Safe Links and similar wrappers keep the real URL in a query parameter. */
export function unwrapSafeLink(raw: string): string {
  try {
    const url = new URL(raw.trim());
    if (/(^|\.)safelinks\.protection\.outlook\.com$/i.test(url.hostname)) {
      const inner = url.searchParams.get('url');
      if (inner) return inner;
    }
  } catch {
    return raw;
  }
  return raw;
}
