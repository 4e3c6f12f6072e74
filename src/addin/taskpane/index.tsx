/**
 * The task pane's entry point: once Office.js is ready, wires the services to Outlook and the
 * backend and renders the App inside a FluentProvider whose theme follows Office's. What the first
 * view does not need is loaded later: MSAL (create-token-provider.ts), the flows
 * (create-pane-services.ts) and the messages of locales other than en-US (load-locale-messages.ts).
 */
import { FluentProvider, webLightTheme, type Theme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { PaneI18nProvider } from '../i18n/pane-i18n';
import { createApiClient } from '../api/api-client';
import { createTokenProvider } from '../auth/create-token-provider';
import { addinConfig } from '../config/addin-config';
import { resolveLocale } from '../i18n/locale';
import { loadLocaleMessages } from '../i18n/load-locale-messages';
import { createAppointmentItem } from '../office/appointment-item';
import { loadCustomProperties } from '../office/custom-properties';
import { displayLanguage, officeTheme, onOfficeThemeChanged, userTimeZone, whenOfficeReady } from '../office/office-context';
import { roamingSettings } from '../office/roaming-settings';
import { currentCalendarOwner, currentSharedItem } from '../office/shared-properties';
import { App } from './app';
import { createPaneI18n } from './create-pane-i18n';
import { createPaneServices } from './create-pane-services';
import { loadedTheme, loadTheme, themeKindFor, type ThemeKind } from './pane-theme';

/** A Web Storage area, or undefined where the browser refuses access to it (privacy settings throw on access). */
function storage(name: 'sessionStorage' | 'localStorage'): Storage | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  await whenOfficeReady();
  const config = addinConfig();
  const messages = loadLocaleMessages(resolveLocale(displayLanguage()));
  const tokens = createTokenProvider(config, {
    allowDialog: true,
    loadMsal: () => import('@azure/msal-browser'),
    pane: { session: storage('sessionStorage'), local: storage('localStorage') },
  });
  // In a calendar someone delegated to the user, the meeting is made for its owner.
  const api = createApiClient({ baseUrl: config.apiBaseUrl, tokens, calendarOwner: currentCalendarOwner });
  const services = createPaneServices({
    flow: {
      item: createAppointmentItem(),
      loadCustomProperties: () => loadCustomProperties(),
      api,
      locale: displayLanguage(),
      timeZone: userTimeZone(),
      joinLinkHosts: config.joinLinkHosts,
    },
    api,
    tokens,
    roaming: roamingSettings(),
    sharedItem: currentSharedItem,
  });
  const { locale, messages: strings } = await messages;
  const i18n = createPaneI18n(locale, strings);
  document.documentElement.lang = i18n.language;

  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root element.');
  const root = createRoot(container);
  const forcedColors = window.matchMedia?.('(forced-colors: active)');
  const paint = (kind: ThemeKind, theme: Theme) =>
    root.render(
      <FluentProvider theme={theme} data-theme={kind}>
        <PaneI18nProvider i18n={i18n}>
          <App services={services} />
        </PaneI18nProvider>
      </FluentProvider>,
    );
  const render = (): void => {
    const kind = themeKindFor(officeTheme(), forcedColors?.matches === true);
    const theme = loadedTheme(kind);
    if (theme) return paint(kind, theme);
    // A dark or high-contrast pane waits for its theme's chunk; should it not arrive, the pane still works, in light.
    loadTheme(kind).then(render, () => paint(kind, webLightTheme));
  };
  render();
  forcedColors?.addEventListener?.('change', render);
  await onOfficeThemeChanged(render).catch(() => undefined);
}

main().catch((thrown: unknown) => {
  // Only a broken deployment gets here (no config, no #root): say so in plain words, never a stack.
  const code = (thrown as { code?: unknown } | null)?.code;
  const status = document.getElementById('root');
  if (status)
    status.textContent = `The Webex Scheduler add-in could not start (${typeof code === 'string' ? code : 'startup_failed'}). Contact your administrator.`;
});
