/**
 * Add-in manifests as a tree, read by saxes (a strict, namespace-aware XML parser that reports
 * well-formedness errors with their line), with the source offsets of every element, attribute
 * value and text run kept: the checker reports line numbers, and rendering rewrites values in place
 * without losing the manifest's comments or layout.
 *
 * A DOCTYPE is refused: a manifest needs none, and refusing it rules out entity definitions.
 */
import { SaxesParser } from 'saxes';

export interface XmlAttribute {
  /** The name as written, e.g. "xsi:type". */
  name: string;
  /** The decoded value. */
  value: string;
  /** Offsets of the raw value between its quotes, in the source. */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'";
}

export interface XmlText {
  kind: 'text';
  /** The decoded text (CDATA content verbatim). */
  value: string;
  /** Offsets of the raw text in the source. */
  start: number;
  end: number;
  cdata: boolean;
}

export interface XmlElement {
  kind: 'element';
  /** The name as written, e.g. "bt:Image". */
  name: string;
  /** The name without its prefix, e.g. "Image". */
  localName: string;
  /** The namespace URI the prefix (or the default namespace) is bound to, if any. */
  namespace: string | undefined;
  attributes: XmlAttribute[];
  children: XmlNode[];
  parent: XmlElement | undefined;
  /** Offset of the "<" that opens the element. */
  start: number;
  /** Offset just past the end of the element (after "/>" or its end tag). */
  end: number;
  /** 1-based line of the start tag. */
  line: number;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlDocument {
  root: XmlElement;
  source: string;
}

export class XmlParseError extends Error {
  readonly code = 'xml_malformed';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
    this.name = 'XmlParseError';
  }
}

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/** Maps source offsets to 1-based lines and columns. */
function positions(source: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
}

/** Parses a whole document; throws XmlParseError (code xml_malformed) with the line and column of the fault. */
export function parseXml(source: string): XmlDocument {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const positionAt = positions(source);
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let closed: XmlElement | undefined;
  let attributes: XmlAttribute[] = [];
  let tagStart = 0;
  // Where the construct being read begins: just past the previous one. saxes reports events once a
  // construct is complete, with `position` just past its last character (past the "<" that ends text).
  let cursor = 0;

  let ended = false;
  const failAt = (reason: string, offset: number): never => {
    const { line, column } = positionAt(offset);
    throw new XmlParseError(reason, line, column);
  };

  parser.on('error', (e) => {
    const reason = e.message.replace(/^\d+:\d+: /, '');
    // saxes reads a reference up to the next ";", however far: a stray "&" (in a URL's query, say)
    // is reported at some later ";", or at the end of the document. The fault is the "&" that began
    // it: the first one since the last complete construct and the last ";" before the error.
    if (reason.includes('entity') || ended) {
      const from = Math.max(cursor, tagStart, source.lastIndexOf(';', parser.position - 2) + 1);
      const amp = source.indexOf('&', from);
      if (amp >= 0 && amp < parser.position) {
        const semicolon = source.indexOf(';', amp);
        const named = /^(undefined|malformed character) entity/.test(reason) && semicolon >= 0;
        failAt(
          named ? `${reason.replace(/\.$/, '')} ${source.slice(amp, semicolon + 1)}` : '"&" must start a reference such as &amp;',
          amp,
        );
      }
    }
    // At the end of the document saxes names the unclosed element; its start tag is where to look.
    const unclosed = reason.startsWith('unclosed tag') ? open[open.length - 1] : undefined;
    if (unclosed) failAt(reason, unclosed.start);
    // An end tag for another element: saxes has just closed (and reported) the open one.
    if (reason.startsWith('unexpected close tag') && closed) {
      const endTag = source.lastIndexOf('</', parser.position);
      const name = /^<\/([^\s>]*)/.exec(source.slice(endTag))?.[1] ?? '';
      failAt(`</${name}> does not close <${closed.name}> (line ${closed.line})`, endTag);
    }
    throw new XmlParseError(reason, parser.line, parser.column);
  });
  parser.on('doctype', () => failAt('a DOCTYPE is not allowed in a manifest', source.lastIndexOf('<!DOCTYPE', parser.position)));
  parser.on('opentagstart', () => {
    // A tag name holds no "<": the last one before the name is the tag's.
    tagStart = source.lastIndexOf('<', parser.position - 1);
    attributes = [];
  });
  parser.on('attribute', ({ name, value }) => {
    // Reported at the closing quote; a quoted value cannot hold its own quote character.
    const valueEnd = parser.position - 1;
    const quote = source[valueEnd] === "'" ? "'" : '"';
    attributes.push({ name, value, valueStart: source.lastIndexOf(quote, valueEnd - 1) + 1, valueEnd, quote });
  });
  parser.on('opentag', (tag) => {
    const parent = open[open.length - 1];
    const element: XmlElement = {
      kind: 'element',
      name: tag.name,
      localName: tag.local,
      namespace: tag.uri || undefined,
      attributes,
      children: [],
      parent,
      start: tagStart,
      end: parser.position,
      line: positionAt(tagStart).line,
    };
    parent?.children.push(element);
    root ??= element;
    open.push(element);
    cursor = parser.position;
  });
  parser.on('closetag', () => {
    closed = open.pop();
    if (closed) closed.end = parser.position;
    cursor = parser.position;
  });
  parser.on('text', (value) => {
    const end = parser.position - 1;
    open[open.length - 1]?.children.push({ kind: 'text', value, start: cursor, end, cdata: false });
    cursor = end;
  });
  parser.on('cdata', (value) => {
    const end = parser.position - CDATA_CLOSE.length;
    open[open.length - 1]?.children.push({ kind: 'text', value, start: cursor + CDATA_OPEN.length, end, cdata: true });
    cursor = parser.position;
  });
  parser.on('comment', () => {
    // Reported on the closing "--", before the ">" that must follow it.
    cursor = parser.position + 1;
  });
  parser.on('processinginstruction', () => {
    cursor = parser.position;
  });
  parser.on('xmldecl', () => {
    cursor = parser.position;
  });

  parser.write(source);
  ended = true;
  parser.close();
  if (!root) throw new XmlParseError('expected the root element', parser.line, parser.column);
  return { root, source };
}

/** The value of an attribute by its name as written, or undefined. */
export function attr(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((a) => a.name === name)?.value;
}

/** Child elements, optionally only those with the given local name. */
export function childElements(element: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of element.children) if (c.kind === 'element' && (localName === undefined || c.localName === localName)) out.push(c);
  return out;
}

export function firstChild(element: XmlElement, localName: string): XmlElement | undefined {
  return childElements(element, localName)[0];
}

/** The element's text content, concatenated and trimmed. */
export function textOf(element: XmlElement): string {
  let s = '';
  for (const c of element.children) if (c.kind === 'text') s += c.value;
  return s.trim();
}

/** Every element below `element` (depth first, document order), not including itself. */
export function descendants(element: XmlElement, stopAt?: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of childElements(e)) {
      out.push(c);
      if (!stopAt || !stopAt(c)) walk(c);
    }
  };
  walk(element);
  return out;
}
