/**
 * POST /api/join-block/find, write and remove: what the launch event asks instead of carrying the
 * HTML parser. Only a signed-in user of an allowed tenant is answered; the answers are the task
 * pane's own (the same bodies as core/join-block computes them in the add-in, on the bodies Outlook
 * hands back, HTML5 character references included); a mail body of several MB is taken, a larger
 * one refused with 413; nothing of a body or of the details reaches a log line.
 */
import {
  bodyWithJoinBlock,
  findJoinBlock,
  insertJoinBlock,
  joinBlockStringsFor,
  removeJoinBlock,
  renderJoinBlockHtml,
  renderJoinBlockText,
  replaceJoinBlock,
  type JoinBlockDetails,
} from '../../../src/core/join-block';
import { JOIN_BLOCK_REQUEST_LIMIT_BYTES } from '../../../src/core/api-types';
import { ALL_REWRITTEN, LINK, MEETING_ID, wrapLike6778 } from '../../unit/core/join-block/outlook-samples';
import { ADELE, ALEX, FABRIKAM, IRINA, MEGAN, OTHER_API_URI, startBackendStack, type BackendStack } from './backend-stack';

interface ErrorBody {
  error?: { code?: string };
}

const RATE_LIMIT = 200;
let stack: BackendStack;
let alex: string;

beforeAll(async () => {
  stack = await startBackendStack({ env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
  alex = await stack.userToken(ALEX);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const details: JoinBlockDetails = {
  meetingId: MEETING_ID,
  meetingNumber: '25551234567',
  webLink: LINK,
  password: 'Pa$$w0rd&<x>',
  hostName: 'Zoë & Ågot <Ltd>',
  dialIn: [{ label: 'Call-in toll number (US/Canada)', number: '+1-415-655-0001', tollType: 'toll' }],
};

/** The block as the task pane wrote it before it asked anyone: rendered, then replaced or inserted. */
function paneWrite(body: string, type: 'html' | 'text', locale: string): string {
  const strings = joinBlockStringsFor(locale);
  const block = type === 'html' ? renderJoinBlockHtml(details, strings) : renderJoinBlockText(details, strings);
  const replaced = replaceJoinBlock(body, block, type);
  return replaced !== body ? replaced : insertJoinBlock(body, block, type);
}

/** As `token` (Alex's unless given; null: none at all). */
const post = <T>(route: string, body: unknown, token: string | null = alex) =>
  stack.api<T>('POST', `/api/join-block/${route}`, { ...(token === null ? {} : { token }), body });

/** Outlook's rewritten bodies, as read and after another write wrapped them (office-js issue 6778). */
const bodies = ALL_REWRITTEN.flatMap((s) => [
  [s.name, s.before + s.block + s.after],
  [`${s.name}, wrapped again`, wrapLike6778(s.before + s.block + s.after)],
]);

/**
 * A block whose link and number are written with HTML5 named character references that only the
 * full table decodes (`&colon;`, `&sol;`, `&period;`, `&NoBreak;`): found only by a parser that
 * decodes as browsers do.
 */
const html5Entities =
  '<div>Agenda &mdash; Q3 &NotNestedGreaterGreater; plans</div>' +
  `<div id="webex_scheduler_join" data-webex-meeting-id="${MEETING_ID}">` +
  `<p><a id="webex_scheduler_join_link" href="${LINK.replace('https:', 'https&colon;').replace('/contoso/', '&sol;contoso&sol;')}">Join Webex meeting</a></p>` +
  '<p>Meeting number&colon; <b>2555&nbsp;123&NoBreak;4567</b></p></div>';

describe('who may call them', () => {
  it.each(['find', 'write', 'remove'])('%s: without a token, 401 token_missing', async (route) => {
    const res = await post<ErrorBody>(route, { body: '<p>x</p>', bodyType: 'html', details }, null);
    expect([res.status, res.body.error?.code]).toEqual([401, 'token_missing']);
  });

  it.each(['find', 'write', 'remove'])('%s: with a token for another API, 401 token_audience', async (route) => {
    const other = await stack.userToken(ALEX, { scope: `${OTHER_API_URI}/access_as_user` });
    const res = await post<ErrorBody>(route, { body: '<p>x</p>', bodyType: 'html', details }, other);
    expect([res.status, res.body.error?.code]).toEqual([401, 'token_audience']);
  });

  it('from a tenant outside the allowed list, 401 tenant_not_allowed', async () => {
    const restricted = await stack.variant({ adjustConfig: (config) => void (config.microsoft.allowedTenants = [FABRIKAM.id]) });
    const res = await restricted.api<ErrorBody>('POST', '/api/join-block/find', { token: alex, body: { body: '', bodyType: 'text' } });
    expect([res.status, res.body.error?.code]).toEqual([401, 'tenant_not_allowed']);
  });

  it('past the per-user limit, 429 rate_limited like every route', async () => {
    const irina = await stack.userToken(IRINA);
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) statuses.push((await post('find', { body: '', bodyType: 'text' }, irina)).status);
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses[RATE_LIMIT]).toBe(429);
  });

  it('past 16 MiB of bodies a minute from one user, 429 rate_limited before any work; other users are answered', async () => {
    const megan = await stack.userToken(MEGAN);
    const large = { body: 'x'.repeat(7 * 1024 * 1024), bodyType: 'text' };
    expect((await post('find', large, megan)).status).toBe(200);
    expect((await post('find', large, megan)).status).toBe(200);
    const refused = await post<ErrorBody>('find', large, megan);
    expect([refused.status, refused.body.error?.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // A small body still fits in what is left of the minute; another user's large one is answered.
    expect((await post('find', { body: '', bodyType: 'text' }, megan)).status).toBe(200);
    expect((await post('find', large, await stack.userToken(ADELE))).status).toBe(200);
  });
});

describe('what they answer, the same as the task pane computes', () => {
  it.each(bodies)('find: %s', async (_name, body) => {
    const res = await post<{ block: unknown }>('find', { body, bodyType: 'html' });
    const local = findJoinBlock(body, 'html');
    expect(res.status).toBe(200);
    expect(local).toBeDefined();
    expect(res.body.block).toEqual({ ...(local?.meetingId ? { meetingId: local.meetingId } : {}), webLink: local?.webLink });
  });

  it.each(bodies)('write (ru-RU): %s', async (_name, body) => {
    const res = await post<{ body: string }>('write', { body, bodyType: 'html', details, locale: 'ru-RU' });
    expect(res.status).toBe(200);
    expect(res.body.body).toBe(paneWrite(body, 'html', 'ru-RU'));
    expect(res.body.body).toContain('Zoë &amp; Ågot &lt;Ltd&gt;');
  });

  it.each(bodies)('remove: %s', async (_name, body) => {
    const res = await post<{ body: string }>('remove', { body, bodyType: 'html' });
    expect(res.status).toBe(200);
    expect(res.body.body).toBe(removeJoinBlock(body, 'html'));
  });

  it('find decodes HTML5 named character references as browsers do', async () => {
    const res = await post<{ block: unknown }>('find', { body: html5Entities, bodyType: 'html' });
    expect(res.body.block).toEqual({ meetingId: MEETING_ID, webLink: LINK });
    expect(findJoinBlock(html5Entities, 'html')?.webLink).toBe(LINK);
  });

  it('a text body: written after a blank line in the locale’s language, found, and taken out again', async () => {
    const body = 'Agenda\r\nBudget review\r\n';
    const written = await post<{ body: string }>('write', { body, bodyType: 'text', details, locale: 'ja-JP' });
    expect(written.body.body).toBe(paneWrite(body, 'text', 'ja-JP'));
    const found = await post<{ block: unknown }>('find', { body: written.body.body, bodyType: 'text' });
    expect(found.body.block).toMatchObject({ webLink: LINK });
    const removed = await post<{ body: string }>('remove', { body: written.body.body, bodyType: 'text' });
    expect(removed.body.body).toBe('Agenda\r\nBudget review');
  });

  it('a body without a block: find answers null, remove the same text, write appends the block', async () => {
    const body = '<html><body><div>Agenda</div></body></html>';
    expect((await post<{ block: unknown }>('find', { body, bodyType: 'html' })).body).toEqual({ block: null });
    expect((await post<{ body: string }>('remove', { body, bodyType: 'html' })).body).toEqual({ body });
    const written = await post<{ body: string }>('write', { body, bodyType: 'html', details });
    expect(written.body.body).toBe(bodyWithJoinBlock(body, 'html', details, undefined));
    expect(written.body.body).toContain('Join Webex meeting');
  });

  it('find by link alone takes the deployment’s join-link hosts', async () => {
    const body = '<p><a href="https://site.webex.test/site/j.php?MTID=m1">Join</a></p><p>Meeting number: 2555 123 4567</p>';
    expect((await post<{ block: unknown }>('find', { body, bodyType: 'html' })).body).toEqual({ block: null });
    const res = await post<{ block: unknown }>('find', { body, bodyType: 'html', joinLinkHosts: ['webex.test'] });
    expect(res.body.block).toEqual({ webLink: 'https://site.webex.test/site/j.php?MTID=m1' });
  });

  it('a host key sent along is not written', async () => {
    const res = await post<{ body: string }>('write', { body: '', bodyType: 'text', details: { ...details, hostKey: '424242' } });
    expect(res.status).toBe(200);
    expect(res.body.body).not.toContain('424242');
  });
});

describe('what they refuse', () => {
  it('details that are not a meeting’s: 400 with the join block’s code', async () => {
    const res = await post<ErrorBody>('write', {
      body: '',
      bodyType: 'html',
      details: { ...details, webLink: 'http://contoso.webex.com/j' },
    });
    expect([res.status, res.body.error?.code]).toEqual([400, 'join_link_invalid']);
  });

  it.each([
    ['no body type', { body: '' }],
    ['another body type', { body: '', bodyType: 'rtf' }],
    ['a body that is not text', { body: { html: '<p>' }, bodyType: 'html' }],
  ])('%s: 400 invalid_request', async (_name, request) => {
    const res = await post<ErrorBody>('find', request);
    expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
  });

  it('a body nested deeper than any mail body: 400 body_too_complex, answered at once', async () => {
    const body = '<div>'.repeat(1_000_000);
    const res = await post<ErrorBody>('find', { body, bodyType: 'html' });
    expect([res.status, res.body.error?.code]).toEqual([400, 'body_too_complex']);
  });

  it('a body of several MB is taken; one past the limit is refused with 413 body_too_large', async () => {
    const filler = `<p>${'Notes from the quarterly review, with figures. '.repeat(20)}</p>`;
    const large = filler.repeat(Math.floor((6 * 1024 * 1024) / filler.length)) + owaBlock();
    const ok = await post<{ block: unknown }>('find', { body: large, bodyType: 'html' });
    expect([ok.status, ok.body.block]).toEqual([200, { meetingId: MEETING_ID, webLink: LINK }]);
    const tooLarge = filler.repeat(Math.ceil(JOIN_BLOCK_REQUEST_LIMIT_BYTES / filler.length));
    const refused = await post<ErrorBody>('find', { body: tooLarge, bodyType: 'html' });
    expect([refused.status, refused.body.error?.code]).toEqual([413, 'body_too_large']);
  }, 30_000);
});

function owaBlock(): string {
  const sample = ALL_REWRITTEN[0];
  return sample ? sample.block : '';
}

describe('what the backend keeps of them', () => {
  it('no line of its log holds a body’s text or a detail', async () => {
    const canary = 'Canary merger plan 7f3a9';
    const hostCanary = 'Hostcanary Quint 7f3a9';
    await post('find', { body: `<p>${canary}</p>`, bodyType: 'html' });
    await post('write', { body: `<p>${canary}</p>`, bodyType: 'html', details: { ...details, hostName: hostCanary } });
    await post('write', { body: `<p>${canary}</p>`, bodyType: 'html', details: { ...details, webLink: `http://${canary}` } });
    await post('remove', { body: `<p>${canary}</p>`, bodyType: 'text' });
    const log = stack.logLines.join('\n');
    expect(log).toContain('/api/join-block/write');
    for (const text of [canary, '7f3a9', hostCanary, 'Pa$$w0rd']) expect(log).not.toContain(text);
  });
});
