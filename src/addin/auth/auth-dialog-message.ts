/**
 * What the sign-in dialog (auth-dialog.html) tells the page that opened it, through
 * Office.context.ui.messageParent: a token for the backend, or why there is none.
 */
export const AUTH_MESSAGE_TYPE = 'webex-scheduler-auth';

export type AuthDialogMessage =
  | { type: typeof AUTH_MESSAGE_TYPE; status: 'success'; accessToken: string; expiresOn: number }
  | { type: typeof AUTH_MESSAGE_TYPE; status: 'failure'; code: 'sign_in_cancelled' | 'sign_in_failed'; reason?: string };

export function parseAuthDialogMessage(message: string): AuthDialogMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(message);
  } catch {
    return undefined;
  }
  const m = data as Record<string, unknown> | null;
  if (!m || m.type !== AUTH_MESSAGE_TYPE) return undefined;
  if (m.status === 'success' && typeof m.accessToken === 'string' && m.accessToken !== '' && typeof m.expiresOn === 'number') {
    return { type: AUTH_MESSAGE_TYPE, status: 'success', accessToken: m.accessToken, expiresOn: m.expiresOn };
  }
  if (m.status === 'failure') {
    return { type: AUTH_MESSAGE_TYPE, status: 'failure', code: m.code === 'sign_in_cancelled' ? 'sign_in_cancelled' : 'sign_in_failed', ...(typeof m.reason === 'string' ? { reason: m.reason } : {}) };
  }
  return undefined;
}
