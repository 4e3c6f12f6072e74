/** Fluent UI's provider in Teams' current theme (following it when the user switches), and the tab's strings. */
import { FluentProvider } from '@fluentui/react-components';
import type { i18n } from 'i18next';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { HostTheme, TeamsHost } from '../host/teams-host';
import { fluentTheme } from '../theme/tab-theme';

export interface TabRootProps {
  host: Pick<TeamsHost, 'onThemeChange'>;
  theme: HostTheme;
  i18n: i18n;
  children: ReactNode;
}

export function TabRoot({ host, theme: initial, i18n, children }: TabRootProps) {
  const [theme, setTheme] = useState<HostTheme>(initial);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  return (
    <I18nextProvider i18n={i18n}>
      <FluentProvider theme={fluentTheme(theme)} data-theme={theme} style={{ minHeight: '100vh' }}>
        {children}
      </FluentProvider>
    </I18nextProvider>
  );
}
