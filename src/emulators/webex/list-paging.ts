/**
 * Paging of Webex's list endpoints (GET /meetings, GET /meetingInvitees): `max` items a page
 * (10 unless asked, 100 at most), and a `Link: <...>; rel="next"` header while more follow, whose
 * opaque cursor is the next page's offset.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from './webex-error';

const LIST_MAX_DEFAULT = 10;
const LIST_MAX = 100;

export interface PageRequest {
  max: number;
  offset: number;
}

/** `max` and `cursor` of a list request; a bad one is refused with `<resource>.query.max` or `.cursor`. */
export function readPageRequest(query: { max?: string; cursor?: string }, resource: string): PageRequest {
  let max = LIST_MAX_DEFAULT;
  if (query.max !== undefined) {
    max = Number(query.max);
    if (!Number.isInteger(max) || max < 1 || max > LIST_MAX)
      throw badRequest(`${resource}.query.max`, `max must be a whole number from 1 to ${LIST_MAX}.`);
  }
  const offset = query.cursor !== undefined ? Number(Buffer.from(query.cursor, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw badRequest(`${resource}.query.cursor`, 'The page cursor is invalid.');
  return { max, offset };
}

/** Sends the requested page of `items`, with a Link to the next page while more follow. */
export function sendPage<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  query: Record<string, string | undefined>,
  page: PageRequest,
  items: readonly T[],
): FastifyReply {
  const { max, offset } = page;
  if (offset + max < items.length) {
    const base = `${req.protocol}://${req.headers.host ?? 'localhost'}${req.url.split('?')[0]}`;
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'cursor'));
    params.set('cursor', Buffer.from(String(offset + max)).toString('base64url'));
    reply.header('Link', `<${base}?${params.toString()}>; rel="next"`);
  }
  return reply.send({ items: items.slice(offset, offset + max) });
}
