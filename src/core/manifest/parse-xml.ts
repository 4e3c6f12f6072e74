/**
 * A small, strict XML parser for add-in manifests: elements, attributes, text, CDATA, comments and
 * processing instructions, with namespaces resolved and the source offsets of every attribute value
 * and text run kept, so that a manifest can be checked with line numbers and rewritten in place
 * without losing its comments or layout.
 *
 * It is not a general XML processor on purpose: a DOCTYPE is refused (no entity expansion, no
 * external references), and only the five predefined entities and character references are known.
 * No XML library is installed and Node has no DOM parser; a manifest needs nothing more.
 */

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

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isNameStart(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    c === 0x5f || // _
    c === 0x3a || // :
    c >= 0xc0
  );
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Where each line starts, to turn offsets into line and column numbers. */
export function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

export function positionOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

class Scanner {
  pos = 0;
  private readonly starts: number[];

  constructor(readonly src: string) {
    this.starts = lineStarts(src);
  }

  fail(reason: string, at = this.pos): never {
    const { line, column } = positionOf(this.starts, at);
    throw new XmlParseError(reason, line, column);
  }

  lineAt(offset: number): number {
    return positionOf(this.starts, offset).line;
  }

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  peek(offset = 0): number {
    return this.src.charCodeAt(this.pos + offset);
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  expect(s: string): void {
    if (!this.startsWith(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  skipSpace(): boolean {
    const from = this.pos;
    while (!this.done && isSpace(this.peek())) this.pos++;
    return this.pos > from;
  }

  name(): string {
    const from = this.pos;
    if (this.done || !isNameStart(this.peek())) this.fail('expected a name');
    this.pos++;
    while (!this.done && isNameChar(this.peek())) this.pos++;
    return this.src.slice(from, this.pos);
  }

  /** Advances past `terminator`, returning the text before it. */
  until(terminator: string, what: string): string {
    const at = this.src.indexOf(terminator, this.pos);
    if (at < 0) this.fail(`unterminated ${what}`);
    const text = this.src.slice(this.pos, at);
    this.pos = at + terminator.length;
    return text;
  }
}

function isDecimalDigit(d: string): boolean {
  return d >= '0' && d <= '9';
}

function isHexDigit(d: string): boolean {
  return isDecimalDigit(d) || (d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F');
}

/** Decodes entity and character references in raw text; `from` is the raw text's source offset. */
function decode(scanner: Scanner, raw: string, from: number): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp);
    if (semi < 0) scanner.fail('"&" must start an entity reference such as &amp;', from + amp);
    const ref = raw.slice(amp + 1, semi);
    if (ref.startsWith('#')) {
      const hex = ref.startsWith('#x');
      const digits = ref.slice(hex ? 2 : 1);
      const valid = digits.length > 0 && [...digits].every((d) => (hex ? isHexDigit(d) : isDecimalDigit(d)));
      const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff) scanner.fail(`invalid character reference &${ref};`, from + amp);
      out += String.fromCodePoint(code);
    } else {
      const value = PREDEFINED_ENTITIES[ref];
      if (value === undefined) scanner.fail(`unknown entity &${ref};`, from + amp);
      out += value;
    }
    i = semi + 1;
  }
  return out;
}

function resolveNamespace(
  scanner: Scanner,
  qualified: string,
  scope: Map<string, string>,
  isAttribute: boolean,
  at: number,
): { prefix: string; localName: string; namespace: string | undefined } {
  const colon = qualified.indexOf(':');
  if (colon < 0) return { prefix: '', localName: qualified, namespace: isAttribute ? undefined : scope.get('') || undefined };
  const prefix = qualified.slice(0, colon);
  const localName = qualified.slice(colon + 1);
  if (!localName || localName.includes(':')) scanner.fail(`malformed qualified name "${qualified}"`, at);
  if (prefix === 'xmlns') return { prefix, localName, namespace: undefined };
  if (prefix === 'xml') return { prefix, localName, namespace: XML_NAMESPACE };
  const namespace = scope.get(prefix);
  if (namespace === undefined) scanner.fail(`the prefix "${prefix}" is not bound to a namespace`, at);
  return { prefix, localName, namespace };
}

/** Skips comments, processing instructions and white space between top-level constructs. */
function skipMisc(scanner: Scanner, allowDeclaration: boolean): void {
  for (;;) {
    scanner.skipSpace();
    if (scanner.startsWith('<!--')) {
      scanner.pos += 4;
      const body = scanner.until('-->', 'comment');
      if (body.includes('--')) scanner.fail('"--" is not allowed inside a comment');
    } else if (scanner.startsWith('<?')) {
      const at = scanner.pos;
      scanner.pos += 2;
      const target = scanner.name();
      if (target.toLowerCase() === 'xml' && (!allowDeclaration || at !== 0)) {
        scanner.fail('the XML declaration must be the very first thing in the document', at);
      }
      scanner.until('?>', 'processing instruction');
    } else if (scanner.startsWith('<!DOCTYPE')) {
      scanner.fail('a DOCTYPE is not allowed in a manifest');
    } else {
      return;
    }
    allowDeclaration = false;
  }
}

function normaliseAttributeSpace(raw: string): string {
  let out = '';
  for (const ch of raw) out += ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ch;
  return out;
}

function parseAttributes(scanner: Scanner): XmlAttribute[] {
  const attributes: XmlAttribute[] = [];
  for (;;) {
    const hadSpace = scanner.skipSpace();
    const c = scanner.peek();
    if (scanner.done) scanner.fail('unterminated start tag');
    if (c === 0x3e /* > */ || c === 0x2f /* / */) return attributes;
    if (!hadSpace) scanner.fail('attributes must be separated by white space');
    const nameAt = scanner.pos;
    const name = scanner.name();
    scanner.skipSpace();
    scanner.expect('=');
    scanner.skipSpace();
    const quoteChar = scanner.src[scanner.pos];
    if (quoteChar !== '"' && quoteChar !== "'") scanner.fail('attribute values must be quoted');
    scanner.pos++;
    const valueStart = scanner.pos;
    const raw = scanner.until(quoteChar, 'attribute value');
    if (raw.includes('<')) scanner.fail('"<" is not allowed in an attribute value', valueStart + raw.indexOf('<'));
    if (attributes.some((a) => a.name === name)) scanner.fail(`duplicate attribute "${name}"`, nameAt);
    // Literal line breaks and tabs in a value read as spaces (XML attribute-value normalisation);
    // the same characters written as character references are kept.
    const value = decode(scanner, normaliseAttributeSpace(raw), valueStart);
    attributes.push({ name, value, valueStart, valueEnd: valueStart + raw.length, quote: quoteChar });
  }
}

function parseElement(scanner: Scanner, parent: XmlElement | undefined, parentScope: Map<string, string>): XmlElement {
  const start = scanner.pos;
  scanner.expect('<');
  const name = scanner.name();
  const attributes = parseAttributes(scanner);

  let scope = parentScope;
  for (const a of attributes) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      const prefix = a.name === 'xmlns' ? '' : a.name.slice(6);
      if (prefix && a.value === '') scanner.fail(`the prefix "${prefix}" cannot be bound to an empty namespace`, a.valueStart);
      scope.set(prefix, a.value);
    }
  }
  const { localName, namespace } = resolveNamespace(scanner, name, scope, false, start + 1);
  for (const a of attributes) resolveNamespace(scanner, a.name, scope, true, a.valueStart);

  const element: XmlElement = {
    kind: 'element',
    name,
    localName,
    namespace,
    attributes,
    children: [],
    parent,
    start,
    end: start,
    line: scanner.lineAt(start),
  };

  if (scanner.startsWith('/>')) {
    scanner.pos += 2;
    element.end = scanner.pos;
    return element;
  }
  scanner.expect('>');

  for (;;) {
    if (scanner.done) scanner.fail(`<${name}> is not closed`, start);
    if (scanner.startsWith('</')) {
      const closeAt = scanner.pos;
      scanner.pos += 2;
      const closing = scanner.name();
      scanner.skipSpace();
      scanner.expect('>');
      if (closing !== name) scanner.fail(`</${closing}> does not close <${name}>`, closeAt);
      element.end = scanner.pos;
      return element;
    }
    if (scanner.startsWith('<!--')) {
      scanner.pos += 4;
      const body = scanner.until('-->', 'comment');
      if (body.includes('--')) scanner.fail('"--" is not allowed inside a comment');
    } else if (scanner.startsWith('<![CDATA[')) {
      scanner.pos += 9;
      const from = scanner.pos;
      const value = scanner.until(']]>', 'CDATA section');
      element.children.push({ kind: 'text', value, start: from, end: from + value.length, cdata: true });
    } else if (scanner.startsWith('<?')) {
      scanner.pos += 2;
      const target = scanner.name();
      if (target.toLowerCase() === 'xml') scanner.fail('the XML declaration must be the very first thing in the document');
      scanner.until('?>', 'processing instruction');
    } else if (scanner.startsWith('<!')) {
      scanner.fail('unexpected markup declaration');
    } else if (scanner.peek() === 0x3c /* < */) {
      element.children.push(parseElement(scanner, element, scope));
    } else {
      const from = scanner.pos;
      const next = scanner.src.indexOf('<', from);
      const to = next < 0 ? scanner.src.length : next;
      const raw = scanner.src.slice(from, to);
      const bad = raw.indexOf(']]>');
      if (bad >= 0) scanner.fail('"]]>" is not allowed in text', from + bad);
      scanner.pos = to;
      element.children.push({ kind: 'text', value: decode(scanner, raw, from), start: from, end: to, cdata: false });
    }
  }
}

/** Parses a whole document; throws XmlParseError (code xml_malformed) with the line and column of the fault. */
export function parseXml(source: string): XmlDocument {
  const scanner = new Scanner(source);
  if (source.charCodeAt(0) === 0xfeff) scanner.pos = 1;
  skipMisc(scanner, true);
  if (scanner.done || scanner.peek() !== 0x3c) scanner.fail('expected the root element');
  const root = parseElement(scanner, undefined, new Map([['xml', XML_NAMESPACE]]));
  skipMisc(scanner, false);
  if (!scanner.done) scanner.fail('only one root element is allowed');
  return { root, source };
}

/** The value of an attribute by its name as written, or undefined. */
export function attr(element: XmlElement, name: string): string | undefined {
  return element.attributes.find((a) => a.name === name)?.value;
}

/** The attribute object by its name as written, or undefined. */
export function attrNode(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
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
