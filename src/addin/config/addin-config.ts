/**
 * The add-in's deployment settings: which Entra app it signs in as, where the identity provider and
 * the backend are, and which scope the backend's token needs. The build injects them
 * (webpack.config.js, DefinePlugin `__ADDIN_CONFIG__`, from LOCAL_APP in local mode or from the
 * build's environment for a deployment); the add-in may not read the server's config itself.
 *
 * Nothing here comes from the page's URL: a link that could point the pane at another backend
 * could make it send the user's token there.
 */

export interface AddinConfig {
  /** Application (client) id of the add-in's single-page app registration. */
  clientId: string;
  /** e.g. https://login.microsoftonline.com/organizations, or the identity emulator. */
  authority: string;
  /** Host names MSAL may use without instance discovery. */
  knownAuthorities: string[];
  /** The backend's delegated scope: api://<host>/<backend client id>/access_as_user. */
  apiScope: string;
  /** Where the backend's /api is, e.g. https://scheduler.example.com. */
  apiBaseUrl: string;
  /** Host names accepted as Webex join links besides webex.com. */
  joinLinkHosts: string[];
}

export class AddinConfigError extends Error {
  readonly code = 'addin_config_invalid';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AddinConfigError';
  }
}

declare const __ADDIN_CONFIG__: unknown;

function text(raw: Record<string, unknown>, field: keyof AddinConfig): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.trim() === '') throw new AddinConfigError(field, 'is missing');
  return value.trim();
}

function url(raw: Record<string, unknown>, field: keyof AddinConfig, allowHttpLoopback: boolean): string {
  const value = text(raw, field);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AddinConfigError(field, 'is not a URL');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(allowHttpLoopback && loopback && parsed.protocol === 'http:'))
    throw new AddinConfigError(field, 'must be https');
  return value.replace(/\/+$/, '');
}

function strings(raw: Record<string, unknown>, field: keyof AddinConfig): string[] {
  const value = raw[field] ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new AddinConfigError(field, 'must be a list of names');
  return value as string[];
}

/** Checks a configuration; throws AddinConfigError naming the field at fault. */
export function parseAddinConfig(raw: unknown): AddinConfig {
  if (typeof raw !== 'object' || raw === null) throw new AddinConfigError('config', 'was not injected by the build');
  const r = raw as Record<string, unknown>;
  return {
    clientId: text(r, 'clientId'),
    // MSAL refuses authorities that are not https, so the emulator serves https too.
    authority: url(r, 'authority', false),
    knownAuthorities: strings(r, 'knownAuthorities'),
    apiScope: text(r, 'apiScope'),
    // The local backend listens on plain http on loopback.
    apiBaseUrl: url(r, 'apiBaseUrl', true),
    joinLinkHosts: strings(r, 'joinLinkHosts'),
  };
}

/** The configuration the build injected. */
export function addinConfig(): AddinConfig {
  return parseAddinConfig(typeof __ADDIN_CONFIG__ === 'undefined' ? undefined : __ADDIN_CONFIG__);
}
