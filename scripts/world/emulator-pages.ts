/**
 * Reading the emulators' sign-in and consent pages as a browser would: their hidden fields and where
 * their form posts to (the identity emulator's and the Webex emulator's pages, src/emulators/).
 */

/** Text of an emulator's page with its HTML entities decoded. */
export function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden inputs of an emulator's form page, by name. */
export function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescapeHtml(m[1] as string)] = unescapeHtml(m[2] as string);
  return fields;
}

/** Where an emulator's form page posts to. */
export function formAction(html: string): string {
  return unescapeHtml(/<form method="post" action="([^"]*)"/.exec(html)?.[1] ?? '');
}
