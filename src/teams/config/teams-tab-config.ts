/**
 * The Teams tab's deployment settings: where the backend is. The build injects them (webpack.config.js,
 * DefinePlugin `__TEAMS_TAB_CONFIG__`, the same backend as the add-in's `apiBaseUrl`), as it does the
 * add-in's (src/addin/config/addin-config.ts).
 *
 * Nothing here comes from the page's URL: the tab sends the user's Teams SSO token to this backend,
 * and a link (or a static host that does not send the Content-Security-Policy) must not be able to
 * point it at another site.
 */

export interface TeamsTabConfig {
  /** Where the backend's /api and /teams/consent are, e.g. https://scheduler.example.com. */
  apiBaseUrl: string;
}

export class TeamsTabConfigError extends Error {
  readonly code = 'teams_tab_config_invalid';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TeamsTabConfigError';
  }
}

declare const __TEAMS_TAB_CONFIG__: unknown;

/** Checks a configuration; throws TeamsTabConfigError naming the field at fault. */
export function parseTeamsTabConfig(raw: unknown): TeamsTabConfig {
  if (typeof raw !== 'object' || raw === null) throw new TeamsTabConfigError('config', 'was not injected by the build');
  const value = (raw as Record<string, unknown>).apiBaseUrl;
  if (typeof value !== 'string' || value.trim() === '') throw new TeamsTabConfigError('apiBaseUrl', 'is missing');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new TeamsTabConfigError('apiBaseUrl', 'is not a URL');
  }
  // The local backend listens on plain http on loopback; anything else gets the token over https only.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) throw new TeamsTabConfigError('apiBaseUrl', 'must be https');
  return { apiBaseUrl: value.trim().replace(/\/+$/, '') };
}

/** The configuration the build injected. */
export function teamsTabConfig(): TeamsTabConfig {
  return parseTeamsTabConfig(typeof __TEAMS_TAB_CONFIG__ === 'undefined' ? undefined : __TEAMS_TAB_CONFIG__);
}
