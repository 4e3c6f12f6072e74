/**
 * The admin page's session and the browser flows' state, as sealed cookies (sealed-cookies.ts):
 * - the session: its secret (the key to its record on the server, admin-sessions.ts: a cookie is
 *   worth nothing once that record is gone), which tenant's admin is signed in, and the
 *   anti-forgery token its forms carry; it lasts an hour and is never extended (admins sign in again);
 * - a flow: the `state` (and PKCE verifier) of a sign-in or consent the browser was sent to
 *   Microsoft with, good for ten minutes and for one answer.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieJar, CookieSealer } from './sealed-cookies';

export const SESSION_COOKIE = 'wso_admin';
export const FLOW_COOKIE = 'wso_auth_flow';
export const SESSION_LIFETIME_MS = 60 * 60_000;
export const FLOW_LIFETIME_MS = 10 * 60_000;

export interface AdminSession {
  /** Found on the server by its hash; never logged. */
  secret: string;
  tenantId: string;
  userId: string;
  /** Anti-forgery token: forms and JSON calls that change something must send it back. */
  csrf: string;
}

export interface BrowserFlow {
  purpose: 'admin-sign-in' | 'admin-consent';
  state: string;
  codeVerifier?: string;
}

export interface SessionCookies {
  sealer: CookieSealer;
  jar: CookieJar;
}

export function newAdminSession(secret: string, tenantId: string, userId: string): AdminSession {
  return { secret, tenantId, userId, csrf: randomBytes(24).toString('base64url') };
}

/**
 * The session the cookie names, unchecked: it may have ended on the server since. Only what needs
 * no more than the cookie (signing out) uses it; everything else asks currentAdminSession.
 */
export function readAdminSessionCookie(c: SessionCookies, request: FastifyRequest): AdminSession | undefined {
  const session = c.sealer.open<Partial<AdminSession>>(SESSION_COOKIE, c.jar.read(request.headers.cookie, SESSION_COOKIE));
  // A cookie sealed before sessions had a secret names no record: as good as none.
  return session &&
    typeof session.secret === 'string' &&
    typeof session.tenantId === 'string' &&
    typeof session.userId === 'string' &&
    typeof session.csrf === 'string'
    ? (session as AdminSession)
    : undefined;
}

export function readBrowserFlow(c: SessionCookies, request: FastifyRequest): BrowserFlow | undefined {
  return c.sealer.open<BrowserFlow>(FLOW_COOKIE, c.jar.read(request.headers.cookie, FLOW_COOKIE));
}

/** Adds a Set-Cookie header (several may be set on one answer). */
export function setCookie(reply: FastifyReply, value: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  void reply.header('set-cookie', [...list, value]);
}

export function writeAdminSession(c: SessionCookies, reply: FastifyReply, session: AdminSession): void {
  setCookie(reply, c.jar.write(SESSION_COOKIE, c.sealer.seal(SESSION_COOKIE, session, SESSION_LIFETIME_MS), SESSION_LIFETIME_MS / 1000));
}

export function writeBrowserFlow(c: SessionCookies, reply: FastifyReply, flow: BrowserFlow): void {
  setCookie(reply, c.jar.write(FLOW_COOKIE, c.sealer.seal(FLOW_COOKIE, flow, FLOW_LIFETIME_MS), FLOW_LIFETIME_MS / 1000));
}

export function clearCookie(c: SessionCookies, reply: FastifyReply, base: string): void {
  setCookie(reply, c.jar.write(base, '', 0));
}
