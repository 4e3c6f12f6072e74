import { elementsOf, parseHtml, textLines, type HtmlElement } from '../../../../src/core/join-block/parse-html';

function element(html: string, name: string, nth = 0): HtmlElement {
  const found = elementsOf(parseHtml(html)).filter((el) => el.name === name)[nth];
  if (found === undefined) throw new Error(`no <${name}> #${nth}`);
  return found;
}

describe('the offset-keeping HTML parser', () => {
  it('records where each element starts and ends in the source', () => {
    const html = '<div id="a"><p>one</p><p>two</p></div>';
    const div = element(html, 'div');
    expect(html.slice(div.start, div.end)).toBe(html);
    expect(html.slice(element(html, 'p', 1).start, element(html, 'p', 1).end)).toBe('<p>two</p>');
  });

  it('closes an unclosed <p> where the next block starts', () => {
    const html = '<p>one<p>two<div>three</div>';
    expect(html.slice(element(html, 'p').start, element(html, 'p').end)).toBe('<p>one');
    expect(element(html, 'div').parent?.name).toBe('#root');
  });

  it('reads unquoted, single-quoted and valueless attributes, first one winning', () => {
    const el = element(`<p class=MsoNormal style='margin:0' hidden id="a" id="b">x</p>`, 'p');
    expect(Object.fromEntries(el.attrs)).toEqual({ class: 'MsoNormal', style: 'margin:0', hidden: '', id: 'a' });
  });

  it('decodes entities in attribute values but keeps query strings intact', () => {
    const el = element('<a href="https://x.test/?a=1&amp;b=2&copy=3&lt">x</a>', 'a');
    expect(el.attrs.get('href')).toBe('https://x.test/?a=1&b=2&copy=3<');
  });

  it('treats script and style content as raw text that is not shown', () => {
    const html = '<style>p{content:"<p>"}</style><script>if (a < b) { x = "</p>"; }</script><p>shown</p>';
    expect(textLines(parseHtml(html))).toEqual(['shown']);
    expect(element(html, 'p').start).toBe(html.indexOf('<p>shown'));
  });

  it('skips comments, Word conditional blocks and doctype', () => {
    const html = '<!DOCTYPE html><!--[if gte mso 9]><xml><o:x/></xml><![endif]--><![if !supportLists]><span>1.</span><![endif]><p>text<o:p></o:p></p>';
    expect(textLines(parseHtml(html))).toEqual(['1.', 'text']);
  });

  it('ignores stray end tags and closes what is left open at the end', () => {
    const html = '</span><div><b>bold</div></i>';
    const div = element(html, 'div');
    expect(html.slice(div.start, div.end)).toBe('<div><b>bold</div>');
    expect(element(html, 'b').end).toBe(html.indexOf('</div>'));
  });

  it('keeps a lone "<" as text', () => {
    expect(textLines(parseHtml('<p>a < b and 3<4</p>'))).toEqual(['a < b and 3<4']);
  });

  it('turns blocks and <br> into lines and collapses spaces within them', () => {
    expect(textLines(parseHtml('<div>one\n  two<br>three&nbsp;&nbsp;four</div><p> </p><p>five</p>'))).toEqual(['one two', 'three four', 'five']);
  });
});

