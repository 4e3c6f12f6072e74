/**
 * The admin page's sessions as the server holds them: a session is good only while its record is
 * in the database (shared by every replica) and the cookie that names it is intact. So:
 *
 * - signing out deletes the record: a copy of the cookie taken before is refused afterwards;
 * - the admin role that opened the session is looked up again once it was last seen more than
 *   five minutes ago (admin-role-check.ts). Lost, the session ends (admin_role_required); when
 *   Microsoft will not renew the sign-in at all, it ends too (sign in again); when Microsoft cannot
 *   be reached, the request is refused (microsoft_unavailable) but the session stays, to be
 *   checked at the next request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store';
import { AdminError } from './admin-error';
import type { AdminRoleCheck } from './admin-role-check';
import {
  clearCookie,
  newAdminSession,
  readAdminSessionCookie,
  SESSION_COOKIE,
  SESSION_LIFETIME_MS,
  writeAdminSession,
  type AdminSession,
  type SessionCookies,
} from './admin-session';

/** The longest an admin session goes without its role being looked up again. */
export const ROLE_CHECK_INTERVAL_MS = 5 * 60_000;

export interface AdminSessionContext extends SessionCookies {
  store: Pick<Store, 'adminSessions'>;
  clock: () => Date;
  checkAdminRole: AdminRoleCheck;
}

/** Opens a session for an admin whose role the sign-in just showed, and sets its cookie. */
export async function startAdminSession(
  ctx: AdminSessionContext,
  reply: FastifyReply,
  signedIn: { tenantId: string; userId: string; refreshToken: string },
): Promise<void> {
  const now = ctx.clock();
  // Sessions nobody signed out of linger until here; a sign-in is rare enough to sweep them.
  await ctx.store.adminSessions.deleteExpired(now);
  const secret = await ctx.store.adminSessions.create({
    ...signedIn,
    roleCheckedAt: now,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
  });
  writeAdminSession(ctx, reply, newAdminSession(secret, signedIn.tenantId, signedIn.userId));
}

/**
 * The request's admin session when it is still good; undefined when there is none or it has ended
 * (its cookie is then cleared). Throws AdminError admin_role_required when the role was found lost
 * just now (the session is ended), microsoft_unavailable when it could not be looked up.
 */
export async function currentAdminSession(
  ctx: AdminSessionContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<AdminSession | undefined> {
  const session = readAdminSessionCookie(ctx, request);
  if (!session) return undefined;
  const now = ctx.clock();
  const record = await ctx.store.adminSessions.get(session.secret, now);
  if (!record || record.tenantId !== session.tenantId || record.userId !== session.userId) {
    clearCookie(ctx, reply, SESSION_COOKIE);
    return undefined;
  }
  if (now.getTime() - record.roleCheckedAt.getTime() < ROLE_CHECK_INTERVAL_MS) return session;

  const checked = await ctx.checkAdminRole(record);
  if (checked.outcome === 'holds_role') {
    await ctx.store.adminSessions.markRoleChecked(session.secret, now);
    return session;
  }
  await ctx.store.adminSessions.end(session.secret);
  clearCookie(ctx, reply, SESSION_COOKIE);
  if (checked.outcome === 'role_lost') {
    request.log.info({ code: 'admin_role_lost', tenantId: record.tenantId }, 'admin session ended: the admin role was taken away');
    throw new AdminError('admin_role_required', 'This account no longer holds a role that may authorize apps for its organization.');
  }
  request.log.info(
    { code: 'admin_session_renewal_refused', reason: checked.reason, tenantId: record.tenantId },
    'admin session ended: Microsoft would not renew the sign-in',
  );
  return undefined;
}

/** Ends the session the cookie names, on the server and in the browser. */
export async function endAdminSession(ctx: AdminSessionContext, reply: FastifyReply, session: AdminSession): Promise<void> {
  await ctx.store.adminSessions.end(session.secret);
  clearCookie(ctx, reply, SESSION_COOKIE);
}
