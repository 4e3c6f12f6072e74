/**
 * The Content-Security-Policy the add-in's pages are served with. Pure, so that the production
 * server and its tests build the same header.
 *
 * What the pages need: their own scripts plus Office.js from Microsoft's CDN; inline styles (Fluent
 * UI's Griffel inserts style rules at run time); calls to the backend and to the identity platform
 * (MSAL's token requests); the identity platform in frames (MSAL's silent renewal). No
 * frame-ancestors: Outlook frames the task pane from origins that differ by client and cloud, and a
 * wrong list would blank the pane.
 */
export interface AddinCspOrigins {
  /** Where the backend API is reached (PUBLIC_BASE_URL / API_BASE_URL). */
  apiBaseUrl: string;
  /** The Microsoft identity platform (MS_AUTHORITY_HOST). */
  authorityHost: string;
}

export const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

export function addinContentSecurityPolicy({ apiBaseUrl, authorityHost }: AddinCspOrigins): string {
  const api = new URL(apiBaseUrl).origin;
  const authority = new URL(authorityHost).origin;
  const list = (...sources: string[]) => [...new Set(sources)].join(' ');
  return [
    `default-src 'self'`,
    `script-src ${list("'self'", OFFICE_JS_ORIGIN)}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: https:`,
    `font-src 'self' data:`,
    `connect-src ${list("'self'", api, authority, OFFICE_JS_ORIGIN)}`,
    `frame-src ${list("'self'", authority)}`,
    `form-action ${list("'self'", authority)}`,
    `object-src 'none'`,
    `base-uri 'self'`,
  ].join('; ');
}
