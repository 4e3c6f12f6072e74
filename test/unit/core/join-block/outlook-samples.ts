/**
 * Bodies as Outlook hands them back after it has rewritten a join block, written by hand after
 * the rewrites reported in OfficeDev/office-js issues 5482 (OWA/new Outlook: wrapper divs
 * dropped, `class="elementToProof"`, Aptos spans, re-serialized styles, an extra `<div><br></div>`),
 * 6778 (each body.setAsync wraps the existing content in `<div><span>…</span><br></div>`) and 2045
 * (Word HTML in Outlook for Windows: MsoNormal, `<o:p>`, unquoted attributes, conditional
 * comments), plus read-mode "x_" prefixes, Safe Links and `<br>`-joined lines.
 *
 * Each sample is `before + block + after`, where before/after are the user's own content, so a
 * test can check that removing the block gives back exactly `before + after`.
 */

export const LINK = 'https://contoso.webex.com/contoso/j.php?MTID=m5f3c0a9e2b7d41c68e9f0a1b2c3d4e5f';
export const MEETING_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const DIGITS = '25551234567';
const DELIM = '\u2500'.repeat(40);
const APTOS =
  'font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);';

export interface RewrittenSample {
  name: string;
  before: string;
  block: string;
  after: string;
  /** The link as the block's href has it (Safe Links wrap it). */
  expectedLink: string;
  expectedMeetingId?: string;
  expectedNumber?: string;
}

export const owaKeptIds: RewrittenSample = {
  name: 'Outlook on the web, ids kept, paragraphs restyled (issue 5482)',
  before: `<div class="elementToProof" style="${APTOS}">Agenda: budget review</div>`,
  block:
    `<div id="webex_scheduler_join" lang="en-US" style="margin: 16px 0px; font-family: &quot;Segoe UI&quot;, &quot;Helvetica Neue&quot;, Helvetica, Arial, sans-serif; font-size: 11pt; color: rgb(37, 36, 36);" data-webex-meeting-id="${MEETING_ID}">` +
    `<p id="webex_scheduler_join_begin" style="margin: 0px; color: rgb(161, 159, 157); white-space: nowrap; overflow: hidden;">${DELIM}</p>` +
    `<p class="elementToProof" style="margin: 8px 0px;"><a id="webex_scheduler_join_link" href="${LINK}" style="font-size: 14pt; font-weight: bold; color: rgb(11, 92, 173); text-decoration: underline;" data-auth="NotApplicable" data-linkindex="0">Join Webex meeting</a></p>` +
    `<p class="elementToProof" style="margin: 0px;"><span style="${APTOS}">Meeting number: <b>2555 123 4567</b></span></p>` +
    `<p class="elementToProof" style="margin: 0px;"><span style="${APTOS}">Password: <b>Pa$$w0rd&amp;&lt;x&gt;</b></span></p>` +
    `<p id="webex_scheduler_join_end" style="margin: 0px; color: rgb(161, 159, 157); white-space: nowrap; overflow: hidden;">${DELIM}</p>` +
    `</div>`,
  after: `<div class="elementToProof" style="${APTOS}"><br></div><div class="elementToProof" style="${APTOS}">Please come prepared.</div>`,
  expectedLink: LINK,
  expectedMeetingId: MEETING_ID,
  expectedNumber: DIGITS,
};

export const newOutlookFlattened: RewrittenSample = {
  name: 'new Outlook, container and every id dropped, lines as elementToProof divs',
  before: `<div class="elementToProof" style="${APTOS}">Agenda: budget review</div>\n`,
  block:
    `<div class="elementToProof" style="${APTOS}"><span style="color: rgb(161, 159, 157);">${DELIM}</span></div>\n` +
    `<div class="elementToProof" style="margin: 8px 0px;"><a href="${LINK}" data-auth="NotApplicable" data-linkindex="0"><span style="font-size: 14pt;"><b>Join Webex meeting</b></span></a></div>\n` +
    `<div class="elementToProof"><span style="${APTOS}">Meeting number:&nbsp;<b>2555&nbsp;123&nbsp;4567</b></span></div>\n` +
    `<div class="elementToProof"><span style="${APTOS}"><b>Join by phone</b></span></div>\n` +
    `<div class="elementToProof"><span style="${APTOS}">+1-415-655-0001 US Toll</span></div>\n` +
    `<div class="elementToProof"><span style="color: rgb(161, 159, 157);">${DELIM}</span></div>`,
  after: `\n<div class="elementToProof"><br></div>\n<div class="elementToProof">Please come prepared.</div>\n`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

export const wordWindows: RewrittenSample = {
  name: 'Outlook for Windows (Word HTML: MsoNormal, o:p, bookmarks, conditional comments)',
  before:
    `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">\n` +
    `<head>\n<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n<meta name=Generator content="Microsoft Word 15 (filtered medium)">\n` +
    `<!--[if !mso]><style>v\\:* {behavior:url(#default#VML);}\no\\:* {behavior:url(#default#VML);}\n</style><![endif]--><style><!--\n` +
    `/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";\n\tpanose-1:2 4 5 3 5 4 6 3 2 4;}\n` +
    `p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0in;\n\tfont-size:11.0pt;\n\tfont-family:"Calibri",sans-serif;}\n` +
    `a:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n\ttext-decoration:underline;}\n` +
    `@page WordSection1\n\t{size:8.5in 11.0in;\n\tmargin:1.0in 1.0in 1.0in 1.0in;}\ndiv.WordSection1\n\t{page:WordSection1;}\n--></style>` +
    `<!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml><![endif]--><!--[if gte mso 9]><xml>\n<o:shapelayout v:ext="edit">\n<o:idmap v:ext="edit" data="1" />\n</o:shapelayout></xml><![endif]-->\n` +
    `</head>\n<body lang=EN-US link="#0563C1" vlink="#954F72" style='word-wrap:break-word'>\n<div class=WordSection1>\n` +
    `<p class=MsoNormal>Agenda: budget review<o:p></o:p></p>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n`,
  block:
    `<p class=MsoNormal style='margin-top:12.0pt'><a name="webex_scheduler_join_begin"></a><span style='color:#A19F9D'>${DELIM}<o:p></o:p></span></p>\n` +
    `<p class=MsoNormal style='margin-top:6.0pt;margin-right:0in;margin-bottom:6.0pt;margin-left:0in'><a href="${LINK}"><b><span style='font-size:14.0pt;font-family:"Segoe UI",sans-serif;color:#0B5CAD'>Join Webex meeting</span></b></a><o:p></o:p></p>\n` +
    `<p class=MsoNormal><span style='font-family:"Segoe UI",sans-serif;color:#252424'>Meeting number: <b>2555 123 4567</b><o:p></o:p></span></p>\n` +
    `<p class=MsoNormal><span style='font-family:"Segoe UI",sans-serif;color:#252424'>Password: <b>Pa$$w0rd&amp;&lt;x&gt;</b><o:p></o:p></span></p>\n` +
    `<p class=MsoNormal style='margin-top:12.0pt'><b><span style='font-family:"Segoe UI",sans-serif'>Join by video system<o:p></o:p></span></b></p>\n` +
    `<p class=MsoNormal><span style='font-family:"Segoe UI",sans-serif'>Dial <a href="sip:25551234567@contoso.webex.com">25551234567@contoso.webex.com</a><o:p></o:p></span></p>\n` +
    `<p class=MsoNormal><a name="webex_scheduler_join_end"></a><span style='color:#A19F9D'>${DELIM}<o:p></o:p></span></p>`,
  after: `\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n<p class=MsoNormal>Please come prepared.<o:p></o:p></p>\n</div>\n</body>\n</html>\n`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

export const wordWindowsRussian: RewrittenSample = {
  name: 'Outlook for Windows, Russian block, only the delimiters and the link survive as markers',
  before: `<html><body lang=RU><div class=WordSection1><p class=MsoNormal><span lang=RU>Повестка: бюджет<o:p></o:p></span></p>\n`,
  block:
    `<p class=MsoNormal><span style='color:#A19F9D'>${DELIM}<o:p></o:p></span></p>\n` +
    `<p class=MsoNormal><a href="${LINK}"><b><span lang=RU style='font-size:14.0pt'>Подключиться к совещанию Webex</span></b></a><o:p></o:p></p>\n` +
    `<p class=MsoNormal><span lang=RU>Номер совещания: <b>2555 123 4567</b><o:p></o:p></span></p>\n` +
    `<p class=MsoNormal><span lang=RU>Пароль: <b>qwerty</b><o:p></o:p></span></p>\n` +
    `<p class=MsoNormal><span style='color:#A19F9D'>${DELIM}<o:p></o:p></span></p>`,
  after: `\n<p class=MsoNormal><span lang=RU>До встречи<o:p></o:p></span></p>\n</div></body></html>`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

export const macBrLines: RewrittenSample = {
  name: 'Outlook for Mac, lines joined with <br>, characters re-encoded, attributes single-quoted',
  before:
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>` +
    `<body style="word-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"><div dir="auto">Agenda: budget review<br><br>`,
  block:
    `${'&#9472;'.repeat(40)}<br>` +
    `<a style='font-weight:bold' href='${LINK}' id='webex_scheduler_join_link'>Join Webex meeting</a><br>` +
    `Meeting number: 2555&nbsp;123&nbsp;4567<br>` +
    `Password: Pa$$w0rd&#38;&#60;x&#62;<br>` +
    `${'&#x2500;'.repeat(40)}<br>`,
  after: `<br>Please come prepared.</div></body></html>`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

export const readModeQuote: RewrittenSample = {
  name: 'a forward of the invitation: read-mode "x_" ids inside the quoted original',
  before:
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>` +
    `<div class="elementToProof" style="${APTOS}">FYI, see below.</div>` +
    `<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">` +
    `<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>From:</b> Organizer<br><b>Sent:</b> Monday, March 4, 2024 9:00 AM<br><b>Subject:</b> Budget review</font><div>&nbsp;</div></div>` +
    `<div class="x_elementToProof">Agenda: budget review</div>`,
  block:
    `<div id="x_webex_scheduler_join" lang="en-US" style="margin:16px 0">` +
    `<p id="x_webex_scheduler_join_begin" style="margin:0; color:#a19f9d">${DELIM}</p>` +
    `<p style="margin:8px 0"><a id="x_webex_scheduler_join_link" href="${LINK}" data-auth="NotApplicable">Join Webex meeting</a></p>` +
    `<p style="margin:0">Meeting number: <b>2555 123 4567</b></p>` +
    `<p id="x_webex_scheduler_join_end" style="margin:0; color:#a19f9d">${DELIM}</p>` +
    `</div>`,
  after: `</body></html>`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

const SAFE_LINK =
  'https://nam12.safelinks.protection.outlook.com/?url=' +
  encodeURIComponent(LINK) +
  '&amp;data=05%7C02%7Cuser%40contoso.com%7C0d1f%7C72f988bf%7C0%7C0%7C638450&amp;sdata=Xy%2BZ%3D&amp;reserved=0';

export const safeLinks: RewrittenSample = {
  name: 'Safe Links wrapped the join link and the container lost its id',
  before: `<p>Agenda: budget review</p>`,
  block:
    `<div><p>${DELIM}</p>` +
    `<p><a href="${SAFE_LINK}" originalsrc="${LINK}" shash="abc">Join Webex meeting</a></p>` +
    `<p>Meeting number: <b>2555 123 4567</b></p>` +
    `<p>${DELIM}</p></div>`,
  after: `<p>Please come prepared.</p>`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

export const linkOnly: RewrittenSample = {
  name: 'the user deleted the delimiters: found by the Webex link and the lines around it',
  before: `<p>Agenda: budget review</p>\n`,
  block: `<p><a href="${LINK}">Join Webex meeting</a></p>\n<p>Meeting number: <b>2555 123 4567</b></p>\n<p>Password: <b>x</b></p>`,
  after: `\n<p>See you there</p>`,
  expectedLink: LINK,
  expectedNumber: DIGITS,
};

export const ALL_REWRITTEN: readonly RewrittenSample[] = [
  owaKeptIds,
  newOutlookFlattened,
  wordWindows,
  wordWindowsRussian,
  macBrLines,
  readModeQuote,
  safeLinks,
  linkOnly,
];

/** office-js issue 6778: body.setAsync wraps everything already there, adding a <br>. */
export function wrapLike6778(html: string): string {
  return `<div style="${APTOS}"><span style="${APTOS}">${html}</span><br></div>`;
}
