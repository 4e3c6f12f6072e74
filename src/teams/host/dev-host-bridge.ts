/**
 * TeamsHost on the local Teams dev host (src/emulators/teams/): the dev host page frames the tab
 * and publishes a stand-in for Teams as `window.webexTeamsDevHost`; the authorization popup it
 * opens finds the same object on `window.opener`. Emulators share no code with the product, so the
 * stand-in's shape is a contract checked here, at run time, function by function:
 *
 *   webexTeamsDevHost = {
 *     version: 1,
 *     getContext(): Promise<{ hostName, tenantId, userObjectId, loginHint?, locale, theme, chatId?, channel? }>,
 *     getSsoToken(options?): Promise<string>,
 *     authenticate(url): Promise<{ ok: boolean, reason?: string }>,
 *     openExternal(uri): void,
 *     onThemeChange(handler): void,
 *     notifyLoaded(): void,
 *     completeAuthentication(result: { ok: boolean, reason?: string }): void,   // called by the popup
 *   }
 */
import { HostError, hostTheme, type AuthPopupHost, type TabContext, type TeamsHost } from './teams-host';

export const DEV_HOST_GLOBAL = 'webexTeamsDevHost';

interface DevHostStandIn {
  version: number;
  getContext(): Promise<object>;
  getSsoToken(options?: { forceRefresh?: boolean }): Promise<string>;
  authenticate(url: string): Promise<{ ok: boolean; reason?: string }>;
  openExternal(uri: string): void;
  onThemeChange(handler: (theme: string) => void): void;
  notifyLoaded(): void;
  completeAuthentication(result: { ok: boolean; reason?: string }): void;
}

const METHODS = [
  'getContext',
  'getSsoToken',
  'authenticate',
  'openExternal',
  'onThemeChange',
  'notifyLoaded',
  'completeAuthentication',
] as const;

function standInOf(w: Window | null | undefined): DevHostStandIn | undefined {
  try {
    const candidate = w ? (w as unknown as Record<string, unknown>)[DEV_HOST_GLOBAL] : undefined;
    if (typeof candidate !== 'object' || candidate === null) return undefined;
    const c = candidate as Record<string, unknown>;
    return c.version === 1 && METHODS.every((m) => typeof c[m] === 'function') ? (candidate as DevHostStandIn) : undefined;
  } catch {
    // Another origin's window (Teams itself): reading it throws, and it is not the dev host.
    return undefined;
  }
}

/** The dev host's stand-in when the tab runs in its frame, else undefined. */
export function findDevHost(w: Window = window): DevHostStandIn | undefined {
  return w.parent !== w ? standInOf(w.parent) : undefined;
}

/** The dev host's stand-in when this window is its authorization popup, else undefined. */
export function findDevHostOpener(w: Window = window): DevHostStandIn | undefined {
  return standInOf(w.opener as Window | null);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function createDevHostBridge(standIn: DevHostStandIn): TeamsHost {
  return {
    async getContext(): Promise<TabContext> {
      const c = (await standIn.getContext()) as Record<string, unknown>;
      const channel = c.channel as Record<string, unknown> | undefined;
      const teamId = str(channel?.teamId);
      const channelId = str(channel?.channelId);
      return {
        hostName: str(c.hostName) ?? 'devhost',
        tenantId: str(c.tenantId) ?? '',
        userObjectId: str(c.userObjectId) ?? '',
        loginHint: str(c.loginHint),
        locale: str(c.locale) ?? 'en-us',
        theme: hostTheme(str(c.theme)),
        chatId: str(c.chatId),
        channel: teamId && channelId ? { teamId, channelId, displayName: str(channel?.displayName) } : undefined,
      };
    },
    async getSsoToken(options) {
      try {
        return await standIn.getSsoToken(options);
      } catch (e) {
        throw new HostError('sso_failed', e instanceof Error ? e.message : String(e));
      }
    },
    async authenticate(url) {
      const result = await standIn.authenticate(url);
      if (!result.ok)
        throw new HostError(result.reason === 'CancelledByUser' ? 'authentication_cancelled' : 'authentication_failed', result.reason);
    },
    openExternal: (uri) => standIn.openExternal(uri),
    onThemeChange: (handler) => standIn.onThemeChange((theme) => handler(hostTheme(theme))),
    notifyLoaded: () => standIn.notifyLoaded(),
  };
}

export function createDevHostPopupBridge(standIn: DevHostStandIn): AuthPopupHost {
  return {
    notifySuccess: () => standIn.completeAuthentication({ ok: true }),
    notifyFailure: (reason) => standIn.completeAuthentication({ ok: false, reason }),
  };
}
