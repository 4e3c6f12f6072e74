/**
 * A Content-Security-Policy header as each directive's sources, sorted (their order in a directive
 * means nothing), so that tests can assert the exact lists: a source added anywhere fails them.
 * A per-answer nonce source reads as NONCE.
 */
export const NONCE = "'nonce-(per answer)'";

export function cspDirectives(header: string | null | undefined): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const directive of (header ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (!name) continue;
    directives[name] = sources.map((s) => (/^'nonce-[A-Za-z0-9+/_=-]{16,}'$/.test(s) ? NONCE : s)).sort();
  }
  return directives;
}
