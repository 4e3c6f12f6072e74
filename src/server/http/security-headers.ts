/**
 * The security headers every answer carries (helmet's, with the API's options in app.ts): the
 * API serves JSON, so its Content-Security-Policy forbids everything; the pages that serve HTML set
 * their own policy over it (admin-routes.ts, dialog-result-page.ts, manifest-addin-files.ts).
 *
 * Computed once. The headers depend on nothing in the request, but @fastify/helmet runs helmet's
 * middleware anew for every request, building its middlewares and parsing the policy each time:
 * about a thirtieth of the Graph receiver's CPU at its peak in the bench (ingest_ratio). Here
 * helmet's own middleware runs once, at start, against a recorder; each request then gets the
 * headers it recorded, set on the raw response as the middleware would have set them (so a route's
 * own `reply.header` still overrides them, and `reply.removeHeader` still removes them).
 */
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export type SecurityHeaders = readonly (readonly [name: string, value: string])[];

/** The headers helmet's middleware sets with these options (and none it removes). */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: unknown) {
      recorded.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      recorded.delete(name.toLowerCase());
    },
    getHeader: (name: string) => recorded.get(name.toLowerCase()),
  };
  let failure: unknown;
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error('helmet refused its options');
  return [...recorded];
}

/** Sets the headers on every answer of `app`, first thing (an onRequest hook). */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    // What helmet also does: nothing tells the world what serves it.
    reply.raw.removeHeader('x-powered-by');
    done();
  });
}
