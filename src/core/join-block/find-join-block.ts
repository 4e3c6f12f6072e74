/**
 * Finds the join block in a body after Outlook has rewritten it (office-js issues 5482 and 6778:
 * wrapper divs and spans added, styles and classes replaced, `<br>` appended, attributes
 * re-quoted, entities re-encoded; Word's MsoNormal paragraphs in Outlook for Windows; "x_"-prefixed
 * ids in read mode and quoted replies).
 *
 * In order of trust (see join-block-markers.ts):
 * 1. a begin and an end marker (our ids or bookmarks, or the delimiter lines) with a join link
 *    between them: the block is what lies between, including both;
 * 2. our container (id webex_scheduler_join) holding a join link, when the markers are gone;
 * 3. a Webex-shaped join link alone, widened over the neighbouring lines the block writes.
 *
 * Each block is reported as a range of the body, cut on element boundaries where possible. When a
 * marker shares an element with the user's own text (an editor merged lines), the range is cut
 * inside that element and `closeBefore`/`reopenAfter` carry the end and start tags that keep the
 * rest of the body well formed.
 */
import { isJoinBlockLine, meetingNumberOf } from './block-lines';
import { ancestorsOf, BLOCK_ELEMENTS, elementsOf, parseHtml, textLines, walkHtml, type HtmlElement, type HtmlNode } from './parse-html';
import {
  isDelimiterLine,
  JOIN_BLOCK_BEGIN_ID,
  JOIN_BLOCK_END_ID,
  JOIN_BLOCK_ID,
  JOIN_LINK_ID,
  markerIdOf,
  MEETING_ID_ATTRIBUTE,
} from './join-block-markers';
import type { BodyContentType, FindJoinBlockOptions, FoundJoinBlock } from './join-block-types';
import { isHttpsUrl, isWebexJoinLink, unwrapSafeLink } from './join-link';

/** A block's place in the body, for editing. */
export interface LocatedBlock {
  found: FoundJoinBlock;
  /** The range to cut, widened over wrappers that hold nothing else (what removal deletes). */
  cutStart: number;
  cutEnd: number;
  /** Written before whatever replaces the cut range (end tags of elements the cut leaves open). */
  closeBefore: string;
  /** Written after it (start tags of elements whose start the cut removed). */
  reopenAfter: string;
}

export function isHtmlContentType(contentType: BodyContentType | string): boolean {
  const type = String(contentType).trim().toLowerCase();
  if (type === 'html') return true;
  if (type === 'text') return false;
  throw new TypeError(`Body content type must be "html" or "text", not "${String(contentType)}".`);
}

/** Every join block in the body, in document order. */
export function findJoinBlocks(body: string, contentType: BodyContentType | string, options: FindJoinBlockOptions = {}): FoundJoinBlock[] {
  return locateJoinBlocks(body, contentType, options).map((b) => b.found);
}

/** The first join block in the body, or undefined. */
export function findJoinBlock(
  body: string,
  contentType: BodyContentType | string,
  options: FindJoinBlockOptions = {},
): FoundJoinBlock | undefined {
  return findJoinBlocks(body, contentType, options)[0];
}

export function locateJoinBlocks(body: string, contentType: BodyContentType | string, options: FindJoinBlockOptions = {}): LocatedBlock[] {
  return isHtmlContentType(contentType) ? locateInHtml(body, options) : locateInText(body, options);
}

// ---------------------------------------------------------------- HTML

interface Anchor {
  el: HtmlElement;
  href: string;
  ours: boolean;
  webex: boolean;
}

type SentinelRole = 'begin' | 'end' | 'either';

interface Sentinel {
  node: HtmlNode;
  role: SentinelRole;
}

// Elements that hold one line of the block.
const LINE_ELEMENTS = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'td']);
const CONTENT_ELEMENTS = new Set([
  'img',
  'hr',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'svg',
  'canvas',
  'input',
  'select',
  'textarea',
  'table',
]);
// Climbing out of an emptied wrapper stops here: removing these would break the page or a table.
const CLIMB_STOP = new Set([
  '#root',
  'html',
  'body',
  'head',
  'td',
  'th',
  'tr',
  'tbody',
  'thead',
  'tfoot',
  'table',
  'li',
  'ul',
  'ol',
  'dl',
  'form',
]);

function isBlank(text: string): boolean {
  return text.replace(/(?:\s|\u00a0|\u200b|\u200c|\u200d|\ufeff)/g, '') === '';
}

/** Whether anything a reader would see lies inside `el` within [from, to). */
function hasContent(el: HtmlElement, from: number, to: number): boolean {
  for (const n of walkHtml(el)) {
    if (n.start >= to || n.end <= from) continue;
    if (n.kind === 'text' && !n.raw && n.start >= from && n.end <= to && !isBlank(n.text)) return true;
    if (n.kind === 'element' && n.start >= from && n.end <= to && CONTENT_ELEMENTS.has(n.name)) return true;
  }
  return false;
}

function contains(outer: HtmlNode, inner: HtmlNode): boolean {
  return outer.start <= inner.start && inner.end <= outer.end && outer !== inner;
}

export function isWordSection(el: HtmlElement): boolean {
  return /(^|\s)wordsection\d*(\s|$)/i.test(el.attrs.get('class') ?? '');
}

function locateInHtml(body: string, options: FindJoinBlockOptions): LocatedBlock[] {
  const root = parseHtml(body);
  const elements = elementsOf(root);
  const hosts = options.joinLinkHosts ?? [];

  const anchors: Anchor[] = elements
    .filter((el) => el.name === 'a' && el.attrs.has('href'))
    .map((el) => ({ el, href: unwrapSafeLink((el.attrs.get('href') ?? '').trim()) }))
    .filter((a) => isHttpsUrl(a.href))
    .map((a) => ({ ...a, ours: markerIdOf(a.el.attrs.get('id')) === JOIN_LINK_ID, webex: isWebexJoinLink(a.href, hosts) }));

  const linkBetween = (from: number, to: number, webexOnly: boolean): Anchor | undefined => {
    const inside = anchors.filter((a) => a.el.start >= from && a.el.end <= to);
    return inside.find((a) => a.ours) ?? inside.find((a) => a.webex) ?? (webexOnly ? undefined : inside[0]);
  };

  // A marker stands for its whole line when the line holds nothing else (Word puts the bookmark
  // and the delimiter side by side in one paragraph): one sentinel per line, ids winning.
  const lineOf = (node: HtmlNode): HtmlNode => {
    if (node.kind === 'element' && LINE_ELEMENTS.has(node.name)) return node;
    const line = ancestorsOf(node).find((el) => LINE_ELEMENTS.has(el.name));
    return line !== undefined && textLines(root, line.start, line.end).every(isDelimiterLine) ? line : node;
  };
  const byNode = new Map<HtmlNode, SentinelRole>();
  for (const node of walkHtml(root)) {
    let role: SentinelRole | undefined;
    if (node.kind === 'element') {
      const id = markerIdOf(node.attrs.get('id')) ?? (node.name === 'a' ? markerIdOf(node.attrs.get('name')) : undefined);
      if (id === JOIN_BLOCK_BEGIN_ID) role = 'begin';
      if (id === JOIN_BLOCK_END_ID) role = 'end';
    } else if (node.kind === 'text' && !node.raw && isDelimiterLine(node.text)) {
      role = 'either';
    }
    if (role === undefined) continue;
    const line = lineOf(node);
    const known = [...byNode.keys()].find((n) => n === line || contains(n, line) || contains(line, n));
    if (known === undefined) byNode.set(line, role);
    else if (byNode.get(known) === 'either' && role !== 'either') byNode.set(known, role);
  }
  const sentinels: Sentinel[] = [...byNode].map(([node, role]) => ({ node, role }));
  sentinels.sort((a, b) => a.node.start - b.node.start);

  const blocks: LocatedBlock[] = [];
  const taken = (from: number, to: number): boolean => blocks.some((b) => from < b.found.end && to > b.found.start);

  // 1. Marker pairs: neighbours only, so a delimiter line of the user's own never pairs with ours.
  for (let i = 0; i + 1 < sentinels.length; i += 1) {
    const begin = sentinels[i] as Sentinel;
    const end = sentinels[i + 1] as Sentinel;
    if (begin.role === 'end' || end.role === 'begin') continue;
    const link = linkBetween(begin.node.end, end.node.start, begin.role === 'either' && end.role === 'either');
    if (link === undefined) continue;
    blocks.push(spanBetween(body, root, elements, begin.node, end.node, link));
    i += 1;
  }

  // 2. Our container, when its markers are gone.
  for (const el of elements) {
    if (markerIdOf(el.attrs.get('id')) !== JOIN_BLOCK_ID || taken(el.start, el.end)) continue;
    if (blocks.some((b) => b.found.start >= el.start && b.found.end <= el.end)) continue;
    const link = linkBetween(el.start, el.end, false);
    if (link !== undefined)
      blocks.push(
        located(root, elements, { start: el.start, end: el.end, parent: el.parent as HtmlElement, closeBefore: '', reopenAfter: '' }, link),
      );
  }

  // 3. A Webex join link alone.
  for (const a of anchors) {
    if (!a.webex || taken(a.el.start, a.el.end)) continue;
    blocks.push(widenAroundLink(root, elements, a));
  }

  return blocks.sort((x, y) => x.found.start - y.found.start);
}

/** The path from `node` up to (not including) `stop`. */
function pathBelow(node: HtmlNode, stop: HtmlElement): HtmlNode[] {
  const path: HtmlNode[] = [node];
  for (let p = node.parent; p !== undefined && p !== stop; p = p.parent) path.push(p);
  return path;
}

function spanBetween(
  body: string,
  root: HtmlElement,
  elements: readonly HtmlElement[],
  begin: HtmlNode,
  end: HtmlNode,
  link: Anchor,
): LocatedBlock {
  const beginAncestors = ancestorsOf(begin);
  const endAncestors = new Set(ancestorsOf(end));
  const lca = beginAncestors.find((a) => endAncestors.has(a)) ?? root;

  // Widen each side to the highest node that holds nothing of the user's beyond the marker.
  const beginPath = pathBelow(begin, lca);
  let startNode = begin;
  for (const node of beginPath.slice(1)) {
    if (hasContent(node as HtmlElement, node.start, begin.start)) break;
    startNode = node;
  }
  const endPath = pathBelow(end, lca);
  let endNode = end;
  for (const node of endPath.slice(1)) {
    if (hasContent(node as HtmlElement, end.end, node.end)) break;
    endNode = node;
  }
  // In a run of lines separated by <br> (no paragraph per line), the block's last line break goes too.
  let cutEnd = endNode.end;
  if (endNode.kind === 'text' || (endNode.kind === 'element' && !BLOCK_ELEMENTS.has(endNode.name))) {
    const siblings = (endNode.parent as HtmlElement).children;
    const next = siblings.slice(siblings.indexOf(endNode) + 1).find((n) => !(n.kind === 'text' && isBlank(n.text)));
    if (next !== undefined && next.kind === 'element' && next.name === 'br') cutEnd = next.end;
  }
  // Elements between the cut and the common ancestor: closed before the cut, reopened after it.
  const openAtStart = pathBelow(startNode, lca).slice(1) as HtmlElement[];
  const openAtEnd = (pathBelow(endNode, lca).slice(1) as HtmlElement[]).reverse();
  const closeBefore = openAtStart.map((el) => `</${el.name}>`).join('');
  const reopenAfter = openAtEnd.map((el) => body.slice(el.start, el.contentStart)).join('');
  return located(root, elements, { start: startNode.start, end: cutEnd, parent: lca, closeBefore, reopenAfter }, link);
}

interface Span {
  start: number;
  end: number;
  /** The element whose children the span covers (where climbing out of wrappers starts). */
  parent: HtmlElement;
  closeBefore: string;
  reopenAfter: string;
}

function located(root: HtmlElement, elements: readonly HtmlElement[], span: Span, link: Anchor): LocatedBlock {
  const { start, end, parent, closeBefore, reopenAfter } = span;
  // Climb out of wrappers that hold nothing but the block (Outlook's elementToProof divs and
  // spans, our own container once its content is gone), so removal leaves no empty shells.
  let cutStart = start;
  let cutEnd = end;
  let container: HtmlElement | undefined = parent;
  if (closeBefore === '' && reopenAfter === '') {
    while (container !== undefined && !CLIMB_STOP.has(container.name) && !isWordSection(container)) {
      if (hasContent(container, container.start, cutStart) || hasContent(container, cutEnd, container.end)) break;
      cutStart = container.start;
      cutEnd = container.end;
      container = container.parent;
    }
  }
  const withId = elements.find(
    (el) => el.attrs.has(MEETING_ID_ATTRIBUTE) && ((el.start >= cutStart && el.end <= cutEnd) || (el.start <= start && el.end >= end)),
  );
  const meetingId = withId?.attrs.get(MEETING_ID_ATTRIBUTE)?.trim();
  const meetingNumber = meetingNumberOf(textLines(root, start, end));
  return {
    found: {
      ...(meetingId ? { meetingId } : {}),
      ...(meetingNumber !== undefined ? { meetingNumber } : {}),
      webLink: link.href,
      start: cutStart,
      end: cutEnd,
    },
    cutStart,
    cutEnd,
    closeBefore,
    reopenAfter,
  };
}

/** Whether every line of a node's text is one the block writes (and there is at least one). */
function allBlockLines(root: HtmlElement, node: HtmlNode): boolean | 'empty' {
  if (node.kind === 'comment') return 'empty';
  if (node.kind === 'text') return isBlank(node.text) ? 'empty' : isJoinBlockLine(node.text);
  if (CONTENT_ELEMENTS.has(node.name)) return false;
  const lines = textLines(root, node.start, node.end);
  if (lines.length === 0) return 'empty';
  return lines.every(isJoinBlockLine);
}

function widenAroundLink(root: HtmlElement, elements: readonly HtmlElement[], a: Anchor): LocatedBlock {
  const line = ancestorsOf(a.el).find((el) => LINE_ELEMENTS.has(el.name));
  let core: HtmlNode = a.el;
  if (line !== undefined && allBlockLines(root, line) === true) core = line;
  const siblings = (core.parent as HtmlElement).children;
  const at = siblings.indexOf(core);
  let first = at;
  let last = at;
  for (let k = at - 1; k >= 0; k -= 1) {
    const verdict = allBlockLines(root, siblings[k] as HtmlNode);
    if (verdict === false) break;
    if (verdict === true) first = k;
  }
  for (let k = at + 1; k < siblings.length; k += 1) {
    const verdict = allBlockLines(root, siblings[k] as HtmlNode);
    if (verdict === false) break;
    if (verdict === true) last = k;
  }
  const start = (siblings[first] as HtmlNode).start;
  const end = (siblings[last] as HtmlNode).end;
  return located(root, elements, { start, end, parent: core.parent as HtmlElement, closeBefore: '', reopenAfter: '' }, a);
}

// ---------------------------------------------------------------- text

interface TextLine {
  start: number;
  /** After the line break, if any. */
  end: number;
  text: string;
}

/** A line without the "> " quoting of plain-text replies. */
function unquoted(line: string): string {
  return line.replace(/^(?:[ \t]*>)+[ \t]?/, '');
}

function splitLines(body: string): TextLine[] {
  const lines: TextLine[] = [];
  let at = 0;
  while (at <= body.length) {
    const nl = body.indexOf('\n', at);
    const stop = nl < 0 ? body.length : nl + 1;
    lines.push({ start: at, end: stop, text: unquoted(body.slice(at, nl < 0 ? body.length : nl).replace(/\r$/, '')) });
    if (nl < 0) break;
    at = stop;
  }
  return lines;
}

const URL_IN_TEXT = /https:\/\/[^\s<>"')\]]+/gi;

function linksIn(text: string): string[] {
  return (text.match(URL_IN_TEXT) ?? []).map((u) => unwrapSafeLink(u.replace(/[.,;:!?]+$/, ''))).filter(isHttpsUrl);
}

function locateInText(body: string, options: FindJoinBlockOptions): LocatedBlock[] {
  const lines = splitLines(body);
  const hosts = options.joinLinkHosts ?? [];
  const blocks: LocatedBlock[] = [];
  const taken = new Set<number>();

  const add = (first: number, last: number, link: string): void => {
    const region = lines.slice(first, last + 1);
    for (let k = first; k <= last; k += 1) taken.add(k);
    const meetingNumber = meetingNumberOf(region.map((l) => l.text));
    const start = (lines[first] as TextLine).start;
    const end = (lines[last] as TextLine).end;
    blocks.push({
      found: { ...(meetingNumber !== undefined ? { meetingNumber } : {}), webLink: link, start, end },
      cutStart: start,
      cutEnd: end,
      closeBefore: '',
      reopenAfter: '',
    });
  };
  const firstLink = (from: number, to: number, webexOnly: boolean): string | undefined => {
    const all = lines.slice(from, to + 1).flatMap((l) => linksIn(l.text));
    return all.find((u) => isWebexJoinLink(u, hosts)) ?? (webexOnly ? undefined : all[0]);
  };

  const delimiters = lines.map((l, k) => (isDelimiterLine(l.text) ? k : -1)).filter((k) => k >= 0);
  for (let i = 0; i + 1 < delimiters.length; i += 1) {
    const first = delimiters[i] as number;
    const last = delimiters[i + 1] as number;
    const link = firstLink(first + 1, last - 1, false);
    if (link === undefined) continue;
    add(first, last, link);
    i += 1;
  }

  lines.forEach((l, k) => {
    if (taken.has(k)) return;
    const link = linksIn(l.text).find((u) => isWebexJoinLink(u, hosts));
    if (link === undefined) return;
    const ours = (n: number): boolean =>
      !taken.has(n) &&
      lines[n] !== undefined &&
      (isJoinBlockLine((lines[n] as TextLine).text) || (lines[n] as TextLine).text.trim() === '');
    let first = k;
    let last = k;
    while (ours(first - 1)) first -= 1;
    while (ours(last + 1)) last += 1;
    while (first < k && (lines[first] as TextLine).text.trim() === '') first += 1;
    while (last > k && (lines[last] as TextLine).text.trim() === '') last -= 1;
    add(first, last, link);
  });

  return blocks.sort((x, y) => x.found.start - y.found.start);
}
