/// <reference types="office-js" />
/**
 * Office's own single sign-on: `OfficeRuntime.auth.getAccessToken` (`Office.auth.getAccessToken`
 * where OfficeRuntime is absent). Office signs the user in and gets, for the add-in, a token for
 * the API its manifest names in `WebApplicationInfo` (`Resource`, scope `access_as_user`), issued
 * to Office's own client application. The launch-event handlers use it: it needs no library and no
 * window. The backend accepts Office's client ids (docs/operations.md, "Which applications may call
 * the API").
 */
import { OfficeError } from './office-error';

interface OfficeAuth {
  getAccessToken(options?: { allowSignInPrompt?: boolean; allowConsentPrompt?: boolean; forMSGraphAccess?: boolean }): Promise<string>;
}

function officeAuth(): OfficeAuth | undefined {
  const g = globalThis as { OfficeRuntime?: { auth?: OfficeAuth }; Office?: { auth?: OfficeAuth } };
  const auth = g.OfficeRuntime?.auth ?? g.Office?.auth;
  return auth && typeof auth.getAccessToken === 'function' ? auth : undefined;
}

/**
 * A token from Office's SSO, without any prompt (event-based activation may show none). Rejects with
 * an OfficeError whose `officeCode` is Office's (13001 not signed in, 13002 consent needed or
 * cancelled, 13012 not supported here, ...), or `office_unavailable` where Office has no SSO.
 */
export async function officeSsoToken(): Promise<string> {
  const auth = officeAuth();
  if (!auth) throw new OfficeError('office_unavailable', 'This client offers no Office single sign-on.');
  try {
    return await auth.getAccessToken({ allowSignInPrompt: false, allowConsentPrompt: false, forMSGraphAccess: false });
  } catch (thrown) {
    const error = thrown as { code?: unknown; name?: unknown; message?: unknown } | null;
    const code = typeof error?.code === 'number' ? error.code : Number(error?.code);
    throw new OfficeError(
      typeof error?.name === 'string' && error.name ? error.name : 'office_sso_failed',
      typeof error?.message === 'string' ? error.message : 'Office single sign-on failed.',
      Number.isFinite(code) ? code : undefined,
    );
  }
}
