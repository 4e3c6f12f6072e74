import {
  findJoinBlock,
  findJoinBlocks,
  isWebexJoinLink,
  JOIN_BLOCK_STRINGS,
  renderJoinBlockHtml,
  renderJoinBlockText,
} from '../../../../src/core/join-block';
import { ALL_REWRITTEN, DIGITS, LINK, wrapLike6778 } from './outlook-samples';

const DELIM = '\u2500'.repeat(40);

describe('finding the join block after Outlook rewrote the body', () => {
  it.each(ALL_REWRITTEN.map((s) => [s.name, s] as const))('finds it in: %s', (_name, sample) => {
    const body = sample.before + sample.block + sample.after;
    const found = findJoinBlock(body, 'html');
    expect(found?.webLink).toBe(sample.expectedLink);
    expect(found?.meetingNumber).toBe(sample.expectedNumber);
    if (sample.expectedMeetingId !== undefined) expect(found?.meetingId).toBe(sample.expectedMeetingId);
  });

  it.each(ALL_REWRITTEN.map((s) => [s.name, s] as const))(
    'reports exactly the block, not the user text around it, in: %s',
    (_name, sample) => {
      const body = sample.before + sample.block + sample.after;
      const found = findJoinBlock(body, 'html');
      expect(found && body.slice(found.start, found.end)).toBe(sample.block);
    },
  );

  it.each(ALL_REWRITTEN.map((s) => [s.name, s] as const))(
    'finds it when setAsync wrapped the body twice (issue 6778) in: %s',
    (_name, sample) => {
      const body = wrapLike6778(wrapLike6778(sample.before + sample.block)) + sample.after;
      expect(findJoinBlock(body, 'html')?.webLink).toBe(sample.expectedLink);
    },
  );

  it('finds a personal room link', () => {
    const body = `<p>Hi</p><p><a href="https://contoso.webex.com/meet/jane.doe">Join Webex meeting</a></p>`;
    expect(findJoinBlock(body, 'html')?.webLink).toBe('https://contoso.webex.com/meet/jane.doe');
  });

  it('reads the meeting number from the access code when the number line is gone', () => {
    const body = `<p>${DELIM}</p><p><a href="${LINK}">Join</a></p><p>Access code: 2555 123 4567</p><p>${DELIM}</p>`;
    expect(findJoinBlock(body, 'html')?.meetingNumber).toBe(DIGITS);
  });

  it('finds every block when a body carries two', () => {
    const one = renderJoinBlockHtml({ meetingId: 'm1', meetingNumber: '111222333', webLink: LINK }, JOIN_BLOCK_STRINGS['en-US']);
    const two = renderJoinBlockHtml(
      { meetingId: 'm2', meetingNumber: '444555666', webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m2' },
      JOIN_BLOCK_STRINGS['ja-JP'],
    );
    const found = findJoinBlocks(`<p>a</p>${one}<p>b</p>${two}<p>c</p>`, 'html');
    expect(found.map((f) => [f.meetingId, f.meetingNumber])).toEqual([
      ['m1', '111222333'],
      ['m2', '444555666'],
    ]);
  });

  it('accepts join links on extra hosts when told to', () => {
    const body = `<p><a href="https://site.webex.test/site/j.php?MTID=m1">Join</a></p>`;
    expect(findJoinBlock(body, 'html')).toBeUndefined();
    expect(findJoinBlock(body, 'html', { joinLinkHosts: ['webex.test'] })?.webLink).toBe('https://site.webex.test/site/j.php?MTID=m1');
  });
});

describe('bodies without a join block', () => {
  it.each([
    ['an empty body', ''],
    ['plain user content', '<html><body><p>Agenda</p><p>See <a href="https://contoso.com/doc">the doc</a></p></body></html>'],
    [
      'a Teams meeting block',
      `<div>${'_'.repeat(80)}</div><p><a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting">Join the meeting now</a></p><div>${'_'.repeat(80)}</div>`,
    ],
    [
      'a Webex recording link',
      '<p><a href="https://contoso.webex.com/recordingservice/sites/contoso/recording/playback/abc">Recording</a></p>',
    ],
    ['a Webex join link over plain http', '<p><a href="http://contoso.webex.com/contoso/j.php?MTID=m1">Join</a></p>'],
    ['a look-alike host', '<p><a href="https://contoso.webex.com.evil.example/contoso/j.php?MTID=m1">Join</a></p>'],
    ['delimiters with no link between them', `<p>${DELIM}</p><p>Meeting number: 1</p><p>${DELIM}</p>`],
    ['our container emptied by the user', '<div id="webex_scheduler_join"><p>notes</p></div>'],
    ['a link in a script', `<script>var u = "${LINK}";</script>`],
  ])('finds nothing in %s', (_name, body) => {
    expect(findJoinBlock(body, 'html')).toBeUndefined();
  });

  it.each([
    ['an empty body', ''],
    ['plain text', 'Agenda\nhttps://contoso.com/doc\n'],
    ['delimiters with no link', `${DELIM}\nhello\n${DELIM}`],
  ])('finds nothing in the text body: %s', (_name, body) => {
    expect(findJoinBlock(body, 'text')).toBeUndefined();
  });
});

describe('finding the join block in plain text', () => {
  const block = renderJoinBlockText(
    {
      meetingId: 'm1',
      meetingNumber: DIGITS,
      webLink: LINK,
      password: 'x',
      dialIn: [{ label: 'US Toll', number: '+1-415-655-0001', tollType: 'toll' }],
      accessCode: DIGITS,
    },
    JOIN_BLOCK_STRINGS['en-US'],
  );

  it('finds a block Outlook converted from HTML to text ("label<url>")', () => {
    const body = `Agenda: budget review\r\n\r\n${DELIM}\r\nJoin Webex meeting<${LINK}>\r\nMeeting number: 2555 123 4567\r\nPassword: x\r\n${DELIM}\r\n\r\nPlease come prepared.\r\n`;
    const found = findJoinBlock(body, 'text');
    expect(found).toMatchObject({ webLink: LINK, meetingNumber: DIGITS });
    expect(found && body.slice(found.start, found.end)).toBe(
      `${DELIM}\r\nJoin Webex meeting<${LINK}>\r\nMeeting number: 2555 123 4567\r\nPassword: x\r\n${DELIM}\r\n`,
    );
  });

  it('finds a block quoted with "> " in a plain-text reply', () => {
    const quoted = block
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
    expect(findJoinBlock(`Thanks!\n\n${quoted}\n`, 'text')).toMatchObject({ webLink: LINK, meetingNumber: DIGITS });
  });

  it('finds the lines around a lone link when the delimiters are gone', () => {
    const lines = block.split('\n').slice(1, -1).join('\n');
    const body = `Agenda\n\n${lines}\n\nSee you`;
    const found = findJoinBlock(body, 'text');
    expect(found && body.slice(found.start, found.end).trimEnd()).toBe(lines);
  });

  it('finds the link in Safe Links form', () => {
    const wrapped = `https://nam12.safelinks.protection.outlook.com/?url=${encodeURIComponent(LINK)}&data=05%7C02&reserved=0`;
    expect(findJoinBlock(`${DELIM}\nJoin Webex meeting: ${wrapped}\n${DELIM}`, 'text')?.webLink).toBe(LINK);
  });
});

describe('join link shapes', () => {
  it.each([
    [LINK, true],
    ['https://contoso.webex.com/meet/jane', true],
    ['https://contoso.webex.com/join/jane', true],
    ['https://CONTOSO.WEBEX.COM/contoso/j.php?MTID=m1', true],
    ['https://contoso.webex.com/wbxmjs/joinservice/sites/contoso/meeting/download/abc', true],
    ['https://webex.com/contoso/j.php?MTID=m1', true],
    ['https://contoso.webex.com/', false],
    ['https://contoso.webex.com.example/contoso/j.php', false],
    ['https://notwebex.com/contoso/j.php', false],
    ['http://contoso.webex.com/contoso/j.php', false],
    ['ftp://contoso.webex.com/contoso/j.php', false],
    ['garbage', false],
  ])('%s is a Webex join link: %s', (url, expected) => {
    expect(isWebexJoinLink(url)).toBe(expected);
  });
});
