/**
 * The Call tab's entry point: finds its host (Teams, or the local dev host), reads the context,
 * and renders the tab in the user's language and Teams' theme. The backend's address is the one
 * the build configured (config/teams-tab-config.ts), never one from the page's URL: the tab sends
 * the user's SSO token there.
 */
import { createRoot } from 'react-dom/client';
import { createTeamsApi } from './api/teams-api';
import { teamsTabConfig } from './config/teams-tab-config';
import { detectHost } from './host/detect-host';
import { HostError } from './host/teams-host';
import { createTabI18n } from './i18n/tab-i18n';
import { CallTab } from './ui/call-tab';
import { PhotoContext, photoCache } from './ui/person-avatar';
import { TabRoot } from './ui/tab-root';

function showFatal(message: string): void {
  const root = document.getElementById('root');
  if (root) root.textContent = message;
}

async function main(): Promise<void> {
  const { apiBaseUrl } = teamsTabConfig();
  const host = await detectHost();
  const context = await host.getContext();
  const api = createTeamsApi({ baseUrl: apiBaseUrl, host });
  const i18n = createTabI18n(context.locale);
  document.documentElement.lang = i18n.language;
  const container = document.getElementById('root');
  if (!container) throw new Error('the page has no #root');
  createRoot(container).render(
    <TabRoot host={host} theme={context.theme} i18n={i18n}>
      <PhotoContext.Provider value={photoCache((id) => api.photo(id))}>
        <CallTab host={host} api={api} context={context} />
      </PhotoContext.Provider>
    </TabRoot>,
  );
  host.notifyLoaded();
}

main().catch((e: unknown) => {
  const notInHost = e instanceof HostError && e.code === 'not_in_host';
  const i18n = createTabI18n(navigator.language);
  showFatal(notInHost ? i18n.t('error.notInHost') : i18n.t('error.generic', { code: e instanceof Error ? e.name : 'unknown' }));
});
