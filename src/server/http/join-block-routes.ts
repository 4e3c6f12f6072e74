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
 * work is linear in the body: up to a few seconds for 8 MiB, on the event loop.
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
import { callerOf } from './caller';

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

export async function joinBlockRoutes(app: FastifyInstance): Promise<void> {
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
