/**
 * Which Fluent theme follows Office's: high contrast when the system forces colors (Windows
 * contrast themes) or Office reports a contrast palette, dark when Office's body background is
 * dark (Outlook supports neither isDarkTheme nor themeId, so the colors decide), light otherwise.
 *
 * The light theme is in the pane's first chunks; the dark and high-contrast ones come in a chunk of
 * their own (pane-themes), loaded before the first paint of a pane that needs one: most panes are
 * light, and Fluent builds those two themes' tokens when their module loads.
 */
import { webLightTheme, type Theme } from '@fluentui/react-components';
import type { OfficeThemeColors } from '../office/office-context';

export type ThemeKind = 'light' | 'dark' | 'highContrast';

// The foregrounds of Windows' contrast themes (yellow, cyan, lime text on black).
const CONTRAST_FOREGROUNDS = ['#ffff00', '#00ffff', '#00ff00', '#3ff23f'];

function luminance(hex: string): number | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return undefined;
  const channel = (h: string) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(m[1] as string) + 0.7152 * channel(m[2] as string) + 0.0722 * channel(m[3] as string);
}

export function themeKindFor(theme: OfficeThemeColors | undefined, forcedColors: boolean): ThemeKind {
  if (forcedColors) return 'highContrast';
  if (!theme) return 'light';
  if (CONTRAST_FOREGROUNDS.includes(theme.bodyForegroundColor.trim().toLowerCase())) return 'highContrast';
  const background = luminance(theme.bodyBackgroundColor);
  return background !== undefined && background < 0.2 ? 'dark' : 'light';
}

const themes: Partial<Record<ThemeKind, Theme>> = { light: webLightTheme };

/** The Fluent theme of `kind` if it is at hand: the light one always, the others once loadTheme() has loaded them. */
export function loadedTheme(kind: ThemeKind): Theme | undefined {
  return themes[kind];
}

/** The Fluent theme of `kind`, loading the dark and high-contrast ones' chunk if need be (rejects if it does not arrive). */
export async function loadTheme(kind: ThemeKind): Promise<Theme> {
  const loaded = themes[kind];
  if (loaded) return loaded;
  const { teamsHighContrastTheme, webDarkTheme } = await import(/* webpackChunkName: "pane-themes" */ './pane-themes');
  themes.dark = webDarkTheme;
  themes.highContrast = teamsHighContrastTheme;
  return themes[kind] as Theme;
}
