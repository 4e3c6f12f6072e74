/**
 * Production: the built add-in (npm run build, dist/) served by the backend beside the API, at the
 * path of ADDIN_BASE_URL, so that one HTTPS origin serves both. Outlook frames the task pane and
 * loads the icons and scripts from its own origins, so these files are sent without the API's
 * framing and cross-origin restrictions (their own CSP without frame-ancestors, no X-Frame-Options,
 * Cross-Origin-Resource-Policy: cross-origin, no opener isolation for the Office dialogs), and with
 * Access-Control-Allow-Origin: * as the development server sends them. manifest.xml itself is
 * answered by manifest-routes.ts for the running configuration.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { addinContentSecurityPolicy, type AddinCspOrigins } from '../../core/addin-content-security-policy';

export interface AddinFilesOptions {
  /** The folder of the build (SERVE_ADDIN_FROM). */
  root: string;
  /** The path the files are served under ('/' or the path of ADDIN_BASE_URL). */
  prefix: string;
  /** The origins the pages may talk to, for their Content-Security-Policy. */
  csp: AddinCspOrigins;
}

const ISOLATION_HEADERS = ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-embedder-policy'];

export async function addinFileRoutes(app: FastifyInstance, options: AddinFilesOptions): Promise<void> {
  const policy = addinContentSecurityPolicy(options.csp);
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const name of ISOLATION_HEADERS) reply.removeHeader(name);
    // The API's policy forbids everything; the pages get their own (src/core/addin-content-security-policy.ts).
    void reply.header('Content-Security-Policy', policy);
    void reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
    void reply.header('Access-Control-Allow-Origin', '*');
    return payload;
  });
  await app.register(fastifyStatic, {
    root: options.root,
    serve: false,
    // Hashed bundles may be cached long; the pages and launchevent.js keep their names, so revalidate.
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', /\.[0-9a-f]{8}\.js(\.map)?$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
    index: false,
    dotfiles: 'deny',
  });
  const prefix = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  // Static files cost nothing to answer and a task pane loads a dozen of them: no rate limit, and
  // a name that is not a file gets the app's own 404 (sendFile calls the not-found handler).
  app.get(`${prefix}*`, { config: { rateLimit: false } }, async (request, reply) =>
    reply.sendFile((request.params as { '*': string })['*']),
  );
}
