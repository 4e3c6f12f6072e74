/**
 * Escaping for what the join block writes into a body. The apostrophe is written &#39;, not
 * &apos;: HTML 4 has no &apos;, and Word's HTML (Outlook for Windows) reads bodies as HTML 4.
 */
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
