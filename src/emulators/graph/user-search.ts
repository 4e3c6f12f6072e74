/**
 * `$search` on directory objects (https://learn.microsoft.com/graph/search-query-parameter#using-search-on-directory-object-collections),
 * as Entra reads it: one or more `"property:value"` clauses joined by AND or OR, each clause in
 * double quotes. Graph tokenizes displayName (and description) on spaces, case changes, digits
 * and symbols and matches each searched token against the start of a token; other string
 * properties (mail, userPrincipalName, ...) match from the start of the whole value. Pure.
 */

export const SEARCHABLE_USER_PROPERTIES = [
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'mailNickname',
  'department',
  'officeLocation',
] as const;
const TOKENIZED = new Set(['displayName', 'description']);

export interface SearchClause {
  property: string;
  value: string;
}

export interface SearchExpression {
  clauses: SearchClause[];
  /** How the clauses combine (Graph requires the same operator throughout without parentheses). */
  operator: 'AND' | 'OR';
}

export class SearchSyntaxError extends Error {
  readonly code = 'search_syntax';
}

/** Parses a $search value; throws SearchSyntaxError. */
export function parseUserSearch(text: string, properties: readonly string[] = SEARCHABLE_USER_PROPERTIES): SearchExpression {
  const clauses: SearchClause[] = [];
  const operators = new Set<'AND' | 'OR'>();
  let rest = text.trim();
  if (rest === '') throw new SearchSyntaxError('The $search value is empty.');
  while (rest !== '') {
    const m = /^"((?:[^"\\]|\\.)*)"\s*/.exec(rest);
    if (!m) throw new SearchSyntaxError(`Syntax error: '${rest.slice(0, 20)}' is not a quoted "property:value" clause.`);
    const clause = m[1]!.replace(/\\(.)/g, '$1');
    const colon = clause.indexOf(':');
    if (colon <= 0)
      throw new SearchSyntaxError(`Invalid search clause '${clause}': a property name is required, as in "displayName:value".`);
    const name = clause.slice(0, colon).trim();
    const property = properties.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!property) throw new SearchSyntaxError(`Property '${name}' does not support $search.`);
    clauses.push({ property, value: clause.slice(colon + 1).trim() });
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    const op = /^(AND|OR)\s+/.exec(rest);
    if (!op) throw new SearchSyntaxError(`Syntax error: expected AND or OR before '${rest.slice(0, 20)}'.`);
    operators.add(op[1] as 'AND' | 'OR');
    rest = rest.slice(op[0].length);
  }
  if (operators.size > 1) throw new SearchSyntaxError('Mixing AND and OR needs parentheses, which this search does not support.');
  return { clauses, operator: [...operators][0] ?? 'AND' };
}

/** The tokens Graph indexes displayName by: split on non-letters/digits and on lower-to-upper case changes. */
export function searchTokens(value: string): string[] {
  return value
    .replace(/([\p{Ll}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})|(\p{N})(\p{L})/gu, (_m, a?: string, b?: string, c?: string, d?: string) => (a ? `${a} ${b}` : `${c} ${d}`))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

function clauseMatches(clause: SearchClause, record: Record<string, unknown>): boolean {
  const raw = record[clause.property];
  if (typeof raw !== 'string' || raw === '') return false;
  if (clause.value === '') return true;
  if (!TOKENIZED.has(clause.property)) return raw.toLowerCase().startsWith(clause.value.toLowerCase());
  const valueTokens = searchTokens(raw);
  return searchTokens(clause.value).every((wanted) => valueTokens.some((t) => t.startsWith(wanted)));
}

export function matchesUserSearch(expr: SearchExpression, record: Record<string, unknown>): boolean {
  return expr.operator === 'AND' ? expr.clauses.every((c) => clauseMatches(c, record)) : expr.clauses.some((c) => clauseMatches(c, record));
}
