/**
 * What marks the join block so it can be found again after Outlook rewrites the body.
 *
 * - ids: Outlook keeps an element's `id` where it drops classes and wrapper divs (office-js issue
 *   5482: a div with an id survives setAsync/getAsync, one without is flattened into
 *   `<p class="elementToProof">`). Read mode and replies prefix ids with "x_" (once per quoting
 *   level). Word, which edits bodies in Outlook for Windows, turns ids into bookmarks
 *   (`<a name=...>`) whose names allow letters, digits and underscores only, hence underscores.
 * - delimiter lines: the first and last line of the block are a run of box-drawing characters,
 *   which survive any markup change and also mark the plain-text form.
 * - the join link itself (join-link.ts), when everything else is gone.
 */

export const JOIN_BLOCK_ID = 'webex_scheduler_join';
export const JOIN_BLOCK_BEGIN_ID = 'webex_scheduler_join_begin';
export const JOIN_BLOCK_END_ID = 'webex_scheduler_join_end';
export const JOIN_LINK_ID = 'webex_scheduler_join_link';
/** Attribute on the block's container naming the Webex meeting. */
export const MEETING_ID_ATTRIBUTE = 'data-webex-meeting-id';

export const DELIMITER_CHAR = '\u2500';
export const DELIMITER_LINE = DELIMITER_CHAR.repeat(40);
/** A line made only of at least this many box-drawing characters is a delimiter. */
const MIN_DELIMITER_RUN = 10;

export function isDelimiterLine(line: string): boolean {
  const trimmed = line.replace(/[\s\u00a0]+/g, '');
  return trimmed.length >= MIN_DELIMITER_RUN && /^\u2500+$/.test(trimmed);
}

/** An id or bookmark name as we wrote it: "x_" prefixes dropped, hyphens read as underscores, any case. */
export function markerIdOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let id = raw.trim().toLowerCase().replace(/-/g, '_');
  while (id.startsWith('x_')) id = id.slice(2);
  return id;
}
