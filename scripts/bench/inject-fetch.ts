/**
 * A fetch that hands the requests for one origin to a Fastify app of this process (app.inject)
 * instead of a socket, and the others to the real fetch. The subscription simulation's Graph client
 * reaches the Graph emulator through it: its 60,000 renewals then cost the client's work (the
 * Graph SDK, its middleware, retries) and the emulator's (hooks, faults, routes, the request log)
 * but not TLS and HTTP on both ends of a socket, in the one thread that runs both.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';

export function injectFetch(app: FastifyInstance, origin: string, network: typeof fetch = fetch): typeof fetch {
  const served = new URL(origin).origin;
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== served) return network(input, init);
    request.signal.throwIfAborted();
    const headers: Record<string, string> = { host: url.host };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const answer = await app.inject({
      method: request.method as InjectOptions['method'],
      url: `${url.pathname}${url.search}`,
      headers,
      ...(body ? { payload: body } : {}),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(one));
    }
    const noBody = answer.statusCode === 204 || answer.statusCode === 304 || request.method === 'HEAD';
    return new Response(noBody ? null : Uint8Array.from(answer.rawPayload), { status: answer.statusCode, headers: responseHeaders });
  };
}
