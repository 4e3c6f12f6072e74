/**
 * The Content-Security-Policy the add-in's pages are served with. Pure, so that the production
 * server and its tests build the same header.
 *
 * What the pages need: their own scripts (the chunks the task pane loads later, its views, MSAL and
 * locales, included: `script-src 'self'` admits them from the add-in's own origin only) plus
 * Office.js from Microsoft's CDN; inline styles (Fluent
 * UI's Griffel inserts style rules at run time); calls to the backend and to the identity platform
 * (MSAL's token requests); the identity platform in frames (MSAL's silent renewal). The Teams Call
 * tab, served from the same files, also shows directory photos as object URLs (blob:, fetched with
 * the SSO token in src/teams/ui/person-avatar.tsx, as an <img> cannot send it) and lets TeamsJS
 * read Microsoft's current list of Teams host origins (without it, TeamsJS falls back to the list
 * it was built with, which misses hosts added since). No
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

/** Where TeamsJS reads the valid Teams host origins (validDomains.json). */
export const TEAMS_JS_ORIGINS_LIST_ORIGIN = 'https://res.cdn.office.net';

export function addinContentSecurityPolicy({ apiBaseUrl, authorityHost }: AddinCspOrigins): string {
  const api = new URL(apiBaseUrl).origin;
  const authority = new URL(authorityHost).origin;
  const list = (...sources: string[]) => [...new Set(sources)].join(' ');
  return [
    `default-src 'self'`,
    `script-src ${list("'self'", OFFICE_JS_ORIGIN)}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob: https:`,
    `font-src 'self' data:`,
    `connect-src ${list("'self'", api, authority, OFFICE_JS_ORIGIN, TEAMS_JS_ORIGINS_LIST_ORIGIN)}`,
    `frame-src ${list("'self'", authority)}`,
    `form-action ${list("'self'", authority)}`,
    `object-src 'none'`,
    `base-uri 'self'`,
  ].join('; ');
}
