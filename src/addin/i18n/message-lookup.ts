/** Finding a message by its dotted key ("errors.meeting_too_long") and filling its {{name}} placeholders. */

/** The string at `key` in a tree of messages, or undefined. */
export function lookupMessage(messages: unknown, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** The text with its {{name}} placeholders filled; a placeholder without a value stays as it is. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}
