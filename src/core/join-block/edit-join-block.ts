/**
 * Puts the join block into a body, swaps it for a new one, takes it out. Each returns the body
 * unchanged (the same string) when there is nothing to do, so callers write the body only when
 * the result differs: every write through Office.js may make Outlook wrap the body again
 * (office-js issue 6778), so fewer writes mean a body that stays as the user left it.
 *
 * - insertJoinBlock appends the block once. If a block is already there (ours, however Outlook
 *   rewrote it), the body is returned unchanged: "adding twice changes nothing". To update an
 *   existing block, use replaceJoinBlock; to update-or-add, replace then insert.
 * - replaceJoinBlock swaps the first block for the new one in place, keeping the user's text before
 *   and after it, and removes any further copies. It leaves the body unchanged when there is no
 *   block, or when the block there already says the same (same text and links, whatever markup).
 * - removeJoinBlock removes every block and the wrappers Outlook put around it that hold nothing
 *   else, leaving the user's text as it was.
 * Everything outside the block is kept byte for byte.
 */
import { isHtmlContentType, isWordSection, locateJoinBlocks, type LocatedBlock } from './find-join-block';
import { isHttpsUrl, unwrapSafeLink } from './join-link';
import type { BodyContentType, FindJoinBlockOptions } from './join-block-types';
import { elementsOf, parseHtml, textLines } from './parse-html';

function newlineOf(body: string): string {
  return body.includes('\r\n') ? '\r\n' : '\n';
}

function htmlInsertionPoint(body: string): number {
  const elements = elementsOf(parseHtml(body));
  const bodyEl = elements.find((el) => el.name === 'body');
  if (bodyEl !== undefined) {
    const children = bodyEl.children.filter((c) => c.kind === 'element');
    const last = children[children.length - 1];
    // Word keeps a body's content in <div class=WordSection1>; the block belongs inside it.
    if (last !== undefined && last.kind === 'element' && last.name === 'div' && isWordSection(last)) return last.contentEnd;
    return bodyEl.contentEnd;
  }
  const htmlEl = elements.find((el) => el.name === 'html');
  return htmlEl !== undefined ? htmlEl.contentEnd : body.length;
}

export function insertJoinBlock(
  body: string,
  block: string,
  contentType: BodyContentType | string,
  options: FindJoinBlockOptions = {},
): string {
  if (locateJoinBlocks(body, contentType, options).length > 0) return body;
  if (isHtmlContentType(contentType)) {
    const at = htmlInsertionPoint(body);
    return body.slice(0, at) + block + body.slice(at);
  }
  if (body === '') return block;
  const nl = newlineOf(body);
  const text = block.replace(/\r?\n/g, nl);
  const separator = body.endsWith(nl + nl) ? '' : body.endsWith(nl) ? nl : nl + nl;
  return body + separator + text;
}

/** Text lines and link targets: what a reader sees and clicks, whatever the markup. */
function htmlSignature(html: string, from?: number, to?: number): string {
  const root = parseHtml(html);
  const start = from ?? 0;
  const end = to ?? html.length;
  const links = elementsOf(root)
    .filter((el) => el.name === 'a' && el.start >= start && el.end <= end)
    .map((el) => unwrapSafeLink((el.attrs.get('href') ?? '').trim()))
    .map((href) => (isHttpsUrl(href) ? new URL(href).href : href));
  return JSON.stringify([textLines(root, start, end), links]);
}

function textSignature(text: string): string {
  return JSON.stringify(
    text
      .split(/\r?\n/)
      .map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim())
      .filter((l) => l !== ''),
  );
}

function applyEdits(body: string, edits: { at: LocatedBlock; insert: string }[]): string {
  let out = body;
  let floor = Infinity;
  for (const { at, insert } of [...edits].sort((a, b) => b.at.cutStart - a.at.cutStart)) {
    if (at.cutEnd > floor) continue;
    out = out.slice(0, at.cutStart) + at.closeBefore + insert + at.reopenAfter + out.slice(at.cutEnd);
    floor = at.cutStart;
  }
  return out;
}

export function replaceJoinBlock(
  body: string,
  block: string,
  contentType: BodyContentType | string,
  options: FindJoinBlockOptions = {},
): string {
  const blocks = locateJoinBlocks(body, contentType, options);
  const [first, ...rest] = blocks;
  if (first === undefined) return body;
  const html = isHtmlContentType(contentType);
  const same = html
    ? htmlSignature(body, first.found.start, first.found.end) === htmlSignature(block)
    : textSignature(body.slice(first.found.start, first.found.end)) === textSignature(block);
  if (same && rest.length === 0) return body;
  if (html) return applyEdits(body, [{ at: first, insert: block }, ...rest.map((at) => ({ at, insert: '' }))]);
  // Copies after the first go first, so the first one's offsets stay valid.
  const trimmed = removeTextBlocks(body, rest);
  const nl = newlineOf(body);
  const text = block.replace(/\r?\n/g, nl);
  // The cut range ends after the block's last line break, if it had one; keep it.
  const keepBreak = body.slice(first.cutStart, first.cutEnd).endsWith('\n') ? nl : '';
  return trimmed.slice(0, first.cutStart) + text + keepBreak + trimmed.slice(first.cutEnd);
}

function removeTextBlocks(body: string, blocks: readonly LocatedBlock[]): string {
  let out = body;
  for (const at of [...blocks].sort((a, b) => b.cutStart - a.cutStart)) {
    const before = out.slice(0, at.cutStart);
    const after = out.slice(at.cutEnd);
    if (after.trim() === '') {
      out = before.replace(/(?:[ \t]*\r?\n)+$/, '');
    } else if (before.trim() === '') {
      out = after.replace(/^(?:[ \t]*\r?\n)+/, '');
    } else {
      // Keep one blank line at the seam, as there was before the block was added.
      out = /\n[ \t]*\r?\n$/.test(before) ? before + after.replace(/^(?:[ \t]*\r?\n)+/, '') : before + after;
    }
  }
  return out;
}

export function removeJoinBlock(body: string, contentType: BodyContentType | string, options: FindJoinBlockOptions = {}): string {
  const blocks = locateJoinBlocks(body, contentType, options);
  if (blocks.length === 0) return body;
  if (isHtmlContentType(contentType))
    return applyEdits(
      body,
      blocks.map((at) => ({ at, insert: '' })),
    );
  return removeTextBlocks(body, blocks);
}
