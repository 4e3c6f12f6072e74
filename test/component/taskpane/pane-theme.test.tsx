import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { loadedTheme, loadTheme, themeKindFor } from '../../../src/addin/taskpane/pane-theme';

const colors = (body: string, text: string) => ({
  bodyBackgroundColor: body,
  bodyForegroundColor: text,
  controlBackgroundColor: body,
  controlForegroundColor: text,
});

describe('the pane theme', () => {
  it('is light for Office’s light themes and where Office shares no theme', () => {
    expect(themeKindFor(colors('#FFFFFF', '#262626'), false)).toBe('light');
    expect(themeKindFor(colors('#E6E6E6', '#262626'), false)).toBe('light');
    expect(themeKindFor(undefined, false)).toBe('light');
  });

  it('is dark for Office’s dark gray and black themes', () => {
    expect(themeKindFor(colors('#262626', '#FFFFFF'), false)).toBe('dark');
    expect(themeKindFor(colors('#000000', '#FFFFFF'), false)).toBe('dark');
  });

  it('is high contrast when the system forces colors or Office reports a contrast palette', () => {
    expect(themeKindFor(colors('#FFFFFF', '#000000'), true)).toBe('highContrast');
    expect(themeKindFor(colors('#000000', '#FFFF00'), false)).toBe('highContrast');
  });

  it('maps each kind to its Fluent theme: light at hand, dark and high contrast once loaded', async () => {
    expect(loadedTheme('light')).toBe(webLightTheme);
    expect(loadedTheme('dark')).toBeUndefined();
    expect(loadedTheme('highContrast')).toBeUndefined();
    await expect(loadTheme('light')).resolves.toBe(webLightTheme);
    await expect(loadTheme('dark')).resolves.toBe(webDarkTheme);
    expect(loadedTheme('highContrast')).toBe(teamsHighContrastTheme);
    await expect(loadTheme('highContrast')).resolves.toBe(teamsHighContrastTheme);
  });
});
