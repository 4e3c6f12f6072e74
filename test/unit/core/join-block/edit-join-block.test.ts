import {
  findJoinBlock,
  findJoinBlocks,
  insertJoinBlock,
  JOIN_BLOCK_LOCALES,
  JOIN_BLOCK_STRINGS,
  removeJoinBlock,
  renderJoinBlockHtml,
  renderJoinBlockText,
  replaceJoinBlock,
  type JoinBlockDetails,
} from '../../../../src/core/join-block';
import { ALL_REWRITTEN, LINK, MEETING_ID, newOutlookFlattened, owaKeptIds, wrapLike6778, wordWindows } from './outlook-samples';

const DELIM = '\u2500'.repeat(40);
const en = JOIN_BLOCK_STRINGS['en-US'];
const details: JoinBlockDetails = { meetingId: MEETING_ID, meetingNumber: '25551234567', webLink: LINK, password: 'Pa$$w0rd&<x>' };
const copy: JoinBlockDetails = {
  meetingId: 'ffeeddccbbaa99887766554433221100',
  meetingNumber: '26661234567',
  webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m0000aaaa1111bbbb2222cccc3333dddd',
  password: 'new',
};
const html = renderJoinBlockHtml(details, en);
const copyHtml = renderJoinBlockHtml(copy, en);

describe('a round trip in each language', () => {
  it.each(JOIN_BLOCK_LOCALES)('%s: insert, find, replace in place, remove gives back the body', (locale) => {
    const strings = JOIN_BLOCK_STRINGS[locale];
    const body = '<html><body><div class="elementToProof">Agenda</div></body></html>';
    const inserted = insertJoinBlock(body, renderJoinBlockHtml(details, strings), 'html');
    expect(findJoinBlock(inserted, 'html')).toMatchObject({
      meetingId: details.meetingId,
      meetingNumber: details.meetingNumber,
      webLink: details.webLink,
    });
    const replaced = replaceJoinBlock(inserted, renderJoinBlockHtml(copy, strings), 'html');
    expect(findJoinBlocks(replaced, 'html').map((b) => b.meetingNumber)).toEqual([copy.meetingNumber]);
    expect(removeJoinBlock(replaced, 'html')).toBe(body);
  });
});

describe('inserting the join block', () => {
  it.each([
    ['an Outlook on the web body', '<div class="elementToProof">Agenda</div>', `<div class="elementToProof">Agenda</div>${html}`],
    [
      'a full document',
      '<html><head><style>p{}</style></head><body><p>Agenda</p></body></html>',
      `<html><head><style>p{}</style></head><body><p>Agenda</p>${html}</body></html>`,
    ],
    ['an empty body', '', html],
    [
      'a Word body (inside WordSection1)',
      '<html><body lang=EN-US><div class=WordSection1><p class=MsoNormal>Agenda<o:p></o:p></p></div></body></html>',
      `<html><body lang=EN-US><div class=WordSection1><p class=MsoNormal>Agenda<o:p></o:p></p>${html}</div></body></html>`,
    ],
  ])('appends it at the end of %s', (_name, body, expected) => {
    expect(insertJoinBlock(body, html, 'html')).toBe(expected);
  });

  it('adding twice changes nothing', () => {
    const once = insertJoinBlock('<p>Agenda</p>', html, 'html');
    expect(insertJoinBlock(once, html, 'html')).toBe(once);
    expect(findJoinBlocks(once, 'html')).toHaveLength(1);
  });

  it.each(ALL_REWRITTEN.map((s) => [s.name, s] as const))(
    'adding again after Outlook rewrote the block changes nothing: %s',
    (_name, sample) => {
      const body = sample.before + sample.block + sample.after;
      expect(insertJoinBlock(body, html, 'html')).toBe(body);
    },
  );

  it('adding a block for another meeting to a body that has one changes nothing either', () => {
    const once = insertJoinBlock('<p>Agenda</p>', html, 'html');
    expect(insertJoinBlock(once, copyHtml, 'html')).toBe(once);
  });

  it.each(JOIN_BLOCK_LOCALES)('appends the %s text block once to a text body, after a blank line', (locale) => {
    const block = renderJoinBlockText(details, JOIN_BLOCK_STRINGS[locale]);
    const once = insertJoinBlock('Agenda', block, 'text');
    expect(once).toBe(`Agenda\n\n${block}`);
    expect(insertJoinBlock(once, block, 'text')).toBe(once);
  });

  it('keeps a text body’s CRLF line breaks', () => {
    const block = renderJoinBlockText(details, en);
    expect(insertJoinBlock('Agenda\r\n', block, 'text')).toBe(`Agenda\r\n\r\n${block.replace(/\n/g, '\r\n')}`);
  });

  it('refuses a content type it does not know', () => {
    expect(() => insertJoinBlock('', html, 'rtf')).toThrow(TypeError);
  });
});

describe('replacing the join block', () => {
  it.each(ALL_REWRITTEN.map((s) => [s.name, s] as const))(
    'swaps it in place and keeps the user text before and after: %s',
    (_name, sample) => {
      const body = sample.before + sample.block + sample.after;
      const replaced = replaceJoinBlock(body, copyHtml, 'html');
      expect(replaced).toBe(sample.before + copyHtml + sample.after);
      expect(findJoinBlock(replaced, 'html')).toMatchObject({
        meetingId: copy.meetingId,
        meetingNumber: copy.meetingNumber,
        webLink: copy.webLink,
      });
    },
  );

  it('leaves the body untouched when the block already says the same, whatever Outlook did to its markup', () => {
    const body = owaKeptIds.before + owaKeptIds.block + owaKeptIds.after;
    expect(replaceJoinBlock(body, html, 'html')).toBe(body);
  });

  it('rewrites the block when a detail changed', () => {
    const body = owaKeptIds.before + owaKeptIds.block + owaKeptIds.after;
    const changed = renderJoinBlockHtml({ ...details, password: 'changed' }, en);
    expect(replaceJoinBlock(body, changed, 'html')).toBe(owaKeptIds.before + changed + owaKeptIds.after);
  });

  it('leaves a body without a block untouched', () => {
    expect(replaceJoinBlock('<p>Agenda</p>', copyHtml, 'html')).toBe('<p>Agenda</p>');
  });

  it('keeps one block when the body had two', () => {
    const body = `<p>a</p>${html}<p>b</p>${html}<p>c</p>`;
    expect(replaceJoinBlock(body, copyHtml, 'html')).toBe(`<p>a</p>${copyHtml}<p>b</p><p>c</p>`);
  });

  it('rewrites a copied event’s body as Graph returns it (HTML in, HTML out)', () => {
    const graphBody =
      '<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n' +
      `<div class="elementToProof">Agenda: budget review</div>${wordWindows.block}<div>Notes</div>\r\n</body>\r\n</html>\r\n`;
    const out = replaceJoinBlock(graphBody, copyHtml, 'html');
    expect(out).toBe(graphBody.replace(wordWindows.block, copyHtml));
    expect(findJoinBlocks(out, 'html').map((b) => b.meetingId)).toEqual([copy.meetingId]);
  });

  it('swaps a text block in place', () => {
    const block = renderJoinBlockText(details, en);
    const next = renderJoinBlockText(copy, en);
    expect(replaceJoinBlock(`Agenda\n\n${block}\n\nNotes`, next, 'text')).toBe(`Agenda\n\n${next}\n\nNotes`);
    expect(replaceJoinBlock(`Agenda\n\n${block}`, next, 'text')).toBe(`Agenda\n\n${next}`);
  });

  it('leaves a text block that already says the same untouched', () => {
    const block = renderJoinBlockText(details, en);
    const body = `Agenda\r\n\r\n${block.replace(/\n/g, '\r\n')}\r\n`;
    expect(replaceJoinBlock(body, block, 'text')).toBe(body);
  });
});

describe('removing the join block', () => {
  it.each(ALL_REWRITTEN.map((s) => [s.name, s] as const))('leaves exactly the user content: %s', (_name, sample) => {
    expect(removeJoinBlock(sample.before + sample.block + sample.after, 'html')).toBe(sample.before + sample.after);
  });

  it('removes the empty wrappers Outlook put around the block (issue 6778)', () => {
    const body = `${wrapLike6778(wrapLike6778(html))}<div class="elementToProof">Notes</div>`;
    expect(removeJoinBlock(body, 'html')).toBe('<div class="elementToProof">Notes</div>');
  });

  it('keeps the wrappers that also hold the user’s text', () => {
    const before = '<div class="elementToProof">Agenda</div>';
    expect(removeJoinBlock(wrapLike6778(wrapLike6778(before + html)), 'html')).toBe(wrapLike6778(wrapLike6778(before)));
  });

  it('keeps what the user typed inside the block’s container after its end line', () => {
    const body = `<p>Agenda</p>${html.replace(/<\/div>$/, '<div class="elementToProof">My notes</div></div>')}`;
    const out = removeJoinBlock(body, 'html');
    expect(out).toContain('<div class="elementToProof">My notes</div>');
    expect(out).not.toContain(DELIM);
    expect(out).not.toContain(LINK);
    expect(findJoinBlock(out, 'html')).toBeUndefined();
  });

  it('cuts inside an element when the user’s text shares it with a delimiter, keeping the markup balanced', () => {
    const body = `<p><span>User text<br>${DELIM}</span></p><p><a href="${LINK}">Join Webex meeting</a></p><p><span>${DELIM}<br>More user text</span></p>`;
    expect(removeJoinBlock(body, 'html')).toBe('<p><span>User text<br></span></p><p><span>More user text</span></p>');
  });

  it('leaves a delimiter line of the user’s own alone', () => {
    const mine = `<p>${DELIM}</p><p>My notes</p>`;
    const { before, block, after } = newOutlookFlattened;
    expect(removeJoinBlock(mine + before + block + after, 'html')).toBe(mine + before + after);
    const text = renderJoinBlockText(details, en);
    expect(removeJoinBlock(`${DELIM}\nMy notes\n\n${text}`, 'text')).toBe(`${DELIM}\nMy notes`);
  });

  it('removes every copy', () => {
    expect(removeJoinBlock(`<p>a</p>${html}<p>b</p>${copyHtml}`, 'html')).toBe('<p>a</p><p>b</p>');
  });

  it('leaves a body without a block untouched', () => {
    const body = '<p>Agenda <a href="https://contoso.com">doc</a></p>';
    expect(removeJoinBlock(body, 'html')).toBe(body);
  });

  it.each(JOIN_BLOCK_LOCALES)('gives back the text body the %s block was added to', (locale) => {
    const block = renderJoinBlockText(details, JOIN_BLOCK_STRINGS[locale]);
    expect(removeJoinBlock(insertJoinBlock('Agenda:\n- budget', block, 'text'), 'text')).toBe('Agenda:\n- budget');
    expect(removeJoinBlock(insertJoinBlock('', block, 'text'), 'text')).toBe('');
  });

  it('gives back the HTML body the block was added to', () => {
    for (const body of ['<p>Agenda</p>', '<html><body><p>Agenda</p></body></html>', '']) {
      expect(removeJoinBlock(insertJoinBlock(body, html, 'html'), 'html')).toBe(body);
    }
  });

  it('keeps the text before and after a text block, with one blank line between', () => {
    const block = renderJoinBlockText(details, en);
    expect(removeJoinBlock(`Agenda\n\n${block}\n\nNotes\n`, 'text')).toBe('Agenda\n\nNotes\n');
    expect(removeJoinBlock(`${block}\n\nNotes`, 'text')).toBe('Notes');
  });
});

describe('bodies whose markup or characters Outlook and other editors re-encoded', () => {
  // Named references where HTML has one (Outlook writes them for accented letters and spaces),
  // numeric ones for the rest.
  const NAMED: Record<string, string> = {
    é: '&eacute;',
    è: '&egrave;',
    É: '&Eacute;',
    ü: '&uuml;',
    ñ: '&ntilde;',
    '\u2500': '&boxh;',
    '\u00a0': '&nbsp;',
    '’': '&rsquo;',
  };
  const reencode = (markup: string) => markup.replace(/[^ -~\t\n\r]/gu, (ch) => NAMED[ch] ?? `&#${ch.codePointAt(0)};`);

  it.each(JOIN_BLOCK_LOCALES)(
    '%s: a block whose characters became references is found, left alone when it says the same, and removed',
    (locale) => {
      const block = renderJoinBlockHtml(details, JOIN_BLOCK_STRINGS[locale]);
      const body = `<p>Agenda</p>${reencode(block)}<p>Notes</p>`;
      expect(body).not.toMatch(/[^ -~\t\n\r]/);
      expect(findJoinBlock(body, 'html')).toMatchObject({
        meetingId: details.meetingId,
        meetingNumber: details.meetingNumber,
        webLink: details.webLink,
      });
      expect(replaceJoinBlock(body, block, 'html')).toBe(body);
      expect(removeJoinBlock(body, 'html')).toBe('<p>Agenda</p><p>Notes</p>');
    },
  );

  it('reads references written without their semicolon in text, as browsers do', () => {
    const body = `<p>&boxh;${'&#9472'.repeat(39)}</p><p><a href="${LINK}">Join</a></p><p>Meeting number: <b>2555&nbsp123&nbsp4567</b></p><p>${DELIM}</p>`;
    expect(findJoinBlock(body, 'html')).toMatchObject({ meetingNumber: '25551234567', start: 0, end: body.length });
  });

  it('keeps a join link’s query as written where "&name=" is a parameter, not a reference', () => {
    const link = 'https://contoso.webex.com/contoso/j.php?MTID=m1&lang=fr&copy=2&reg=3';
    const body = `<p><a href="${link.replace('&lang', '&amp;lang')}">Join Webex meeting</a></p>`;
    expect(findJoinBlock(body, 'html')?.webLink).toBe(link);
  });

  it('finds and removes a block whose paragraphs were never closed', () => {
    const body = `<p>Agenda<p>${DELIM}<p><a href="${LINK}">Join Webex meeting</a><p>Meeting number: 2555 123 4567<p>${DELIM}<p>See you`;
    expect(findJoinBlock(body, 'html')).toMatchObject({ webLink: LINK, meetingNumber: '25551234567' });
    expect(removeJoinBlock(body, 'html')).toBe('<p>Agenda<p>See you');
  });

  it.each([
    [
      'an HTML comment (Word’s conditional blocks)',
      `<!--[if gte mso 9]><p>${DELIM}</p><p><a href="${LINK}">Join</a></p><p>${DELIM}</p><![endif]-->`,
    ],
    ['a textarea', `<textarea><p>${DELIM}</p><p><a href="${LINK}">Join</a></p><p>${DELIM}</p></textarea>`],
    ['a style sheet', `<style>p::after { content: "<a href='${LINK}'>Join</a>" }</style><p>Agenda</p>`],
  ])('finds nothing inside %s', (_name, body) => {
    expect(findJoinBlock(body, 'html')).toBeUndefined();
    expect(removeJoinBlock(body, 'html')).toBe(body);
  });

  it('keeps stray end tags, lone "<" and what is left open at the end of the body, outside the block', () => {
    const before = '</span><div>3 < 4 <b>bold</div></i>';
    const body = `${before}${html}<p>Notes: a<b`;
    expect(findJoinBlock(body, 'html')).toMatchObject({ start: before.length, end: before.length + html.length });
    expect(removeJoinBlock(body, 'html')).toBe(`${before}<p>Notes: a<b`);
  });
});
