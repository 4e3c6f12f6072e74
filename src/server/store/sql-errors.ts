/** SQLSTATE codes the repositories react to (same on PGlite and Postgres). */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * SQLSTATEs and driver errors that say the connection to the server was lost or could not be
 * made, not that the statement was wrong: the server shutting down or restarting (57P01–57P03),
 * connection exceptions (class 08), a refused or reset socket, a connection the server closed.
 * A statement that failed so did not commit (the server rolls back an open transaction when its
 * session ends), so running it again on a new connection is safe — but for a socket closed between
 * the commit and its answer, a window of microseconds: the statements run again are the
 * repositories' upserts and the queue's state changes, which the job liveness look-out and the
 * idempotent sync jobs absorb.
 */
const CONNECTION_LOST_STATES = new Set(['57P01', '57P02', '57P03']);
const CONNECTION_LOST_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const CONNECTION_LOST_MESSAGE = /^Connection terminated|^Client has encountered a connection error|^terminating connection/;

export function isConnectionLost(error: unknown): boolean {
  const code = sqlState(error);
  if (code && (CONNECTION_LOST_STATES.has(code) || code.startsWith('08') || CONNECTION_LOST_SOCKET_CODES.has(code))) return true;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && CONNECTION_LOST_MESSAGE.test(message);
}
