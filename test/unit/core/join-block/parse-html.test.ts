import { findJoinBlock } from '../../../../src/core/join-block';
import { elementsOf, MAX_HTML_DEPTH, parseHtml, textLines, walkHtml, type HtmlElement } from '../../../../src/core/join-block/parse-html';

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

  it('keeps void elements and character references within their own ranges', () => {
    const html = '<p>a&amp;b&nbsp;c<br><img src=x>d</p>';
    const p = element(html, 'p');
    expect(
      p.children.map((c) =>
        c.kind === 'text' ? [c.text, html.slice(c.start, c.end)] : [c.kind === 'element' ? c.name : c.kind, html.slice(c.start, c.end)],
      ),
    ).toEqual([
      ['a&b\u00a0c', 'a&amp;b&nbsp;c'],
      ['br', '<br>'],
      ['img', '<img src=x>'],
      ['d', 'd'],
    ]);
    expect(html.slice(p.contentStart, p.contentEnd)).toBe('a&amp;b&nbsp;c<br><img src=x>d');
  });

  it('treats script and style content as raw text that is not shown', () => {
    const html = '<style>p{content:"<p>"}</style><script>if (a < b) { x = "</p>"; }</script><p>shown</p>';
    expect(textLines(parseHtml(html))).toEqual(['shown']);
    expect(element(html, 'p').start).toBe(html.indexOf('<p>shown'));
  });

  it('skips comments, Word conditional blocks and doctype', () => {
    const html =
      '<!DOCTYPE html><!--[if gte mso 9]><xml><o:x/></xml><![endif]--><![if !supportLists]><span>1.</span><![endif]><p>text<o:p></o:p></p>';
    expect(textLines(parseHtml(html))).toEqual(['1.', 'text']);
  });

  it('ignores stray end tags and closes what is left open at the end', () => {
    const html = '</span><div><b>bold</div></i>';
    const div = element(html, 'div');
    expect(html.slice(div.start, div.end)).toBe('<div><b>bold</div>');
    expect(element(html, 'b').end).toBe(html.indexOf('</div>'));
    const cut = '<div><p>text<span class="x';
    expect([element(cut, 'div').end, element(cut, 'p').contentEnd]).toEqual([cut.length, cut.length]);
  });

  it('keeps a lone "<" as text', () => {
    expect(textLines(parseHtml('<p>a < b and 3<4</p>'))).toEqual(['a < b and 3<4']);
  });

  it('turns blocks and <br> into lines and collapses spaces within them', () => {
    expect(textLines(parseHtml('<div>one\n  two<br>three&nbsp;&nbsp;four</div><p> </p><p>five</p>'))).toEqual([
      'one two',
      'three four',
      'five',
    ]);
  });
});

describe('bodies no mail client writes', () => {
  const nested = (depth: number, inner: string) => '<div>'.repeat(depth) + inner + '</div>'.repeat(depth);
  const block =
    '<p><a href="https://contoso.webex.com/contoso/j.php?MTID=m1">Join Webex meeting</a></p><p>Meeting number: 2555 123 4567</p>';

  it('are read nested as deep as a long reply chain, in document order', () => {
    const root = parseHtml(nested(MAX_HTML_DEPTH - 2, `<script>var a = '<b>';</script>${block}`));
    const nodes = [...walkHtml(root)];
    const names = nodes.filter((n): n is HtmlElement => n.kind === 'element').map((n) => n.name);
    expect(names.slice(-4)).toEqual(['script', 'p', 'a', 'p']);
    expect(names.filter((n) => n === 'div')).toHaveLength(MAX_HTML_DEPTH - 2);
    expect(nodes.some((n) => n.kind === 'text' && n.raw && n.text.includes("'<b>'"))).toBe(true);
    expect(findJoinBlock(nested(MAX_HTML_DEPTH - 2, block), 'html')?.webLink).toBe('https://contoso.webex.com/contoso/j.php?MTID=m1');
  });

  it('are refused when nested deeper than any mail body: body_too_complex, not minutes of work', () => {
    expect(() => parseHtml(nested(MAX_HTML_DEPTH + 5, block))).toThrow(
      expect.objectContaining({ name: 'JoinBlockError', code: 'body_too_complex' }),
    );
  });
});
