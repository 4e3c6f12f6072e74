/**
 * The `Prefer` header preferences Graph's calendar API honours:
 *   outlook.timezone="Pacific Standard Time"   start/end in that zone instead of UTC
 *   IdType="ImmutableId"                       ids that survive moves (the default is "RestId")
 *   outlook.body-content-type="text"           body as text (or "html")
 *   odata.maxpagesize=50                        page size of delta responses
 * Several may come in one header, comma-separated, or in several headers. Applied preferences are
 * echoed in `Preference-Applied`.
 */
import type { IdType } from './event-ids';
import { GraphApiError } from './graph-error';
import { resolveTimeZone, ResolvedTimeZone } from './time-zones';

export interface Preferences {
  timeZone?: ResolvedTimeZone;
  idType: IdType;
  bodyContentType?: 'text' | 'html';
  maxPageSize?: number;
  /** Values for the Preference-Applied header. */
  applied: string[];
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

export function parsePreferences(header: string | string[] | undefined): Preferences {
  const prefs: Preferences = { idType: 'rest', applied: [] };
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of splitOutsideQuotes(text, ',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .split(';')[0]!
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name === 'outlook.timezone') {
      const zone = resolveTimeZone(value);
      if (!zone) {
        throw new GraphApiError(
          400,
          'TimeZoneNotSupportedException',
          `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${value}'.`,
        );
      }
      prefs.timeZone = zone;
      prefs.applied.push(`outlook.timezone="${zone.name}"`);
    } else if (name === 'idtype') {
      if (value.toLowerCase() === 'immutableid') {
        prefs.idType = 'immutable';
        prefs.applied.push('IdType="ImmutableId"');
      } else if (value.toLowerCase() === 'restid') {
        prefs.applied.push('IdType="RestId"');
      }
    } else if (name === 'odata.maxpagesize') {
      const size = Number(value);
      // Applied (and echoed) only by the handlers that page by it.
      if (Number.isInteger(size) && size > 0) prefs.maxPageSize = size;
    } else if (name === 'outlook.body-content-type') {
      const type = value.toLowerCase();
      if (type === 'text' || type === 'html') {
        prefs.bodyContentType = type;
        prefs.applied.push(`outlook.body-content-type="${type}"`);
      }
    }
  }
  return prefs;
}
