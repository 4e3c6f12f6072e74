/**
 * A forgiving HTML parser that keeps source offsets, for finding and editing the join block in a
 * body without a DOM (this runs in Node too) and without touching a byte outside the block.
 *
 * It is not a full HTML5 tree builder; it covers what mail bodies contain: Outlook on the web's
 * markup, Word's (Outlook for Windows: `<o:p>`, unquoted attributes, conditional comments,
 * `<![if ...]>` blocks), `<html><head><style>` wrappers, unclosed `<p>` and `<li>`, stray end tags.
 * Every element records where its start tag begins and where it ends, so callers cut the body as a
 * string and leave everything else exactly as it was.
 */
import { decodeHtmlEntities } from './html-entities';

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

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'basefont', 'bgsound', 'frame', 'keygen']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'xml']);
// Start tags that close an open <p> (HTML's "close a p element").
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'ul', 'li', 'dd', 'dt',
]);
const SCOPE_BOUNDARY = new Set(['html', 'table', 'td', 'th', 'caption', 'template', 'button', 'object', 'marquee', 'applet']);

/** Elements that start a new line of text. */
export const BLOCK_ELEMENTS = new Set([...CLOSES_P, 'body', 'html', 'tr', 'td', 'th', 'caption', 'tbody', 'thead', 'tfoot', 'br']);

function isNameStart(c: string): boolean {
  return /[A-Za-z]/.test(c);
}

interface StartTag {
  name: string;
  attrs: Map<string, string>;
  selfClosing: boolean;
  end: number;
}

function readStartTag(html: string, at: number): StartTag {
  let i = at + 1;
  const nameMatch = /^[^\s/>]+/.exec(html.slice(i, i + 256));
  const name = (nameMatch?.[0] ?? '').toLowerCase();
  i += nameMatch?.[0].length ?? 0;
  const attrs = new Map<string, string>();
  let selfClosing = false;
  while (i < html.length) {
    const c = html.charAt(i);
    if (c === '>') return { name, attrs, selfClosing, end: i + 1 };
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '/') {
      selfClosing = html.charAt(i + 1) === '>';
      i += 1;
      continue;
    }
    selfClosing = false;
    const attrName = /^[^\s/>=]+|^=[^\s/>=]*/.exec(html.slice(i, i + 1024))?.[0] ?? c;
    i += attrName.length;
    let j = i;
    while (/\s/.test(html.charAt(j))) j += 1;
    let value = '';
    if (html.charAt(j) === '=') {
      j += 1;
      while (/\s/.test(html.charAt(j))) j += 1;
      const q = html.charAt(j);
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, j + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(j + 1, stop);
        i = close < 0 ? html.length : close + 1;
      } else {
        const m = /^[^\s>]*/.exec(html.slice(j));
        value = m?.[0] ?? '';
        i = j + value.length;
      }
    }
    const key = attrName.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeHtmlEntities(value, true));
  }
  return { name, attrs, selfClosing, end: html.length };
}

export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { kind: 'element', name: '#root', attrs: new Map(), start: 0, contentStart: 0, contentEnd: html.length, end: html.length, children: [] };
  const stack: HtmlElement[] = [root];
  const top = (): HtmlElement => stack[stack.length - 1] as HtmlElement;

  const closeTo = (index: number, at: number, endAt: number): void => {
    while (stack.length - 1 > index) {
      const el = stack.pop() as HtmlElement;
      el.contentEnd = at;
      el.end = at;
    }
    const el = stack[index] as HtmlElement;
    if (index > 0) {
      stack.pop();
      el.contentEnd = at;
      el.end = endAt;
    }
  };
  const findOpen = (name: string, boundaries: ReadonlySet<string>): number => {
    for (let k = stack.length - 1; k > 0; k -= 1) {
      const n = (stack[k] as HtmlElement).name;
      if (n === name) return k;
      if (boundaries.has(n)) return -1;
    }
    return -1;
  };
  const addText = (start: number, end: number, raw: boolean): void => {
    if (end <= start) return;
    top().children.push({ kind: 'text', start, end, text: raw ? html.slice(start, end) : decodeHtmlEntities(html.slice(start, end)), raw, parent: top() });
  };

  let i = 0;
  let textStart = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html.charAt(lt + 1);
    let end: number;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      end = close < 0 ? html.length : close + 3;
      addText(textStart, lt, false);
      top().children.push({ kind: 'comment', start: lt, end, parent: top() });
    } else if (next === '!' || next === '?') {
      // Doctype, CDATA, Word's <![if !supportLists]> / <![endif]>, processing instructions.
      const close = html.indexOf('>', lt + 2);
      end = close < 0 ? html.length : close + 1;
      addText(textStart, lt, false);
      top().children.push({ kind: 'comment', start: lt, end, parent: top() });
    } else if (next === '/' && isNameStart(html.charAt(lt + 2))) {
      const close = html.indexOf('>', lt + 2);
      end = close < 0 ? html.length : close + 1;
      const name = (/^[^\s/>]+/.exec(html.slice(lt + 2, lt + 258))?.[0] ?? '').toLowerCase();
      addText(textStart, lt, false);
      const index = findOpen(name, name === 'p' || name === 'li' ? SCOPE_BOUNDARY : new Set());
      if (index > 0) closeTo(index, lt, end);
    } else if (isNameStart(next)) {
      const tag = readStartTag(html, lt);
      end = tag.end;
      addText(textStart, lt, false);
      if (CLOSES_P.has(tag.name)) {
        const p = findOpen('p', SCOPE_BOUNDARY);
        if (p > 0) closeTo(p, lt, lt);
      }
      if (tag.name === 'li') {
        const li = findOpen('li', new Set([...SCOPE_BOUNDARY, 'ul', 'ol']));
        if (li > 0) closeTo(li, lt, lt);
      }
      if (tag.name === 'dd' || tag.name === 'dt') {
        const d = Math.max(findOpen('dd', new Set([...SCOPE_BOUNDARY, 'dl'])), findOpen('dt', new Set([...SCOPE_BOUNDARY, 'dl'])));
        if (d > 0) closeTo(d, lt, lt);
      }
      if (tag.name === 'tr' || tag.name === 'td' || tag.name === 'th') {
        const cell = Math.max(findOpen('td', new Set(['table', 'tr'])), findOpen('th', new Set(['table', 'tr'])));
        if (cell > 0) closeTo(cell, lt, lt);
        if (tag.name === 'tr') {
          const row = findOpen('tr', new Set(['table']));
          if (row > 0) closeTo(row, lt, lt);
        }
      }
      const el: HtmlElement = { kind: 'element', name: tag.name, attrs: tag.attrs, start: lt, contentStart: end, contentEnd: end, end, children: [], parent: top() };
      top().children.push(el);
      if (!VOID.has(tag.name) && !tag.selfClosing) {
        if (RAW_TEXT.has(tag.name)) {
          const closeRe = new RegExp(`</${tag.name.replace(/[^a-z0-9:-]/g, '')}[\\s/>]`, 'ig');
          closeRe.lastIndex = end;
          const m = closeRe.exec(html);
          const contentEnd = m ? m.index : html.length;
          const closeEnd = m ? (html.indexOf('>', m.index) + 1 || html.length) : html.length;
          stack.push(el);
          addText(end, contentEnd, true);
          stack.pop();
          el.contentEnd = contentEnd;
          el.end = closeEnd;
          end = closeEnd;
        } else {
          stack.push(el);
        }
      }
    } else {
      // A "<" that starts no tag is text.
      i = lt + 1;
      continue;
    }
    i = end;
    textStart = end;
  }
  addText(textStart, html.length, false);
  closeTo(0, html.length, html.length);
  return root;
}

/** Depth-first, document order. */
export function* walkHtml(node: HtmlElement): Generator<HtmlNode> {
  for (const child of node.children) {
    yield child;
    if (child.kind === 'element') yield* walkHtml(child);
  }
}

export function elementsOf(node: HtmlElement): HtmlElement[] {
  return [...walkHtml(node)].filter((n): n is HtmlElement => n.kind === 'element');
}

/**
 * Visible text with line structure: block elements and <br> start new lines; spaces collapse
 * within a line (as a browser renders them), so markup changes do not change the text. With a
 * range, only nodes that overlap [from, to) count.
 */
export function textLines(node: HtmlElement, from = node.start, to = node.end): string[] {
  let out = '';
  const visit = (el: HtmlElement): void => {
    for (const child of el.children) {
      if (child.end <= from || child.start >= to) continue;
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
