/**
 * The location text with the join link added or taken out. Outlook joins several locations with
 * "; ", so the link is one such entry: the user's own entries (a room, an address) stay as typed.
 */

function entries(location: string): string[] {
  return location
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

export function locationWithLink(location: string, link: string): string {
  const current = entries(location);
  if (current.includes(link)) return location;
  return [...current, link].join('; ');
}

/** Removes the entries `isLink` accepts; the location is returned unchanged when there are none. */
export function locationWithoutLinks(location: string, isLink: (entry: string) => boolean): string {
  const current = entries(location);
  const kept = current.filter((e) => !isLink(e));
  return kept.length === current.length ? location : kept.join('; ');
}
