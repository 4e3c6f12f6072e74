/**
 * A static HTTPS file server for the benchmark: serves build directories on localhost with the
 * local certificate (the pages must be HTTPS, as Outlook requires), nothing else. Unknown paths
 * are 404s; so are the dev host's forwarding paths, which it survives (it falls back to defaults).
 */
import { createServer, type Server } from 'node:https';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ensureDevCerts } from '../dev-certs';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'text/xml; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

export interface StaticServerOptions {
  /** The directory served at /. */
  root: string;
  /** More directories under a path prefix ("/addin/" → dir). */
  mounts?: Record<string, string>;
  /** Changes an HTML page on its way out (path as requested). */
  rewriteHtml?(path: string, html: string): string;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

function fileFor(options: StaticServerOptions, path: string): string {
  for (const [prefix, dir] of Object.entries(options.mounts ?? {})) {
    if (path.startsWith(prefix)) return join(dir, path.slice(prefix.length));
  }
  return join(options.root, path);
}

export async function serveDirectories(options: StaticServerOptions): Promise<StaticServer> {
  const certs = await ensureDevCerts();
  const server: Server = createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'https://localhost').pathname)).replace(/\.\.[/\\]/g, '');
    readFile(fileFor(options, path))
      .then((content) => {
        const type = TYPES[extname(path)] ?? 'application/octet-stream';
        const body = type.startsWith('text/html') && options.rewriteHtml ? options.rewriteHtml(path, content.toString('utf8')) : content;
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
