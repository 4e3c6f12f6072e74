/**
 * Sends an authorization response back to the app: in the query string or the fragment (302),
 * or as an auto-submitting form (response_mode=form_post).
 * https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
import type { FastifyReply } from 'fastify';
import type { AadstsError } from './aadsts-error';
import { aadstsTimestamp } from './aadsts-error';
import { renderFormPost } from './sign-in-page';

export type ResponseMode = 'query' | 'fragment' | 'form_post';

export function redirectUrl(redirectUri: string, mode: 'query' | 'fragment', params: Record<string, string>): string {
  const encoded = new URLSearchParams(params).toString();
  if (!encoded) return redirectUri;
  if (mode === 'fragment') return `${redirectUri.split('#')[0]}#${encoded}`;
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${encoded}`;
}

export function sendRedirectResponse(
  reply: FastifyReply,
  redirectUri: string,
  mode: ResponseMode,
  params: Record<string, string>,
): FastifyReply {
  if (mode === 'form_post')
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderFormPost(redirectUri, params));
  return reply.header('cache-control', 'no-store').redirect(redirectUrl(redirectUri, mode, params), 302);
}

/** The error parameters of an authorization response, with the AADSTS code in the description. */
export function errorParams(
  err: AadstsError,
  traceId: string,
  correlationId: string,
  now: Date,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    error: err.error,
    error_description: `${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${aadstsTimestamp(now)}`,
    ...(err.suberror ? { error_subcode: err.suberror } : {}),
  };
}
