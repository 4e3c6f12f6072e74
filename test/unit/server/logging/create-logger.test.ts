import { createLogger } from '../../../../src/server/logging/create-logger';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, text: () => lines.join('') };
}

describe('the logger', () => {
  it('censors personal data and secrets wherever a field carries them', () => {
    const { logger, text } = capture();
    logger.info(
      {
        subject: 'Layoffs 7f3a',
        email: 'adele.vance@contoso.example',
        meeting: { title: 'Layoffs 7f3a', hostEmail: 'adele.vance@contoso.example', hostKey: '918273' },
        grant: { accessToken: 'tok-secret-1', refreshToken: 'tok-secret-2' },
        deep: { user: { displayName: 'Adele Vance', mail: 'adele.vance@contoso.example' } },
        code: 'meeting_created',
      },
      'created',
    );
    const line = text();
    for (const secret of ['Layoffs 7f3a', 'adele.vance@contoso.example', '918273', 'tok-secret-1', 'tok-secret-2', 'Adele Vance']) {
      expect([secret, line.includes(secret)]).toEqual([secret, false]);
    }
    expect(JSON.parse(line)).toMatchObject({ code: 'meeting_created', subject: '[redacted]' });
  });

  it('logs a request by method and path only: no query string, no headers', () => {
    const { logger, text } = capture();
    logger.info(
      { req: { method: 'GET', url: '/auth/webex/callback?code=abc123&state=xyz789', headers: { authorization: 'Bearer eyJ' } } },
      'incoming',
    );
    const entry = JSON.parse(text()) as { req: unknown };
    expect(entry.req).toEqual({ method: 'GET', path: '/auth/webex/callback' });
    expect(text()).not.toMatch(/abc123|xyz789|eyJ/);
  });

  it('logs an error by class, code and status, not by what the service said', () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error('webex_not_found (HTTP 404)'), {
      code: 'webex_not_found',
      status: 404,
      serviceMessage: 'No meeting for adele.vance@contoso.example',
    });
    logger.error({ err }, 'failed');
    const entry = JSON.parse(text()) as { err: Record<string, unknown> };
    expect(entry.err).toMatchObject({ type: 'Error', code: 'webex_not_found', status: 404 });
    expect(text()).not.toContain('adele.vance');
  });
});
