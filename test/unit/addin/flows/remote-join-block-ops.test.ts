/**
 * The launch event's join-block work, asked of the backend through the API client's transport: what goes on the
 * wire (the user's token, the body, its type, the details, the locale, the deployment's join-link
 * hosts), what comes back, and what the user reads when the body is larger than the backend takes.
 */
import { createApiTransport } from '../../../../src/addin/api/api-client';
import { createJoinBlockApi } from '../../../../src/addin/api/join-block-api';
import { remoteJoinBlockOps } from '../../../../src/addin/flows/remote-join-block-ops';
import { failureSentence } from '../../../../src/addin/i18n/failure-sentence';
import type { JoinBlockDetails } from '../../../../src/core/join-block';

const details: JoinBlockDetails = {
  meetingId: 'a1b2c3d4e5f6',
  meetingNumber: '25551234567',
  webLink: 'https://contoso.webex.com/contoso/j.php?MTID=m01',
};

function backend(...responses: Response[]) {
  const calls: { url: string; method: string; authorization: string; body: unknown }[] = [];
  const fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({
      url: String(url),
      method: init?.method ?? 'GET',
      authorization: headers.Authorization ?? '',
      body: JSON.parse(String(init?.body)) as unknown,
    });
    const next = responses.shift();
    if (!next) throw new TypeError('Failed to fetch');
    return next;
  });
  const transport = createApiTransport({
    baseUrl: 'https://backend.contoso.example',
    tokens: { getToken: async () => 'sso-token' },
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  return { ops: remoteJoinBlockOps(createJoinBlockApi(transport)), calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('the join block, asked of the backend', () => {
  it('find: posts the body with the user’s token and answers the block the backend found', async () => {
    const { ops, calls } = backend(json(200, { block: { meetingId: 'a1b2c3d4e5f6', webLink: details.webLink } }));
    await expect(ops.find('<p>Join Webex meeting</p>', 'html', ['webex.test'])).resolves.toEqual({
      meetingId: 'a1b2c3d4e5f6',
      webLink: details.webLink,
    });
    expect(calls).toEqual([
      {
        url: 'https://backend.contoso.example/api/join-block/find',
        method: 'POST',
        authorization: 'Bearer sso-token',
        body: { body: '<p>Join Webex meeting</p>', bodyType: 'html', joinLinkHosts: ['webex.test'] },
      },
    ]);
  });

  it('find: no block is undefined, as the local search answers', async () => {
    const { ops, calls } = backend(json(200, { block: null }));
    await expect(ops.find('Agenda: the Webex rollout', 'text', [])).resolves.toBeUndefined();
    expect(calls[0]?.body).toEqual({ body: 'Agenda: the Webex rollout', bodyType: 'text' });
  });

  it('write: sends the details and Office’s language, and answers the backend’s body', async () => {
    const { ops, calls } = backend(json(200, { body: 'Agenda\n\nJoin' }));
    await expect(ops.write('Agenda', 'text', { details, locale: 'de-DE' }, [])).resolves.toBe('Agenda\n\nJoin');
    expect(calls[0]).toMatchObject({
      url: 'https://backend.contoso.example/api/join-block/write',
      body: { body: 'Agenda', bodyType: 'text', details, locale: 'de-DE' },
    });
  });

  it('write: without a language, none is sent (the backend writes English)', async () => {
    const { ops, calls } = backend(json(200, { body: 'x' }));
    await ops.write('', 'html', { details, locale: undefined }, []);
    expect(Object.keys(calls[0]?.body as object)).toEqual(['body', 'bodyType', 'details']);
  });

  it('remove: answers the body without the block', async () => {
    const { ops, calls } = backend(json(200, { body: 'Agenda' }));
    const body = 'Agenda\n\nhttps://site.webex.test/site/j.php?MTID=m1';
    await expect(ops.remove(body, 'text', ['webex.test'])).resolves.toBe('Agenda');
    expect(calls[0]).toMatchObject({
      url: 'https://backend.contoso.example/api/join-block/remove',
      body: { body, bodyType: 'text', joinLinkHosts: ['webex.test'] },
    });
  });

  it('a body naming neither Webex nor a join-link host is not sent: no block there to find or take out', async () => {
    const { ops, calls } = backend();
    const body = '<html><body><div>Budget review, room 4</div></body></html>';
    await expect(ops.find(body, 'html', ['meet.contoso.example'])).resolves.toBeUndefined();
    await expect(ops.remove(body, 'html', ['meet.contoso.example'])).resolves.toBe(body);
    expect(calls).toEqual([]);
  });

  it.each([
    ['Webex, in any case', '<p>WEBEX</p>', []],
    ['a join-link host of the deployment', '<a href="https://Meet.Contoso.example/j/1">Join</a>', ['meet.contoso.example']],
    ['Webex in numeric character references', '<a href="https://contoso.w&#101;b&#x65;x.com/j.php?MTID=m01">Join</a>', []],
    [
      'a host whose dots are character references',
      '<a href="https://meet&period;contoso&#46;example/j/1">Join</a>',
      ['meet.contoso.example'],
    ],
    ['Webex split by a tag or a comment', '<p>Join by <b>Web</b>ex or web<!-- -->ex</p>', []],
  ])('a body naming %s is sent', async (_what, body, hosts) => {
    const { ops, calls } = backend(json(200, { block: null }));
    await ops.find(body, 'html', hosts);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['the backend', () => json(413, { error: { code: 'body_too_large', message: 'The request body is too large.', requestId: 'r1' } })],
    ['a proxy in front of it', () => new Response('<html>413 Request Entity Too Large</html>', { status: 413 })],
  ])('a body too large for %s: appointment_too_large, told in the user’s language', async (_who, answer) => {
    const { ops } = backend(answer());
    const thrown: unknown = await ops.find('<p>Webex</p>', 'html', []).catch((e: unknown) => e);
    expect(thrown).toMatchObject({ name: 'FlowError', code: 'appointment_too_large' });
    expect(failureSentence('de-DE', thrown)).toBe(
      'Die Terminbeschreibung ist zu groß, um sie hier zu bearbeiten. Öffnen Sie „Webex-Optionen“, um die Besprechung hinzuzufügen oder zu ändern.',
    );
    expect(failureSentence('en-US', thrown)).toMatch(/^This appointment’s description is too large/);
  });
});

describe('other failures of the backend', () => {
  it('pass on unchanged', async () => {
    const { ops } = backend(json(503, { error: { code: 'internal_error', message: 'later', requestId: 'r2' } }));
    await expect(ops.write('', 'html', { details, locale: 'en-US' }, [])).rejects.toMatchObject({
      name: 'ApiError',
      code: 'internal_error',
    });
  });
});
