import {
  findJoinBlock,
  JOIN_BLOCK_LOCALES,
  JOIN_BLOCK_STRINGS,
  joinBlockStringsFor,
  joinDetailsFromWebexMeeting,
  renderJoinBlockHtml,
  renderJoinBlockText,
  type JoinBlockDetails,
} from '../../../../src/core/join-block';
import { JoinBlockError } from '../../../../src/core/join-block/join-block-error';
import { parseHtml, textLines } from '../../../../src/core/join-block/parse-html';

const details: JoinBlockDetails = {
  meetingId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  meetingNumber: '25551234567',
  webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m5f3c0a9e2b7d41c68e9f0a1b2c3d4e5f',
  password: 'BgJep@43',
  numericPassword: '24537443',
  sipAddress: '25551234567@contoso.webex.com',
  dialIn: [
    { label: 'US Toll', number: '+1-415-655-0001', tollType: 'toll' },
    { label: '', number: '+1-855-244-8681', tollType: 'tollFree' },
  ],
  accessCode: '25551234567',
  hostName: 'Jane Doe',
};

function expectJoinBlockError(fn: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(JoinBlockError);
  expect((thrown as JoinBlockError).code).toBe(code);
}

describe('the join block in each shipped language', () => {
  it.each(JOIN_BLOCK_LOCALES)('renders %s HTML that is found again with its meeting', (locale) => {
    const html = renderJoinBlockHtml(details, JOIN_BLOCK_STRINGS[locale]);
    expect(findJoinBlock(html, 'html')).toEqual({
      meetingId: details.meetingId,
      meetingNumber: '25551234567',
      webLink: details.webLink,
      start: 0,
      end: html.length,
    });
  });

  it.each(JOIN_BLOCK_LOCALES)('renders %s plain text that is found again with its meeting', (locale) => {
    const text = renderJoinBlockText(details, JOIN_BLOCK_STRINGS[locale]);
    expect(findJoinBlock(text, 'text')).toEqual({ meetingNumber: '25551234567', webLink: details.webLink, start: 0, end: text.length });
  });

  it.each(JOIN_BLOCK_LOCALES)('labels the %s block in its own language', (locale) => {
    const strings = JOIN_BLOCK_STRINGS[locale];
    const lines = textLines(parseHtml(renderJoinBlockHtml(details, strings)));
    expect(lines).toContain(strings.joinMeeting);
    expect(lines).toContain(`${strings.meetingNumber}${strings.labelSeparator}2555 123 4567`.replace(/\u00a0/g, ' '));
    expect(lines).toContain(strings.joinByPhone);
    expect(lines).toContain(strings.tapToJoin);
    expect(lines).toContain(strings.joinByVideoSystem);
    expect(lines.join('\n')).toContain(details.sipAddress);
  });

  it('has every label translated, not copied from English', () => {
    const english = JOIN_BLOCK_STRINGS['en-US'];
    for (const locale of JOIN_BLOCK_LOCALES.filter((l) => l !== 'en-US')) {
      const strings = JOIN_BLOCK_STRINGS[locale];
      for (const key of [
        'joinMeeting',
        'meetingNumber',
        'password',
        'joinByVideoSystem',
        'joinByPhone',
        'accessCode',
        'tapToJoin',
      ] as const) {
        expect([locale, key, strings[key]]).not.toEqual([locale, key, english[key]]);
      }
      expect(strings.dialVideoAddress).toContain('{address}');
    }
  });

  it.each([
    ['de-DE', 'de-DE'],
    ['de-AT', 'de-DE'],
    ['fr', 'fr-FR'],
    ['ja_JP', 'ja-JP'],
    ['pt-BR', 'en-US'],
    [undefined, 'en-US'],
  ])('picks the strings for %s as %s', (asked, expected) => {
    expect(joinBlockStringsFor(asked).locale).toBe(expected);
  });
});

describe('what the block shows', () => {
  it('groups the meeting number the way Webex prints it', () => {
    const text = renderJoinBlockText(details, JOIN_BLOCK_STRINGS['en-US']);
    expect(text).toContain('Meeting number: 2555 123 4567');
  });

  it('gives mobile attendees a tap-to-dial link with the access code', () => {
    const html = renderJoinBlockHtml(details, JOIN_BLOCK_STRINGS['en-US']);
    expect(html).toContain('href="tel:+14156550001,,25551234567%23%23"');
    expect(html).toContain('+1-415-655-0001,,25551234567## US Toll');
  });

  it('labels a dial-in number Webex left unlabelled by its toll type', () => {
    expect(renderJoinBlockText(details, JOIN_BLOCK_STRINGS['de-DE'])).toContain('+1-855-244-8681 Gebührenfrei');
  });

  it('leaves out the sections whose details are missing', () => {
    const minimal = { meetingId: 'm1', meetingNumber: '123456789', webLink: details.webLink };
    const text = renderJoinBlockText(minimal, JOIN_BLOCK_STRINGS['en-US']);
    expect(text.split('\n')).toEqual([
      '\u2500'.repeat(40),
      `Join Webex meeting: ${details.webLink}`,
      'Meeting number: 123 456 789',
      '\u2500'.repeat(40),
    ]);
  });

  it('writes the text form with the newline it is given', () => {
    expect(renderJoinBlockText(details, JOIN_BLOCK_STRINGS['en-US'], '\r\n')).toMatch(/^[^\n]*\r\n[^\n]*\r\n/);
  });
});

describe('escaping', () => {
  const hostile: JoinBlockDetails = {
    ...details,
    password: `<script>alert("x")</script>`,
    hostName: `O'Brien & "Sons" <img src=x onerror=alert(1)>`,
    sipAddress: '"><script>1</script>',
    dialIn: [{ label: '<b>US</b>', number: '+1-415-655-0001', tollType: 'toll' }],
  };

  it('escapes every value so no markup gets through', () => {
    const html = renderJoinBlockHtml(hostile, JOIN_BLOCK_STRINGS['en-US']);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>US</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('O&#39;Brien &amp; &quot;Sons&quot;');
  });

  it('keeps the escaped values readable as text', () => {
    const lines = textLines(parseHtml(renderJoinBlockHtml(hostile, JOIN_BLOCK_STRINGS['en-US'])));
    expect(lines).toContain('Password: <script>alert("x")</script>');
    expect(lines).toContain(`Host: O'Brien & "Sons" <img src=x onerror=alert(1)>`);
  });

  it('escapes the meeting id in its attribute', () => {
    const html = renderJoinBlockHtml({ ...details, meetingId: 'x" onmouseover="alert(1)' }, JOIN_BLOCK_STRINGS['en-US']);
    expect(html).toContain('data-webex-meeting-id="x&quot; onmouseover=&quot;alert(1)"');
    expect(findJoinBlock(html, 'html')?.meetingId).toBe('x" onmouseover="alert(1)');
  });

  it.each([
    'javascript:alert(1)',
    'http://contoso.webex.com/contoso/j.php?MTID=m1',
    'https://user:pw@contoso.webex.com/j.php',
    'not a url',
    '',
  ])('refuses %j as a join link', (webLink) => {
    expectJoinBlockError(() => renderJoinBlockHtml({ ...details, webLink }, JOIN_BLOCK_STRINGS['en-US']), 'join_link_invalid');
    expectJoinBlockError(() => renderJoinBlockText({ ...details, webLink }, JOIN_BLOCK_STRINGS['en-US']), 'join_link_invalid');
  });

  it('writes a join link with a quote in it as an escaped attribute', () => {
    const html = renderJoinBlockHtml({ ...details, webLink: 'https://contoso.webex.com/j.php?a="b"&c=<d>' }, JOIN_BLOCK_STRINGS['en-US']);
    expect(html).toContain('href="https://contoso.webex.com/j.php?a=%22b%22&amp;c=%3Cd%3E"');
  });

  it.each([
    ['no meeting id', { meetingId: '  ' }],
    ['a meeting number with letters', { meetingNumber: '2555-ABC' }],
  ])('refuses details with %s', (_name, change) => {
    expectJoinBlockError(() => renderJoinBlockHtml({ ...details, ...change }, JOIN_BLOCK_STRINGS['en-US']), 'join_details_invalid');
  });
});

describe('the host key', () => {
  const webexMeeting = {
    id: details.meetingId,
    meetingNumber: details.meetingNumber,
    webLink: details.webLink,
    password: details.password,
    phoneAndVideoSystemPassword: details.numericPassword,
    sipAddress: details.sipAddress,
    hostDisplayName: 'Jane Doe',
    hostKey: '918273',
    telephony: {
      accessCode: details.accessCode,
      callInNumbers: [{ label: 'US Toll', callInNumber: '+1-415-655-0001', tollType: 'toll' }],
    },
  };

  it('is never read from a Webex meeting', () => {
    const fromWebex = joinDetailsFromWebexMeeting(webexMeeting, { includeHostName: true });
    expect(JSON.stringify(fromWebex)).not.toContain('918273');
    expect(fromWebex).toEqual({
      meetingId: details.meetingId,
      meetingNumber: details.meetingNumber,
      webLink: details.webLink,
      password: details.password,
      numericPassword: details.numericPassword,
      sipAddress: details.sipAddress,
      dialIn: [{ label: 'US Toll', number: '+1-415-655-0001', tollType: 'toll' }],
      accessCode: details.accessCode,
      hostName: 'Jane Doe',
    });
  });

  it('is never written, even when a whole Webex meeting is passed as details', () => {
    const smuggled = { ...details, hostKey: '918273' } as unknown as JoinBlockDetails;
    for (const locale of JOIN_BLOCK_LOCALES) {
      expect(renderJoinBlockHtml(smuggled, JOIN_BLOCK_STRINGS[locale])).not.toContain('918273');
      expect(renderJoinBlockText(smuggled, JOIN_BLOCK_STRINGS[locale])).not.toContain('918273');
    }
  });

  it('cannot even be typed into the details', () => {
    // @ts-expect-error JoinBlockDetails declares hostKey as never.
    const typed: JoinBlockDetails = { ...details, hostKey: '918273' };
    expect(renderJoinBlockHtml(typed, JOIN_BLOCK_STRINGS['en-US'])).not.toContain('918273');
  });

  it('has no label in any language', () => {
    expect(JSON.stringify(JOIN_BLOCK_STRINGS).toLowerCase()).not.toMatch(/host ?key|hostkey/);
  });

  it('leaves the host name out unless asked', () => {
    expect(joinDetailsFromWebexMeeting(webexMeeting).hostName).toBeUndefined();
  });
});
