/**
 * Sign-in for the launch-event handlers: Office's own single sign-on (src/addin/office/office-sso.ts),
 * silent only. Office caches and renews the token itself, so nothing is kept here. Every failure is
 * `sign_in_required` (the info bar then says to open the pane, where the user can sign in), with
 * Office's error code as the reason.
 */
import { officeSsoToken } from '../office/office-sso';
import { AuthError } from './auth-error';
import type { TokenProvider } from './token-provider';

export function createOfficeSsoTokenProvider(getToken: () => Promise<string> = officeSsoToken): TokenProvider {
  return {
    async getToken() {
      try {
        return await getToken();
      } catch (thrown) {
        const officeCode = (thrown as { officeCode?: unknown } | null)?.officeCode;
        const code = (thrown as { code?: unknown } | null)?.code;
        throw new AuthError(
          'sign_in_required',
          'Office single sign-on gave no token.',
          typeof officeCode === 'number' ? String(officeCode) : typeof code === 'string' ? code : undefined,
        );
      }
    },
  };
}
