import Fastify from 'fastify';
import { installSecurityHeaders, securityHeaders } from '../../../../src/server/http/security-headers';

const API_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
  referrerPolicy: { policy: 'no-referrer' as const },
};

describe('securityHeaders', () => {
  it('are the headers helmet sets with the options, read once', () => {
    const headers = new Map(securityHeaders(API_OPTIONS));
    expect(headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(headers.has('x-powered-by')).toBe(false);
  });

  it('refuse options helmet refuses, at start rather than on a request', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'; script-src *"] } } }),
    ).toThrow();
  });
});

describe('installSecurityHeaders', () => {
  it('sets them on every answer; a route may override one or remove one', async () => {
    const app = Fastify();
    installSecurityHeaders(app, API_OPTIONS);
    app.get('/data', async () => ({ ok: true }));
    app.get('/page', async (_request, reply) =>
      reply.header('Content-Security-Policy', "default-src 'self'").removeHeader('x-frame-options').type('text/html').send('<p>hi</p>'),
    );
    const data = await app.inject({ method: 'GET', url: '/data' });
    const expected = Object.fromEntries(securityHeaders(API_OPTIONS));
    for (const [name, value] of Object.entries(expected)) expect(data.headers[name]).toBe(value);
    const page = await app.inject({ method: 'GET', url: '/page' });
    expect(page.headers['content-security-policy']).toBe("default-src 'self'");
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    await app.close();
  });
});
