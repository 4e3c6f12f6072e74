/**
 * The rel="next" target of an RFC 8288 Link header, as Webex pages its lists:
 * `Link: <https://webexapis.com/v1/meetings?...&max=10&offset=10>; rel="next"`.
 * Relative targets are resolved against `base`. Returns undefined when there is no next page.
 */
export function parseNextLink(header: string | null | undefined, base: string): string | undefined {
  if (!header) return undefined;
  // Link values are comma separated, but a URL may contain commas; split only between `>` and `<`.
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) {
      try {
        return new URL(m[1] ?? '', base).toString();
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
