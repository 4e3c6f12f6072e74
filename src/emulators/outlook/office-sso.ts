/**
 * Office's single sign-on in the Outlook dev host: what `OfficeRuntime.auth.getAccessToken` (and
 * `Office.auth.getAccessToken`) answer an add-in window. Office gets a token for the API the
 * add-in's manifest names in WebApplicationInfo (`Resource`, scope `access_as_user`), for the user
 * signed in to Office, as Office's own client application; the backend pre-authorizes Office's
 * clients (src/emulators/identity/product-registrations.ts). The dev host is "signed in" as its
 * mailbox user and asks the identity emulator with the password grant and Office's client id, as
 * the Teams dev host does for Teams (src/emulators/identity/seeded-sign-in.ts). Failures carry
 * Office's SSO error codes: 13001 (nobody signed in: the user is not one of the identity
 * emulator's), 13005 (the identity platform refused the grant), 13007 (no token for the add-in's
 * web service: no WebApplicationInfo, or the identity platform failed).
 */
import { OFFICE_CLIENT_IDS } from '../identity/product-registrations';
import { loadUsers, requestSsoToken, type DevHostUser } from '../identity/seeded-sign-in';
import { OfficeCallError } from './host-bridge-server';

export interface OfficeSsoOptions {
  identityUrl: string;
  /** The manifest's WebApplicationInfo Resource (an Application ID URI). */
  resource: string | undefined;
  /** The UPN the dev host is signed in as. */
  user: string;
}

const sso = (code: number, message: string) => new OfficeCallError({ code, name: String(code), message });

/** Office caches the token it got and hands it out again until shortly before it expires. */
export function createOfficeSso(options: OfficeSsoOptions): () => Promise<string> {
  let cached: { token: string; expiresAt: number } | undefined;
  let user: Promise<DevHostUser | undefined> | undefined;
  return async () => {
    if (cached && cached.expiresAt - Date.now() > 5 * 60_000) return cached.token;
    if (!options.resource)
      throw sso(13007, 'The add-in manifest has no WebApplicationInfo: Office cannot get a token for its web service.');
    user ??= loadUsers(options.identityUrl).then((users) => users.find((u) => u.upn.toLowerCase() === options.user.toLowerCase()));
    const signedIn = await user.catch(() => undefined);
    if (!signedIn) {
      user = undefined;
      throw sso(13001, 'No one is signed in to Office.');
    }
    try {
      cached = await requestSsoToken(options.identityUrl, signedIn, options.resource, OFFICE_CLIENT_IDS.outlookOnTheWeb);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      throw sso(/invalid_grant|consent_required|interaction_required/.test(message) ? 13005 : 13007, message);
    }
    return cached.token;
  };
}
