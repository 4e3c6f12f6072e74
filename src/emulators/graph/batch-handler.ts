/**
 * JSON batching, POST /v1.0/$batch (https://learn.microsoft.com/graph/json-batching): up to 20
 * requests, each run through the same routes as a direct call (with the batch's Authorization), so
 * permissions, faults and per-mailbox throttling apply to each one; a throttled request answers
 * 429 inside the batch. Requests run in parallel unless `dependsOn` orders them, at most four at a
 * time, as Graph runs a batch's Outlook requests ("Outlook service limits for JSON batching" in
 * Graph's throttling-limits page): so a batch of one mailbox's requests stays within that
 * mailbox's concurrency limit instead of throttling itself. A request whose dependency failed
 * answers 424. Responses come back in completion order.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphApiError, graphErrorBody } from './graph-error';
import { requestIdsOf } from './request-ids';

export const MAX_BATCH_REQUESTS = 20;
/** Requests of one batch running at once. */
export const MAX_BATCH_PARALLEL = 4;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
// Graph spells these headers this way inside batch responses, and the Graph SDK's BatchResponseContent
// looks for "Content-Type" exactly.
const HEADER_NAMES: Record<string, string> = {
  'content-type': 'Content-Type',
  location: 'Location',
  'retry-after': 'Retry-After',
  'preference-applied': 'Preference-Applied',
  'cache-control': 'Cache-Control',
  'odata-version': 'OData-Version',
  etag: 'ETag',
  allow: 'Allow',
  'www-authenticate': 'WWW-Authenticate',
};
// Headers of the inner response that describe the transport, not the resource.
const TRANSPORT_HEADERS = new Set(['content-length', 'connection', 'date', 'keep-alive', 'transfer-encoding']);

function badRequest(message: string): GraphApiError {
  return new GraphApiError(400, 'BadRequest', message);
}

function readItems(body: unknown): BatchItem[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { requests?: unknown }).requests)) {
    throw badRequest('Invalid batch payload format: a JSON object with a requests array is required.');
  }
  const requests = (body as { requests: unknown[] }).requests;
  if (requests.length === 0) throw badRequest('Invalid batch payload format: the requests array is empty.');
  if (requests.length > MAX_BATCH_REQUESTS)
    throw badRequest(`The number of requests in the batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  const items = requests.map((raw, i): BatchItem => {
    if (typeof raw !== 'object' || raw === null) throw badRequest(`Invalid batch payload format: request ${i} is not an object.`);
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '') throw badRequest(`Invalid batch payload format: request ${i} has no id.`);
    if (typeof r.method !== 'string' || !METHODS.includes(r.method.toUpperCase()))
      throw badRequest(`Invalid batch payload format: request '${r.id}' has no valid method.`);
    if (typeof r.url !== 'string' || r.url === '') throw badRequest(`Invalid batch payload format: request '${r.id}' has no url.`);
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (typeof r.headers !== 'object' || r.headers === null)
        throw badRequest(`Invalid batch payload format: headers of request '${r.id}' must be an object.`);
      for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = String(v);
    }
    if (r.body !== undefined && !headers['content-type']) throw badRequest(`Request '${r.id}' has a body but no Content-Type header.`);
    const dependsOn = r.dependsOn === undefined ? [] : r.dependsOn;
    if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string'))
      throw badRequest(`dependsOn of request '${r.id}' must be an array of ids.`);
    return { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn: dependsOn as string[] };
  });
  const ids = new Set<string>();
  for (const item of items) {
    const key = item.id.toLowerCase();
    if (ids.has(key)) throw badRequest(`Batch request ids must be unique; '${item.id}' appears more than once.`);
    ids.add(key);
  }
  for (const item of items) {
    for (const dep of item.dependsOn)
      if (!ids.has(dep.toLowerCase())) throw badRequest(`Request '${item.id}' depends on '${dep}', which is not in the batch.`);
  }
  checkAcyclic(items);
  return items;
}

function checkAcyclic(items: BatchItem[]): void {
  const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: BatchItem): void => {
    const key = item.id.toLowerCase();
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw badRequest(`The dependsOn of request '${item.id}' forms a cycle.`);
    state.set(key, 'visiting');
    for (const dep of item.dependsOn) visit(byId.get(dep.toLowerCase())!);
    state.set(key, 'done');
  };
  for (const item of items) visit(item);
}

/** The path an item names, under the batch's version ("/me/events" or "me/events"; a repeated version is tolerated). */
function itemPath(version: string, url: string): string {
  let path = url.replace(/^\/+/, '');
  if (path.toLowerCase().startsWith(`${version.toLowerCase()}/`)) path = path.slice(version.length + 1);
  return `/${version}/${path}`;
}

function errorResponse(req: FastifyRequest, id: string, status: number, code: string, message: string): BatchResponse {
  return { id, status, headers: { 'Content-Type': 'application/json' }, body: graphErrorBody(code, message, requestIdsOf(req)) };
}

export async function handleBatch(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, version: string): Promise<FastifyReply> {
  const items = readItems(req.body);
  const byId = new Map(items.map((i) => [i.id.toLowerCase(), i]));
  const results = new Map<string, Promise<BatchResponse>>();
  const responses: BatchResponse[] = [];
  // Slots for requests whose dependencies are done: a request waiting for another holds none.
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<() => void> => {
    if (running >= MAX_BATCH_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    return () => {
      const nextInLine = waiting.shift();
      if (nextInLine) nextInLine();
      else running -= 1;
    };
  };

  const run = async (item: BatchItem): Promise<BatchResponse> => {
    const deps = await Promise.all(item.dependsOn.map((d) => start(byId.get(d.toLowerCase())!)));
    if (deps.some((d) => d.status >= 400))
      return errorResponse(req, item.id, 424, 'FailedDependency', 'A request this request depends on failed.');
    const release = await slot();
    try {
      return await runOne(item);
    } finally {
      release();
    }
  };

  const runOne = async (item: BatchItem): Promise<BatchResponse> => {
    const path = itemPath(version, item.url);
    if (/\/\$batch(\?|$)/i.test(path)) return errorResponse(req, item.id, 400, 'BadRequest', 'A batch cannot contain another batch.');
    const headers: Record<string, string> = { ...item.headers };
    if (req.headers.authorization && !headers.authorization) headers.authorization = req.headers.authorization;
    // Links in the answers (@odata.context, nextLink) must name the host the client reached.
    if (req.headers.host) headers.host = req.headers.host;
    const payload = item.body === undefined ? undefined : typeof item.body === 'string' ? item.body : JSON.stringify(item.body);
    const res = await app.inject({ method: item.method as 'GET', url: path, headers, ...(payload !== undefined ? { payload } : {}) });
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined || TRANSPORT_HEADERS.has(k.toLowerCase())) continue;
      outHeaders[HEADER_NAMES[k.toLowerCase()] ?? k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    const response: BatchResponse = { id: item.id, status: res.statusCode, headers: outHeaders };
    if (res.payload !== '') {
      const isJson = /json/i.test(String(res.headers['content-type'] ?? ''));
      response.body = isJson ? (JSON.parse(res.payload) as unknown) : res.payload;
    }
    return response;
  };

  const start = (item: BatchItem): Promise<BatchResponse> => {
    const key = item.id.toLowerCase();
    let pending = results.get(key);
    if (!pending) {
      pending = run(item).then((r) => {
        responses.push(r);
        return r;
      });
      results.set(key, pending);
    }
    return pending;
  };

  await Promise.all(items.map(start));
  return reply.code(200).header('Content-Type', 'application/json').send(JSON.stringify({ responses }));
}
