import fc from 'fast-check';
import { XmlElement, XmlParseError, attr, childElements, parseXml, textOf } from '../../../src/core/manifest/parse-xml';

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
  });

  it('decodes the predefined entities and character references, and keeps CDATA verbatim', () => {
    const { root } = parseXml('<a v="&lt;&amp;&quot;&apos;&gt;&#65;&#x42;">&amp;<![CDATA[<&>]]>&#x1F600;</a>');
    expect(attr(root, 'v')).toBe('<&"\'>AB');
    expect(textOf(root)).toBe('&<&>😀');
  });

  it('reads line breaks inside attribute values as spaces, as XML requires', () => {
    expect(attr(parseXml('<a v="x\n\ty"/>').root, 'v')).toBe('x  y');
    expect(attr(parseXml('<a v="x&#10;y"/>').root, 'v')).toBe('x\ny');
  });

  it('keeps the source offsets of attribute values and text, so they can be rewritten in place', () => {
    const source = '<a>\n  <b href="https://x/&amp;y">  t&amp;u  </b>\n</a>';
    const b = childElements(parseXml(source).root)[0] as XmlElement;
    const href = b.attributes[0];
    expect(source.slice(href?.valueStart, href?.valueEnd)).toBe('https://x/&amp;y');
    const text = b.children[0];
    expect(text?.kind).toBe('text');
    if (text?.kind === 'text') expect(source.slice(text.start, text.end)).toBe('  t&amp;u  ');
    expect(b.line).toBe(2);
    expect(source.slice(b.start, b.end)).toBe('<b href="https://x/&amp;y">  t&amp;u  </b>');
  });

  it('reads back any attribute value and text it is given, escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (value, text) => {
        // XML 1.0 cannot carry other control characters; line breaks in attributes read as spaces.
        const clean = (s: string) =>
          [...s]
            .map((ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ch))
            .filter((ch) => ch.charCodeAt(0) >= 0x20)
            .join('');
        const v = clean(value);
        const t = clean(text);
        const { root } = parseXml(`<r v="${escapeAttribute(v)}">${escapeText(t)}</r>`);
        return attr(root, 'v') === v && (root.children[0]?.kind === 'text' ? root.children[0].value : '') === t;
      }),
    );
  });

  it.each([
    ['a closing tag that does not match', '<a>\n  <b></c>\n</a>', 2],
    ['an element that is never closed', '<a><b></b>', 1],
    ['a duplicate attribute', '<a x="1" x="2"/>', 1],
    ['a prefix bound to no namespace', '<a>\n<p:b/></a>', 2],
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 1],
    ['an unknown entity', '<a>&nbsp;</a>', 1],
    ['a bare ampersand', '<a>fish & chips</a>', 1],
    ['two root elements', '<a/><b/>', 1],
    ['text after the root element', '<a/>text', 1],
    ['"<" inside an attribute value', '<a x="<"/>', 1],
    ['an unquoted attribute value', '<a x=1/>', 1],
    ['attributes run together', '<a x="1"y="2"/>', 1],
    ['an XML declaration that is not first', ' <?xml version="1.0"?><a/>', 1],
    ['an empty document', '   ', 1],
  ])('refuses %s, with code xml_malformed and the line of the fault', (_what, source, line) => {
    const error = parseError(source);
    expect(error.code).toBe('xml_malformed');
    expect(error.line).toBe(line);
  });
});
