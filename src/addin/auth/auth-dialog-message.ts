/**
 * What the sign-in dialog (auth-dialog.html) tells the page that opened it, through
 * Office.context.ui.messageParent: a token for the backend, or why there is none.
 */
import type { AccountIdentity } from './office-user';

export const AUTH_MESSAGE_TYPE = 'webex-scheduler-auth';

/** The query parameter of auth-dialog.html naming the user to sign in (Office's user). */
export const LOGIN_HINT_PARAM = 'loginHint';

export type AuthDialogMessage =
  /** `account`: whom the token was issued to (MSAL's account), which the pane checks against Office's user. */
  | { type: typeof AUTH_MESSAGE_TYPE; status: 'success'; accessToken: string; expiresOn: number; account?: AccountIdentity }
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
    const account = accountIn(m.account);
    return {
      type: AUTH_MESSAGE_TYPE,
      status: 'success',
      accessToken: m.accessToken,
      expiresOn: m.expiresOn,
      ...(account ? { account } : {}),
    };
  }
  if (m.status === 'failure') {
    return {
      type: AUTH_MESSAGE_TYPE,
      status: 'failure',
      code: m.code === 'sign_in_cancelled' ? 'sign_in_cancelled' : 'sign_in_failed',
      ...(typeof m.reason === 'string' ? { reason: m.reason } : {}),
    };
  }
  return undefined;
}

function accountIn(value: unknown): AccountIdentity | undefined {
  const a = value as Record<string, unknown> | null | undefined;
  if (!a || typeof a !== 'object' || typeof a.username !== 'string' || a.username === '') return undefined;
  return {
    username: a.username,
    ...(typeof a.tenantId === 'string' && a.tenantId !== '' ? { tenantId: a.tenantId } : {}),
    ...(typeof a.localAccountId === 'string' && a.localAccountId !== '' ? { localAccountId: a.localAccountId } : {}),
    ...(typeof a.email === 'string' && a.email !== '' ? { email: a.email } : {}),
  };
}
