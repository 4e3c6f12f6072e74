/**
 * What the tab needs from the app hosting it. Microsoft Teams provides it through
 * @microsoft/teams-js (teams-js-host.ts, the only code that calls teams-js); the Teams dev host
 * (src/emulators/teams/) provides a stand-in of its own (dev-host-bridge.ts adapts it). Components
 * get a TeamsHost as a prop and never touch either.
 *
 * The context is a hint about who and where the user is, never proof (Microsoft's guidance: a page
 * impersonating Teams can say anything): the backend trusts only the SSO token.
 */

/** Teams' themes: "default" (light), "dark" and "contrast". */
export type HostTheme = 'default' | 'dark' | 'contrast';

export interface TabContext {
  /** Who is hosting: Teams (web, desktop, mobile) or the local dev host. */
  hostName: string;
  tenantId: string;
  userObjectId: string;
  /** The user's sign-in name, for the consent page's account picker. */
  loginHint?: string;
  /** e.g. "en-us", "de-de". */
  locale: string;
  theme: HostTheme;
  /** Set when the tab is in a chat (one-on-one or group). */
  chatId?: string;
  /** Set when the tab is in a channel: the team's Graph id and the channel's id. */
  channel?: { teamId: string; channelId: string; displayName?: string };
}

export type HostErrorCode =
  /** Not inside Teams (or the dev host): the page was opened by itself. */
  | 'not_in_host'
  /** Teams could not give an SSO token (consent for the tab's own API, or the user is not signed in). */
  | 'sso_failed'
  /** The user closed the authorization popup. */
  | 'authentication_cancelled'
  /** The authorization popup reported a failure (the user declined, or an admin is needed). */
  | 'authentication_failed';

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    /** What the host reported (e.g. the identity platform's error), for display only. */
    readonly reason?: string,
  ) {
    super(reason ? `${code}: ${reason}` : code);
    this.name = 'HostError';
  }
}

export interface TeamsHost {
  getContext(): Promise<TabContext>;
  /** A token for the backend's API (access_as_user) for the signed-in user. */
  getSsoToken(options?: { forceRefresh?: boolean }): Promise<string>;
  /** Opens `url` in the host's authentication popup; resolves when the popup reports success. Rejects with HostError. */
  authenticate(url: string): Promise<void>;
  /** Hands a call URI (webextel:, sip:, tel:) to the operating system. */
  openExternal(uri: string): void;
  onThemeChange(handler: (theme: HostTheme) => void): void;
  /** Tells the host the tab has rendered (Teams hides its loading indicator). */
  notifyLoaded(): void;
}

/** The popup's side of authenticate(): the page the identity platform redirects back to reports through this. */
export interface AuthPopupHost {
  notifySuccess(): void;
  notifyFailure(reason: string): void;
}

export function hostTheme(value: string | undefined): HostTheme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}
