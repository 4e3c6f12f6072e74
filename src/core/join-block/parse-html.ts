/**
 * Mail bodies as a tree that keeps source offsets, read by htmlparser2 (HTML's tokenizer and
 * character references, the end tags browsers imply), for finding and editing the join block
 * without a DOM (this runs in Node too) and without touching a byte outside the block.
 *
 * It covers what mail bodies contain: Outlook on the web's markup, Word's (Outlook for Windows:
 * `<o:p>`, unquoted attributes, conditional comments, `<![if ...]>` blocks), `<html><head><style>`
 * wrappers, unclosed `<p>` and `<li>`, stray end tags. Every element records where its start tag
 * begins and where it ends, so callers cut the body as a string and leave everything else exactly
 * as it was.
 */
import { Parser } from 'htmlparser2';
import { JoinBlockError } from './join-block-error';

/**
 * How deep elements may nest. Mail bodies nest a few dozen levels (a long reply chain a few
 * hundred); htmlparser2's work per tag grows with the depth (its stack of open elements is an
 * array it unshifts), so a body of nothing but nested tags would take minutes, here and on the
 * backend that finds the block for the launch event. Deeper is refused (body_too_complex).
 */
export const MAX_HTML_DEPTH = 512;

export interface HtmlElement {
  kind: 'element';
  /** Lower case, namespace prefix kept ("o:p"). */
  name: string;
  /** Lower-case names, decoded values; the first of repeated attributes wins, as in browsers. */
  attrs: ReadonlyMap<string, string>;
  /** Offset of "<" of the start tag (0 and body length for the root). */
  start: number;
  /** Offset just after the start tag's ">". */
  contentStart: number;
  /** Offset of the end tag's "<", or where the element was closed implicitly. */
  contentEnd: number;
  /** Offset just after the end tag, or where the element was closed implicitly. */
  end: number;
  children: HtmlNode[];
  parent?: HtmlElement;
}

export interface HtmlText {
  kind: 'text';
  start: number;
  end: number;
  /** Decoded text. */
  text: string;
  /** Content of script, style and the like: not visible text. */
  raw: boolean;
  parent: HtmlElement;
}

export interface HtmlComment {
  kind: 'comment';
  start: number;
  end: number;
  parent: HtmlElement;
}

export type HtmlNode = HtmlElement | HtmlText | HtmlComment;

// Content that is not shown (htmlparser2 reads most of these as text up to their end tag).
const HIDDEN = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'xml']);

/** Elements that start a new line of text. */
export const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
  'li',
  'dd',
  'dt',
  'body',
  'html',
  'tr',
  'td',
  'th',
  'caption',
  'tbody',
  'thead',
  'tfoot',
  'br',
]);

export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = {
    kind: 'element',
    name: '#root',
    attrs: new Map(),
    start: 0,
    contentStart: 0,
    contentEnd: html.length,
    end: html.length,
    children: [],
  };
  const open: HtmlElement[] = [root];
  const top = (): HtmlElement => open[open.length - 1] as HtmlElement;
  // How many of the open elements hide their text (script, style, ...): counted, not searched for at every text.
  let hiddenOpen = 0;
  let ending = false;
  // During each event, htmlparser2's startIndex and endIndex are the offsets of its first and last character.
  const parser: Parser = new Parser({
    onopentag(name, attribs) {
      if (open.length > MAX_HTML_DEPTH) throw new JoinBlockError('body_too_complex', `Elements nest deeper than ${MAX_HTML_DEPTH} levels.`);
      const contentStart = parser.endIndex + 1;
      const el: HtmlElement = {
        kind: 'element',
        name,
        attrs: new Map(Object.entries(attribs)),
        start: parser.startIndex,
        contentStart,
        contentEnd: contentStart,
        end: contentStart,
        children: [],
        parent: top(),
      };
      top().children.push(el);
      open.push(el);
      if (HIDDEN.has(name)) hiddenOpen += 1;
    },
    onclosetag(name, implied) {
      const el = top();
      // A tag cut off by the end of the body was never opened here.
      if (el === root || el.name !== name) return;
      open.pop();
      if (HIDDEN.has(name)) hiddenOpen -= 1;
      // Void and self-closed elements end with their start tag.
      if (el.start === parser.startIndex) return;
      // Left open at the end of the body (a tag cut off there included), closed by an end tag, or
      // implicitly where the next tag starts.
      el.contentEnd = ending ? html.length : parser.startIndex;
      el.end = ending ? html.length : implied ? parser.startIndex : parser.endIndex + 1;
    },
    ontext(text) {
      const parent = top();
      const start = parser.startIndex;
      const end = parser.endIndex + 1;
      // htmlparser2 reports a character reference as a text event of its own.
      const last = parent.children[parent.children.length - 1];
      if (last !== undefined && last.kind === 'text' && last.end === start) {
        last.text += text;
        last.end = end;
        return;
      }
      parent.children.push({ kind: 'text', start, end, text, raw: hiddenOpen > 0, parent });
    },
    // Comments, and what reads as one: CDATA, Word's <![if !supportLists]>, doctype, <?xml ...?>.
    oncomment() {
      top().children.push({ kind: 'comment', start: parser.startIndex, end: parser.endIndex + 1, parent: top() });
    },
    onprocessinginstruction() {
      top().children.push({ kind: 'comment', start: parser.startIndex, end: parser.endIndex + 1, parent: top() });
    },
  });
  parser.write(html);
  ending = true;
  parser.end();
  return root;
}

/**
 * Depth-first, document order. With a stack of its own: a generator recursing into each child would
 * pass every node up through one generator per level, which in a deeply nested body costs its
 * depth for each node.
 */
export function* walkHtml(node: HtmlElement): Generator<HtmlNode> {
  const levels: { children: readonly HtmlNode[]; next: number }[] = [{ children: node.children, next: 0 }];
  while (levels.length > 0) {
    const level = levels[levels.length - 1] as (typeof levels)[number];
    const child = level.children[level.next];
    if (child === undefined) {
      levels.pop();
      continue;
    }
    level.next += 1;
    yield child;
    if (child.kind === 'element') levels.push({ children: child.children, next: 0 });
  }
}

export function elementsOf(node: HtmlElement): HtmlElement[] {
  return [...walkHtml(node)].filter((n): n is HtmlElement => n.kind === 'element');
}

/**
 * The index of the first of `children` that ends after `offset`. Siblings are in document order and
 * each ends before the next starts (parseHtml), so their ends never decrease: a binary search.
 */
function firstEndingAfter(children: readonly HtmlNode[], offset: number): number {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((children[middle] as HtmlNode).end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Visible text with line structure: block elements and <br> start new lines; spaces collapse
 * within a line (as a browser renders them), so markup changes do not change the text. With a
 * range, only nodes that overlap [from, to) count.
 */
export function textLines(node: HtmlElement, from = node.start, to = node.end): string[] {
  let out = '';
  const visit = (el: HtmlElement): void => {
    const { children } = el;
    // Only the children within the range: finding the lines of each of many links in a large body
    // must not walk the whole body each time.
    for (let i = firstEndingAfter(children, from); i < children.length; i++) {
      const child = children[i] as HtmlNode;
      if (child.start >= to) break;
      if (child.end <= from) continue;
      if (child.kind === 'text') {
        // Line breaks in the source are spaces when rendered; lines come from elements only.
        if (!child.raw) out += child.text.replace(/[\r\n\t\f]/g, ' ');
      } else if (child.kind === 'element') {
        const block = BLOCK_ELEMENTS.has(child.name);
        if (block) out += '\n';
        if (child.name !== 'head') visit(child);
        if (block) out += '\n';
      }
    }
  };
  visit(node);
  return out
    .split('\n')
    .map((line) => line.replace(/(?:\s|\u00a0|\u200b|\u200c|\u200d|\ufeff)+/g, ' ').trim())
    .filter((line) => line !== '');
}

/** Ancestors from the parent up to the root. */
export function ancestorsOf(node: HtmlNode): HtmlElement[] {
  const out: HtmlElement[] = [];
  for (let p = node.parent; p !== undefined; p = p.parent) out.push(p);
  return out;
}
