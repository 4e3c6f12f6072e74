/**
 * The Teams dev host's stand-in for Teams, published as `window.webexTeamsDevHost` for the tab in
 * its frame and for the authorization popup it opens. Its shape is the contract the tab's
 * dev-host bridge (src/teams/host/dev-host-bridge.ts) checks: version 1, getContext, getSsoToken,
 * authenticate, openExternal, onThemeChange, notifyLoaded, completeAuthentication. Nothing here is
 * shared with the tab's code: a mismatch must show up as a failure, not be agreed on.
 */

export type Theme = 'default' | 'dark' | 'contrast';

export interface StandInContext {
  hostName: string;
  tenantId: string;
  userObjectId: string;
  loginHint?: string;
  locale: string;
  theme: Theme;
  chatId?: string;
  channel?: { teamId: string; channelId: string; displayName?: string };
}

export interface AuthResult {
  ok: boolean;
  reason?: string;
}

export interface StandInOptions {
  context: () => StandInContext;
  ssoToken: (forceRefresh: boolean) => Promise<string>;
  /** Opens the popup window (window.open); undefined when the browser blocked it. */
  openPopup: (url: string) => Window | null | undefined;
  /** Where launched call URIs go (the dev host shows them instead of leaving the page). */
  onLaunch: (uri: string) => void;
  onLoaded?: () => void;
  /** How often a closed popup is noticed, in ms. */
  pollMs?: number;
}

export interface TeamsStandIn {
  version: 1;
  getContext(): Promise<StandInContext>;
  getSsoToken(options?: { forceRefresh?: boolean }): Promise<string>;
  authenticate(url: string): Promise<AuthResult>;
  openExternal(uri: string): void;
  onThemeChange(handler: (theme: string) => void): void;
  notifyLoaded(): void;
  completeAuthentication(result: AuthResult): void;
  /** Dev host side: tells the tab the theme changed, as Teams does. */
  setTheme(theme: Theme): void;
}

export function createStandIn(options: StandInOptions): TeamsStandIn {
  let themeHandlers: Array<(theme: string) => void> = [];
  let pending: { resolve: (r: AuthResult) => void; popup: Window; timer: ReturnType<typeof setInterval> } | undefined;

  const finish = (result: AuthResult) => {
    if (!pending) return;
    const { resolve, popup, timer } = pending;
    pending = undefined;
    clearInterval(timer);
    try {
      popup.close();
    } catch {
      // Already gone.
    }
    resolve(result);
  };

  return {
    version: 1,
    getContext: async () => options.context(),
    getSsoToken: (o) => options.ssoToken(o?.forceRefresh === true),
    authenticate(url) {
      // Teams allows one authentication window at a time; a second request ends the first.
      finish({ ok: false, reason: 'CancelledByUser' });
      const popup = options.openPopup(url);
      if (!popup) return Promise.resolve({ ok: false, reason: 'PopupBlocked' });
      return new Promise<AuthResult>((resolve) => {
        const timer = setInterval(() => {
          if (popup.closed) finish({ ok: false, reason: 'CancelledByUser' });
        }, options.pollMs ?? 500);
        pending = { resolve, popup, timer };
      });
    },
    openExternal: (uri) => options.onLaunch(uri),
    onThemeChange(handler) {
      themeHandlers = [...themeHandlers, handler];
    },
    notifyLoaded: () => options.onLoaded?.(),
    completeAuthentication: (result) => finish(result),
    setTheme(theme) {
      for (const h of themeHandlers) h(theme);
    },
  };
}
