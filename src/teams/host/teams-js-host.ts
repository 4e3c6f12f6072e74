/**
 * TeamsHost on Microsoft Teams, through @microsoft/teams-js (v2, promise-based). The only module
 * of the tab that imports teams-js: every failure it reports leaves here as a HostError with a code.
 */
import { app, authentication } from '@microsoft/teams-js';
import { HostError, hostTheme, type AuthPopupHost, type TabContext, type TeamsHost } from './teams-host';

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Opens a link outside Teams without leaving the tab: an anchor click works in Teams' frames where window.location would not. */
function launch(uri: string): void {
  const a = document.createElement('a');
  a.href = uri;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Initializes teams-js; rejects with not_in_host when no Teams answers within the timeout. */
export async function initializeTeamsJs(timeoutMs = 5_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      app.initialize(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HostError('not_in_host', 'Microsoft Teams did not answer')), timeoutMs);
      }),
    ]);
  } catch (e) {
    throw e instanceof HostError ? e : new HostError('not_in_host', reason(e));
  } finally {
    clearTimeout(timer);
  }
}

export function createTeamsJsHost(): TeamsHost {
  return {
    async getContext(): Promise<TabContext> {
      const c = await app.getContext();
      const teamId = c.team?.groupId;
      return {
        hostName: `teams:${c.app.host.name}`,
        tenantId: c.user?.tenant?.id ?? '',
        userObjectId: c.user?.id ?? '',
        loginHint: c.user?.loginHint,
        locale: c.app.locale,
        theme: hostTheme(c.app.theme),
        chatId: c.chat?.id,
        channel: c.channel?.id && teamId ? { teamId, channelId: c.channel.id, displayName: c.channel.displayName } : undefined,
      };
    },
    async getSsoToken() {
      try {
        // Teams caches the token and renews it before it expires.
        return await authentication.getAuthToken();
      } catch (e) {
        throw new HostError('sso_failed', reason(e));
      }
    },
    async authenticate(url) {
      try {
        await authentication.authenticate({ url, width: 600, height: 640 });
      } catch (e) {
        const r = reason(e);
        throw new HostError(/CancelledByUser/i.test(r) ? 'authentication_cancelled' : 'authentication_failed', r);
      }
    },
    openExternal: launch,
    onThemeChange(handler) {
      app.registerOnThemeChangeHandler((theme) => handler(hostTheme(theme)));
    },
    notifyLoaded() {
      void app.notifySuccess();
    },
  };
}

/** The popup side, inside Teams' authentication window. */
export function createTeamsJsPopupHost(): AuthPopupHost {
  return {
    notifySuccess: () => authentication.notifySuccess(),
    notifyFailure: (why) => authentication.notifyFailure(why),
  };
}
