/**
 * Page cursors of the tab's lists. Graph's paging page says to follow `@odata.nextLink` as it is
 * given: its query ($skip, $skiptoken, …) is Graph's business, and a client that builds its own
 * next request ends a $skiptoken list at its first page. So the cursor handed to the tab is the
 * link itself, base64url-encoded, and the next page is a GET of that link.
 *
 * The link travels through the tab and back, and the user's token goes with the request made of
 * it: so a link is used only if it names the configured Graph (its origin, under its base path, no
 * credentials or fragment) and the collection it was given for. Pure.
 */

/** A link is under `graphBaseUrl` and its path there (e.g. "/v1.0/me/contacts") matches `collection`. */
export function isGraphLink(link: string, graphBaseUrl: string, collection: RegExp): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  const base = new URL(graphBaseUrl);
  if (url.origin !== base.origin || url.username !== '' || url.password !== '' || url.hash !== '') return false;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(`${basePath}/`)) return false;
  return collection.test(url.pathname.slice(basePath.length));
}

/** The cursor for a next link. */
export function cursorOfLink(link: string): string {
  return Buffer.from(link, 'utf8').toString('base64url');
}

/** The next link a cursor carries, if it is one for `collection` under `graphBaseUrl`. */
export function linkOfCursor(cursor: string, graphBaseUrl: string, collection: RegExp): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const link = Buffer.from(cursor, 'base64url').toString('utf8');
  return isGraphLink(link, graphBaseUrl, collection) ? link : undefined;
}
