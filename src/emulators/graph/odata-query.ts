/**
 * OData system query options as Graph reads them from the query string: $select, $filter, $expand
 * (with nested options), $orderby, $top, $skip, $skiptoken, $deltatoken. Graph also accepts them without the
 * dollar sign. Syntax errors become 400 BadRequest, as in Graph.
 */
import { GraphApiError } from './graph-error';
import { FilterExpr, ODataSyntaxError, parseFilter } from './odata-filter';

export interface ExpandItem {
  property: string;
  filter?: FilterExpr;
}

export interface OrderBy {
  path: string[];
  descending: boolean;
}

export interface ODataQuery {
  select?: string[];
  filter?: FilterExpr;
  expand: ExpandItem[];
  orderBy: OrderBy[];
  top?: number;
  skip: number;
  skipToken?: string;
  deltaToken?: string;
}

const OPTIONS = ['select', 'filter', 'expand', 'orderby', 'top', 'skip', 'skiptoken', 'deltatoken', 'count', 'search', 'format'] as const;
type OptionName = (typeof OPTIONS)[number];

function badRequest(message: string): GraphApiError {
  return new GraphApiError(400, 'BadRequest', message);
}

/** Splits on a separator that is not inside parentheses or quotes. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of text) {
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth += 1;
    else if (!quoted && c === ')') depth -= 1;
    if (c === separator && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function filterOf(text: string): FilterExpr {
  try {
    return parseFilter(text);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof ODataSyntaxError) throw badRequest(`Invalid filter clause: ${err.message}`);
    throw err;
  }
}

function parseExpand(text: string): ExpandItem[] {
  return splitTopLevel(text, ',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const open = item.indexOf('(');
      if (open < 0) return { property: item };
      if (!item.endsWith(')')) throw badRequest(`Invalid $expand: ${item}`);
      const property = item.slice(0, open).trim();
      const nested = item.slice(open + 1, -1);
      const result: ExpandItem = { property };
      for (const option of splitTopLevel(nested, ';')) {
        if (option.trim() === '') continue;
        const eq = option.indexOf('=');
        const name = option.slice(0, eq).trim().replace(/^\$/, '').toLowerCase();
        if (eq < 0 || name !== 'filter') throw badRequest(`Query option '${option.trim()}' is not supported inside $expand.`);
        result.filter = filterOf(option.slice(eq + 1));
      }
      return result;
    });
}

function nonNegativeInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`Invalid value '${raw}' for $${name}: a non-negative integer is required.`);
  return Number(raw.trim());
}

export function parseODataQuery(params: URLSearchParams): ODataQuery {
  const raw = new Map<OptionName, string>();
  for (const [key, value] of params) {
    const name = key.replace(/^\$/, '').toLowerCase() as OptionName;
    if (!OPTIONS.includes(name)) {
      if (key.startsWith('$')) throw badRequest(`Query option '${key}' is not supported.`);
      continue;
    }
    if (raw.has(name)) throw badRequest(`Query option '$${name}' was specified more than once, but it must be specified at most once.`);
    raw.set(name, value);
  }
  const query: ODataQuery = { expand: [], orderBy: [], skip: 0 };
  const select = raw.get('select');
  if (select !== undefined) {
    query.select = select
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (query.select.length === 0) throw badRequest('Invalid $select: no property named.');
  }
  const filter = raw.get('filter');
  if (filter !== undefined) query.filter = filterOf(filter);
  const expand = raw.get('expand');
  if (expand !== undefined) query.expand = parseExpand(expand);
  const orderBy = raw.get('orderby');
  if (orderBy !== undefined) {
    query.orderBy = orderBy
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [path, direction, extra] = s.split(/\s+/);
        if (!path || extra !== undefined || (direction !== undefined && !/^(asc|desc)$/i.test(direction))) {
          throw badRequest(`Invalid $orderby: ${s}`);
        }
        return { path: path.split('/'), descending: direction?.toLowerCase() === 'desc' };
      });
  }
  const top = raw.get('top');
  if (top !== undefined) query.top = nonNegativeInt('top', top);
  const skip = raw.get('skip');
  if (skip !== undefined) query.skip = nonNegativeInt('skip', skip);
  const skipToken = raw.get('skiptoken');
  if (skipToken !== undefined) query.skipToken = skipToken;
  const deltaToken = raw.get('deltatoken');
  if (deltaToken !== undefined) query.deltaToken = deltaToken;
  return query;
}

/** The property names of a $select as @odata.context spells them: "users(displayName,mail)". */
export function contextSelectList(select: string[] | undefined, expand: ExpandItem[]): string {
  const items = [...(select ?? []), ...expand.map((e) => `${e.property}()`)];
  return items.length ? `(${items.join(',')})` : '';
}
