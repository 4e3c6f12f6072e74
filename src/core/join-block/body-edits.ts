/**
 * The join-block work the add-in's flows do on an appointment body, as three functions of a body:
 * which meeting its block names, the body with the block for a meeting written in (replacing the
 * one there, else appended), and the body without any block. The task pane runs them itself; the
 * backend runs them for the launch event (POST /api/join-block/find, write and remove), which does
 * not carry the HTML parser: both give the same answers for the same body.
 */
import { insertJoinBlock, removeJoinBlock, replaceJoinBlock } from './edit-join-block';
import { findJoinBlock, isHtmlContentType } from './find-join-block';
import type { BodyContentType, JoinBlockDetails } from './join-block-types';
import { renderJoinBlockHtml, renderJoinBlockText } from './render-join-block';
import { joinBlockStringsFor } from './strings';

/** What the flows need of a block found in a body. */
export interface JoinBlockOnBody {
  /** From the block's attribute, when Outlook kept it. */
  meetingId?: string;
  /** The join link (decoded, Safe Links unwrapped). */
  webLink: string;
}

export function joinBlockOnBody(
  body: string,
  type: BodyContentType | string,
  joinLinkHosts: readonly string[] = [],
): JoinBlockOnBody | undefined {
  const found = findJoinBlock(body, type, { joinLinkHosts });
  if (!found) return undefined;
  return { ...(found.meetingId ? { meetingId: found.meetingId } : {}), webLink: found.webLink };
}

/** The block in the body's form, in the language of `locale` (Office's UI language). */
function renderedBlock(details: JoinBlockDetails, type: BodyContentType | string, locale: string | undefined): string {
  const strings = joinBlockStringsFor(locale);
  return isHtmlContentType(type) ? renderJoinBlockHtml(details, strings) : renderJoinBlockText(details, strings);
}

/**
 * The body with the block for `details`: the block there refreshed in place, else appended. The
 * same string when the body already says it (callers then leave the item alone). Throws
 * JoinBlockError when the details are not a meeting's (no id or number, a join link not https).
 */
export function bodyWithJoinBlock(
  body: string,
  type: BodyContentType | string,
  details: JoinBlockDetails,
  locale: string | undefined,
  joinLinkHosts: readonly string[] = [],
): string {
  const block = renderedBlock(details, type, locale);
  const options = { joinLinkHosts };
  const replaced = replaceJoinBlock(body, block, type, options);
  return replaced !== body ? replaced : insertJoinBlock(body, block, type, options);
}

/** The body without any join block; the same string when it had none. */
export function bodyWithoutJoinBlock(body: string, type: BodyContentType | string, joinLinkHosts: readonly string[] = []): string {
  return removeJoinBlock(body, type, { joinLinkHosts });
}
