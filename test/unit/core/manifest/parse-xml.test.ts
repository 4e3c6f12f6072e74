import fc from 'fast-check';
import { XmlElement, XmlParseError, attr, childElements, parseXml, textOf } from '../../../../src/core/manifest/parse-xml';

function parseError(source: string): XmlParseError {
  try {
    parseXml(source);
  } catch (e: unknown) {
    if (e instanceof XmlParseError) return e;
    throw e;
  }
  throw new Error('expected the source to be refused');
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => escapeText(s).replace(/"/g, '&quot;');

describe('parseXml', () => {
  it('reads elements, attributes and text, and resolves default and prefixed namespaces', () => {
    const { root } = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<a xmlns="urn:a" xmlns:b="urn:b" x="1"><b:c y=\'2\'>hi</b:c><d/></a>\n',
    );
    expect(root.localName).toBe('a');
    expect(root.namespace).toBe('urn:a');
    expect(attr(root, 'x')).toBe('1');
    const [c, d] = childElements(root);
    expect(c?.name).toBe('b:c');
    expect(c?.localName).toBe('c');
    expect(c?.namespace).toBe('urn:b');
    expect(attr(c as XmlElement, 'y')).toBe('2');
    expect(textOf(c as XmlElement)).toBe('hi');
    expect(d?.namespace).toBe('urn:a');
    expect(d?.parent).toBe(root);
    expect(childElements(parseXml('<a><b/></a>').root)[0]?.namespace).toBeUndefined();
  });

  it('keeps the source offsets of attribute values and text, so they can be rewritten in place', () => {
    const source = '<a>\n  <b href="https://x/&amp;y" t=\'>"\'>  t&amp;u  </b>\n</a>';
    const b = childElements(parseXml(source).root)[0] as XmlElement;
    const [href, t] = b.attributes;
    expect(source.slice(href?.valueStart, href?.valueEnd)).toBe('https://x/&amp;y');
    expect(href?.value).toBe('https://x/&y');
    expect(source.slice(t?.valueStart, t?.valueEnd)).toBe('>"');
    expect(t?.quote).toBe("'");
    const text = b.children[0];
    expect(text?.kind).toBe('text');
    if (text?.kind === 'text') expect(source.slice(text.start, text.end)).toBe('  t&amp;u  ');
    expect(b.line).toBe(2);
    expect(source.slice(b.start, b.end)).toBe(`<b href="https://x/&amp;y" t='>"'>  t&amp;u  </b>`);
  });

  it('keeps the offsets of text around comments and CDATA, and of empty elements, with CRLF line ends', () => {
    const source = '<?xml version="1.0"?>\r\n<a>\r\n x<!-- c -->y<![CDATA[<&>]]>z<e/>\r\n</a>';
    const { root } = parseXml(source);
    const texts = root.children.filter((c) => c.kind === 'text');
    expect(texts.map((t) => [source.slice(t.start, t.end), t.value, t.cdata])).toEqual([
      ['\r\n x', '\n x', false],
      ['y', 'y', false],
      ['<&>', '<&>', true],
      ['z', 'z', false],
      ['\r\n', '\n', false],
    ]);
    const e = childElements(root, 'e')[0] as XmlElement;
    expect(source.slice(e.start, e.end)).toBe('<e/>');
    expect(e.line).toBe(3);
    expect(source.slice(root.start, root.end)).toBe(source.slice(source.indexOf('<a>')));
  });

  it('reads back any attribute value and text it is given, escaped, with the offsets of what was written', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (value, text) => {
        // XML 1.0 cannot carry other control characters; line breaks in attributes read as spaces.
        const clean = (s: string) =>
          [...s]
            .map((ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ch))
            .filter((ch) => ch.charCodeAt(0) >= 0x20)
            .join('');
        const v = escapeAttribute(clean(value));
        const t = escapeText(clean(text));
        const source = `<r>\n<e v="${v}">${t}</e><!---->${t}</r>`;
        const e = childElements(parseXml(source).root)[0] as XmlElement;
        const a = e.attributes[0];
        const texts = [...e.children, ...(e.parent?.children.slice(2) ?? [])];
        return (
          a?.value === clean(value) &&
          source.slice(a.valueStart, a.valueEnd) === v &&
          texts.every((n) => n.kind === 'text' && n.value === clean(text) && source.slice(n.start, n.end) === t)
        );
      }),
    );
  });

  it.each([
    [
      'a stray "&", reported where it stands, not at the next ";"',
      '<a>\n<b v="https://x/?a=1&b=2"/>\n<c>&amp;</c>\n</a>',
      2,
      '"&" must start a reference',
    ],
    ['a stray "&" with no ";" after it', '<a>\n<b>fish & chips</b>\n</a>', 2, '"&" must start a reference'],
    ['an unknown entity', '<a>\n<b>&nbsp;</b></a>', 2, 'undefined entity &nbsp;'],
    ['an end tag that closes another element', '<a>\n<b>\n</a>', 3, '</a> does not close <b> (line 2)'],
    ['a root that is never closed, at its start tag', '\n<a>\n<b/>\n', 2, 'unclosed tag: a'],
    ['a DOCTYPE', '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 2, 'DOCTYPE'],
    ['an empty document', '   ', 1, 'root element'],
  ])('refuses %s, with code xml_malformed and the line of the fault', (_what, source, line, reason) => {
    const error = parseError(source);
    expect(error.code).toBe('xml_malformed');
    expect(error.line).toBe(line);
    expect(error.message).toContain(reason);
  });
});
