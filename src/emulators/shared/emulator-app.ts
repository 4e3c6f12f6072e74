/**
 * What every emulator shares: an HTTPS Fastify app with the `/_emulator/` control surface for
 * injected faults (status with Retry-After, added latency) and a health probe.
 *
 * Emulators stand in for the outside world; they import nothing from the product
 * (docs/architecture.md#layers), so that they cannot agree with its bugs.
 */
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface TlsOptions {
  key: string;
  cert: string;
}

/** One injected fault. Applies to requests whose path starts with pathPrefix (default: every non-control path). */
export interface FaultRule {
  id: string;
  /** HTTP status to answer with; omit for latency only. */
  status?: number;
  /** Fraction of matching requests affected, 0..1 (default 1). */
  rate: number;
  /** Seconds, sent as Retry-After with the status. */
  retryAfter?: number;
  /** Added delay in milliseconds before the request is handled (or failed). */
  latencyMs?: number;
  /** How many more times the rule may fire; undefined means until removed. */
  remaining?: number;
  pathPrefix?: string;
  method?: string;
  /**
   * The text of the service's error body instead of its usual one: real services echo request data
   * (an address, a name) in their messages, and tests put a canary there to see where it ends up.
   */
  message?: string;
}

export interface FaultCounters {
  /** Requests answered with an injected status. */
  injected: number;
  /** Requests that were delayed. */
  delayed: number;
}

export interface EmulatorAppOptions {
  name: string;
  tls?: TlsOptions;
  /** The service's own error body for an injected status, with the rule's message when it gives one. */
  errorBody: (status: number, request: FastifyRequest, message?: string) => unknown;
  /** Body size limit in bytes (default 4 MiB). */
  bodyLimit?: number;
  logger?: boolean;
}

export interface EmulatorApp {
  app: FastifyInstance;
  faults: FaultRule[];
  counters: FaultCounters;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let nextRuleId = 1;

/** Parses a fault rule from a control request body; throws a message for a bad one. */
export function parseFaultRule(body: unknown): FaultRule {
  if (typeof body !== 'object' || body === null) throw new Error('fault must be a JSON object');
  const b = body as Record<string, unknown>;
  const num = (k: string): number | undefined => {
    const v = b[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a non-negative number`);
    return v;
  };
  const status = num('status');
  if (status !== undefined && (status < 100 || status > 599)) throw new Error('status must be an HTTP status');
  const rate = num('rate') ?? 1;
  if (rate > 1) throw new Error('rate must be between 0 and 1');
  const latencyMs = num('latencyMs');
  if (status === undefined && latencyMs === undefined) throw new Error('a fault needs status or latencyMs');
  const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  const message = b.message;
  if (message !== undefined && (typeof message !== 'string' || message.length > 2000))
    throw new Error('message must be a string of at most 2000 characters');
  return {
    id: String(nextRuleId++),
    status,
    rate,
    retryAfter: num('retryAfter'),
    latencyMs,
    remaining: num('count'),
    pathPrefix: str('pathPrefix'),
    method: str('method')?.toUpperCase(),
    ...(message === undefined ? {} : { message }),
  };
}

export function createEmulatorApp(opts: EmulatorAppOptions): EmulatorApp {
  const common = {
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 4 * 1024 * 1024,
    // Graph's event ids run to 150+ characters; Fastify answers 414 past 100 by default.
    routerOptions: { maxParamLength: 1000 },
  };
  // Over TLS, HTTP/2 and HTTP/1.1 as the client picks (ALPN), as Microsoft's and Webex's front doors
  // do: the backend's pool multiplexes its calls on HTTP/2 (server/outbound/outbound-fetch.ts).
  const app = (opts.tls
    ? Fastify({ ...common, http2: true, https: { allowHTTP1: true, key: opts.tls.key, cert: opts.tls.cert } })
    : Fastify(common)) as unknown as FastifyInstance;
  const faults: FaultRule[] = [];
  const counters: FaultCounters = { injected: 0, delayed: 0 };

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? '';
    if (path.startsWith('/_emulator/')) return;
    for (const rule of faults) {
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.method && rule.method !== req.method) continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      if (Math.random() >= rule.rate) continue;
      if (rule.remaining !== undefined) rule.remaining -= 1;
      if (rule.latencyMs) {
        counters.delayed += 1;
        await sleep(rule.latencyMs);
      }
      if (rule.status !== undefined) {
        counters.injected += 1;
        if (rule.retryAfter !== undefined) reply.header('Retry-After', String(rule.retryAfter));
        return reply.code(rule.status).send(opts.errorBody(rule.status, req, rule.message));
      }
    }
    return undefined;
  });

  app.get('/_emulator/health', async () => ({ ok: true, emulator: opts.name }));
  app.get('/_emulator/faults', async () => ({ faults, counters }));
  app.post('/_emulator/faults', async (req, reply) => {
    try {
      const rule = parseFaultRule(req.body);
      faults.push(rule);
      return reply.code(201).send(rule);
    } catch (e) {
      return reply.code(400).send({ error: (e as Error).message });
    }
  });
  app.delete('/_emulator/faults', async (_req, reply) => {
    faults.length = 0;
    return reply.code(204).send();
  });

  return { app, faults, counters };
}
