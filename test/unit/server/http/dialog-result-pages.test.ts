import type { FastifyReply } from 'fastify';
import { sendAuthorizationResultPage } from '../../../../src/server/http/authorization-result-page';
import { renderDialogResultPage } from '../../../../src/server/http/dialog-result-page';
import { sendLinkResultPage } from '../../../../src/server/http/link-result-page';

/** A reply that keeps what the page sends. */
function capturingReply(): { reply: FastifyReply; sent: () => { status: number; headers: Record<string, string>; body: string } } {
  let status = 0;
  let body = '';
  const headers: Record<string, string> = {};
  const reply = {
    code(c: number) {
      status = c;
      return reply;
    },
    header(name: string, value: string) {
      headers[name.toLowerCase()] = value;
      return reply;
    },
    headers(all: Record<string, string>) {
      for (const [name, value] of Object.entries(all)) headers[name.toLowerCase()] = value;
      return reply;
    },
    type(t: string) {
      headers['content-type'] = t;
      return reply;
    },
    send(b: string) {
      body = b;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent: () => ({ status, headers, body }) };
}

const SCRIPT = '<script>alert(document.domain)</script>';
const options = { loadOfficeJs: false, addinOrigin: 'https://localhost:3000' };

/** The page's markup without its own (nonce-carrying) script element. */
function markupOutsideOwnScript(html: string): string {
  return html.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/, '');
}

describe('the pages an Office dialog ends on', () => {
  it('the Webex link result escapes a code that carries markup, and keeps its one script', () => {
    const { reply, sent } = capturingReply();
    sendLinkResultPage(reply, 400, { status: 'failed', code: SCRIPT }, options);
    const { status, body, headers } = sent();
    expect(status).toBe(400);
    expect(markupOutsideOwnScript(body)).not.toContain('<script');
    expect(body).toContain('data-code="&lt;script&gt;alert(document.domain)&lt;/script&gt;"');
    expect(body.match(/<script/g)).toHaveLength(1);
    expect(headers['content-security-policy']).toMatch(/script-src 'nonce-/);
    expect(headers['cross-origin-opener-policy']).toBe('unsafe-none');
  });

  it('the calendar authorization result escapes a code that carries markup, and keeps its one script', () => {
    const { reply, sent } = capturingReply();
    sendAuthorizationResultPage(reply, 400, { status: 'failed', code: SCRIPT }, { ...options, language: 'en' });
    const { body, headers } = sent();
    expect(markupOutsideOwnScript(body)).not.toContain('<script');
    expect(body).toContain('data-code="&lt;script&gt;alert(document.domain)&lt;/script&gt;"');
    expect(body.match(/<script/g)).toHaveLength(1);
    expect(headers['cross-origin-opener-policy']).toBe('unsafe-none');
  });

  it('the frame escapes every text it writes, and no value closes its script', () => {
    const { html } = renderDialogResultPage(
      {
        language: `en"${SCRIPT}`,
        testId: SCRIPT,
        status: SCRIPT,
        code: SCRIPT,
        sentence: `Done ${SCRIPT}`,
        message: { type: 'x', code: `</script>${SCRIPT}` },
      },
      options,
    );
    expect(markupOutsideOwnScript(html)).not.toContain('<script');
    expect(html).toContain('Done &lt;script&gt;');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it('tells the add-in the same message as before: JSON of the result with its type', () => {
    const { reply, sent } = capturingReply();
    sendLinkResultPage(reply, 200, { status: 'consented', completion: 'c-1' }, options);
    const data = /var data = (.*);/.exec(sent().body)?.[1] as string;
    expect(JSON.parse(JSON.parse(data).message)).toEqual({ type: 'webex-link', status: 'consented', completion: 'c-1' });
  });
});
