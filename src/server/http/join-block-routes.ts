/**
 * The join block, found and edited for the add-in's launch event, which carries no HTML parser
 * (launchevent.ts: classic Outlook loads that file alone for every appointment). The routes only
 * compute, with the same functions the task pane runs itself (core/join-block/body-edits.ts): they
 * read nothing and store nothing, and the body passes through in memory only. Nothing of it, nor of
 * the details, reaches a log line (the request serializer logs method and path; errors log codes).
 *
 * - POST /api/join-block/find — { body, bodyType: 'html' | 'text', joinLinkHosts? } →
 *   200 { block: { meetingId?, webLink } | null }.
 * - POST /api/join-block/write — { body, bodyType, details (core/join-block JoinBlockDetails: no
 *   host key), locale?, joinLinkHosts? } → 200 { body }: the block refreshed in place or appended,
 *   in the locale's language; the same text when the body already says it.
 * - POST /api/join-block/remove — { body, bodyType, joinLinkHosts? } → 200 { body } without any block.
 *
 * Like every /api route: the caller's bearer token (401 otherwise), the per-user rate limit (429),
 * JSON only (415). Requests up to JOIN_BLOCK_REQUEST_LIMIT_BYTES (8 MiB: mail bodies run to
 * several MB), 413 body_too_large beyond; 400 invalid_request for another shape, 400
 * join_details_invalid or join_link_invalid for details that are not a meeting's, 400
 * body_too_complex for HTML nested deeper than any mail body (core/join-block/parse-html.ts). The
 * work is linear in the body: up to a few seconds for 8 MiB, on the event loop. So that one user
 * cannot keep a replica's thread busy with large bodies, each user may send at most
 * JOIN_BLOCK_BYTES_PER_MINUTE of them a minute to these routes (a replica's own count; about two
 * of the largest bodies, hundreds of ordinary ones): beyond, 429 rate_limited with Retry-After.
 */
import type { FastifyInstance } from 'fastify';
import {
  JOIN_BLOCK_REQUEST_LIMIT_BYTES,
  type JoinBlockBodyRequest,
  type JoinBlockEditResponse,
  type JoinBlockFindResponse,
  type JoinBlockWriteRequest,
} from '../../core/api-types';
import { bodyWithJoinBlock, bodyWithoutJoinBlock, joinBlockOnBody } from '../../core/join-block';
import { ApiError } from './api-error';
import { callerOf } from './caller';

/** Request bytes one user may send these routes per minute, on one replica. */
export const JOIN_BLOCK_BYTES_PER_MINUTE = 16 * 1024 * 1024;
const MINUTE_MS = 60_000;

/** Per user, the sizes of the requests of the last minute (oldest first). */
function createByteBudget(bytesPerMinute: number, now: () => number) {
  const spent = new Map<string, Array<{ at: number; bytes: number }>>();
  return {
    /** Counts `bytes` for `user`, or throws 429 when they would go over the minute's budget. */
    take(user: string, bytes: number): void {
      const at = now();
      const recent = (spent.get(user) ?? []).filter((s) => s.at > at - MINUTE_MS);
      const total = recent.reduce((sum, s) => sum + s.bytes, 0);
      if (recent.length > 0 && total + bytes > bytesPerMinute) {
        const retryAfter = Math.ceil(((recent[0] as { at: number }).at + MINUTE_MS - at) / 1000);
        spent.set(user, recent);
        throw new ApiError(429, 'rate_limited', 'Too many requests; slow down and try again shortly.', {
          'Retry-After': String(Math.max(1, retryAfter)),
        });
      }
      recent.push({ at, bytes });
      spent.set(user, recent);
      // Forget users quiet for a minute, so that the map holds only the last minute's callers.
      if (spent.size > 1000) for (const [key, list] of spent) if (!list.some((s) => s.at > at - MINUTE_MS)) spent.delete(key);
    },
  };
}

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

/** What find and remove take (and write, besides the details). */
const BODY_PROPERTIES = {
  body: { type: 'string' },
  bodyType: { type: 'string', enum: ['html', 'text'] },
  // Host names of the deployment's join links (addin-config.ts joinLinkHosts).
  joinLinkHosts: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 253 } },
} as const;

const BODY_REQUEST_SCHEMA = {
  type: 'object',
  required: ['body', 'bodyType'],
  additionalProperties: false,
  properties: BODY_PROPERTIES,
} as const;

/** JoinBlockDetails, field by field: anything else (a host key) is dropped before the renderer sees it. */
const DETAILS_SCHEMA = {
  type: 'object',
  required: ['meetingId', 'meetingNumber', 'webLink'],
  additionalProperties: false,
  properties: {
    meetingId: text(256),
    meetingNumber: text(64),
    webLink: text(2048),
    password: text(256),
    numericPassword: text(256),
    sipAddress: text(512),
    dialIn: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        required: ['label', 'number', 'tollType'],
        additionalProperties: false,
        properties: { label: text(256), number: text(64), tollType: { type: 'string', enum: ['toll', 'tollFree'] } },
      },
    },
    accessCode: text(64),
    hostName: text(256),
  },
} as const;

const WRITE_REQUEST_SCHEMA = {
  type: 'object',
  required: ['body', 'bodyType', 'details'],
  additionalProperties: false,
  properties: { ...BODY_PROPERTIES, details: DETAILS_SCHEMA, locale: text(35) },
} as const;

/** A route's options: its schema, and room for a mail body. */
const routeOptions = (body: object) => ({ bodyLimit: JOIN_BLOCK_REQUEST_LIMIT_BYTES, schema: { body } });

export interface JoinBlockRouteOptions {
  /** Default JOIN_BLOCK_BYTES_PER_MINUTE. */
  bytesPerMinute?: number;
  now?: () => number;
}

export async function joinBlockRoutes(app: FastifyInstance, options: JoinBlockRouteOptions = {}): Promise<void> {
  const budget = createByteBudget(options.bytesPerMinute ?? JOIN_BLOCK_BYTES_PER_MINUTE, options.now ?? Date.now);
  // Counted before any work: the request's size, which Fastify has checked against the body read.
  app.addHook('preHandler', async (request) => {
    const caller = callerOf(request);
    budget.take(`${caller.tenantId}/${caller.userId}`, Number(request.headers['content-length'] ?? 0));
  });

  app.post<{ Body: JoinBlockBodyRequest }>(
    '/join-block/find',
    routeOptions(BODY_REQUEST_SCHEMA),
    async (request): Promise<JoinBlockFindResponse> => {
      callerOf(request);
      const { body, bodyType, joinLinkHosts } = request.body;
      return { block: joinBlockOnBody(body, bodyType, joinLinkHosts) ?? null };
    },
  );

  app.post<{ Body: JoinBlockWriteRequest }>(
    '/join-block/write',
    routeOptions(WRITE_REQUEST_SCHEMA),
    async (request): Promise<JoinBlockEditResponse> => {
      callerOf(request);
      const { body, bodyType, details, locale, joinLinkHosts } = request.body;
      return { body: bodyWithJoinBlock(body, bodyType, details, locale, joinLinkHosts) };
    },
  );

  app.post<{ Body: JoinBlockBodyRequest }>(
    '/join-block/remove',
    routeOptions(BODY_REQUEST_SCHEMA),
    async (request): Promise<JoinBlockEditResponse> => {
      callerOf(request);
      const { body, bodyType, joinLinkHosts } = request.body;
      return { body: bodyWithoutJoinBlock(body, bodyType, joinLinkHosts) };
    },
  );
}
