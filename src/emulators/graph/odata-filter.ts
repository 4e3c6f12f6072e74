/**
 * The part of OData's $filter grammar Graph clients use on users and events: comparisons
 * (eq ne gt ge lt le), `in`, and/or/not, parentheses, startswith/endswith/contains, and lambdas over
 * collections (`singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')`).
 * Property names match case-insensitively, as in Graph. Parsing is separate from evaluation so that
 * each resource can check which properties and operators it supports before evaluating.
 */

export class ODataSyntaxError extends Error {
  readonly code = 'odata_syntax';
  constructor(message: string) {
    super(message);
    this.name = 'ODataSyntaxError';
  }
}

export type Literal = string | number | boolean | null;
export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'startswith' | 'endswith' | 'contains';

export type Operand =
  { kind: 'path'; segments: string[] } | { kind: 'literal'; value: Literal } | { kind: 'case'; fn: 'tolower' | 'toupper'; arg: Operand };

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'in'; left: Operand; values: Literal[] }
  | { kind: 'call'; fn: StringFunction; target: Operand; arg: Operand }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string[]; variable: string; predicate: FilterExpr }
  | { kind: 'truthy'; operand: Operand };

type Token =
  | { t: 'ident'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'datetime'; v: string }
  | { t: 'punct'; v: '(' | ')' | ',' | ':' | '/' };

const DATETIME_LITERAL = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',' || c === ':' || c === '/') {
      tokens.push({ t: 'punct', v: c });
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ODataSyntaxError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ t: 'string', v: value });
    } else if (/[0-9-]/.test(c)) {
      const rest = text.slice(i);
      const dt = DATETIME_LITERAL.exec(rest);
      if (dt) {
        tokens.push({ t: 'datetime', v: dt[0] });
        i += dt[0].length;
        continue;
      }
      const num = /^-?\d+(?:\.\d+)?/.exec(rest);
      if (!num) throw new ODataSyntaxError(`unexpected '${c}' at ${i}`);
      tokens.push({ t: 'number', v: Number(num[0]) });
      i += num[0].length;
    } else if (/[A-Za-z_$@]/.test(c)) {
      const id = /^[A-Za-z_$@][A-Za-z0-9_.$@]*/.exec(text.slice(i))![0];
      tokens.push({ t: 'ident', v: id });
      i += id.length;
    } else {
      throw new ODataSyntaxError(`unexpected '${c}' at ${i}`);
    }
  }
  return tokens;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const STRING_FUNCTIONS = new Set<string>(['startswith', 'endswith', 'contains']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpr {
    if (this.tokens.length === 0) throw new ODataSyntaxError('empty filter');
    const e = this.or();
    if (this.pos !== this.tokens.length) throw new ODataSyntaxError('unexpected text after the expression');
    return e;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === 'ident' && t.v.toLowerCase() === word;
  }

  private isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === 'punct' && t.v === p;
  }

  private expectPunct(p: string): void {
    if (!this.isPunct(p)) throw new ODataSyntaxError(`expected '${p}'`);
    this.pos += 1;
  }

  private or(): FilterExpr {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos += 1;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterExpr {
    let left = this.unary();
    while (this.isWord('and')) {
      this.pos += 1;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterExpr {
    if (this.isWord('not')) {
      this.pos += 1;
      return { kind: 'not', expr: this.unary() };
    }
    if (this.isPunct('(')) {
      this.pos += 1;
      const e = this.or();
      this.expectPunct(')');
      return e;
    }
    return this.predicate();
  }

  private predicate(): FilterExpr {
    const t = this.peek();
    if (t?.t === 'ident' && STRING_FUNCTIONS.has(t.v.toLowerCase()) && this.isPunct('(', 1)) {
      this.pos += 2;
      const target = this.operand();
      this.expectPunct(',');
      const arg = this.operand();
      this.expectPunct(')');
      return this.compareTail({ kind: 'call', fn: t.v.toLowerCase() as StringFunction, target, arg });
    }
    const lambda = this.tryLambda();
    if (lambda) return lambda;
    const left = this.operand();
    const op = this.peek();
    if (op?.t === 'ident' && COMPARE_OPS.has(op.v.toLowerCase())) {
      this.pos += 1;
      return { kind: 'compare', op: op.v.toLowerCase() as CompareOp, left, right: this.operand() };
    }
    if (op?.t === 'ident' && op.v.toLowerCase() === 'in') {
      this.pos += 1;
      this.expectPunct('(');
      const values: Literal[] = [];
      for (;;) {
        const v = this.operand();
        if (v.kind !== 'literal') throw new ODataSyntaxError("'in' takes a list of literals");
        values.push(v.value);
        if (this.isPunct(',')) {
          this.pos += 1;
          continue;
        }
        break;
      }
      this.expectPunct(')');
      return { kind: 'in', left, values };
    }
    return { kind: 'truthy', operand: left };
  }

  /** `startswith(a,'b') eq true` is the same as the bare call. */
  private compareTail(call: FilterExpr): FilterExpr {
    const op = this.peek();
    if (op?.t === 'ident' && (op.v.toLowerCase() === 'eq' || op.v.toLowerCase() === 'ne')) {
      const value = this.peek(1);
      if (value?.t === 'ident' && (value.v === 'true' || value.v === 'false')) {
        this.pos += 2;
        const wantTrue = (op.v.toLowerCase() === 'eq') === (value.v === 'true');
        return wantTrue ? call : { kind: 'not', expr: call };
      }
    }
    return call;
  }

  private tryLambda(): FilterExpr | undefined {
    // path '/' (any|all) '(' var ':' expr ')'
    const start = this.pos;
    const segments: string[] = [];
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'ident') break;
      if ((t.v.toLowerCase() === 'any' || t.v.toLowerCase() === 'all') && segments.length > 0 && this.isPunct('(', 1)) {
        this.pos += 2;
        const variable = this.peek();
        if (variable?.t !== 'ident') throw new ODataSyntaxError('expected a lambda variable');
        this.pos += 1;
        this.expectPunct(':');
        const predicate = this.or();
        this.expectPunct(')');
        return { kind: 'lambda', quantifier: t.v.toLowerCase() as 'any' | 'all', collection: segments, variable: variable.v, predicate };
      }
      segments.push(t.v);
      this.pos += 1;
      if (!this.isPunct('/')) break;
      this.pos += 1;
    }
    this.pos = start;
    return undefined;
  }

  private operand(): Operand {
    const t = this.peek();
    if (!t) throw new ODataSyntaxError('unexpected end of filter');
    if (t.t === 'string') {
      this.pos += 1;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'number') {
      this.pos += 1;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'datetime') {
      this.pos += 1;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'ident') {
      const lower = t.v.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        this.pos += 1;
        return { kind: 'literal', value: lower === 'true' };
      }
      if (lower === 'null') {
        this.pos += 1;
        return { kind: 'literal', value: null };
      }
      if ((lower === 'tolower' || lower === 'toupper') && this.isPunct('(', 1)) {
        this.pos += 2;
        const arg = this.operand();
        this.expectPunct(')');
        return { kind: 'case', fn: lower, arg };
      }
      const segments = [t.v];
      this.pos += 1;
      while (this.isPunct('/')) {
        const next = this.peek(1);
        if (next?.t !== 'ident') throw new ODataSyntaxError("expected a property name after '/'");
        segments.push(next.v);
        this.pos += 2;
      }
      return { kind: 'path', segments };
    }
    throw new ODataSyntaxError(`unexpected '${t.v}'`);
  }
}

export function parseFilter(text: string): FilterExpr {
  return new Parser(tokenize(text)).parse();
}

/** Every property path a filter touches, with lambda variables resolved, for support checks. */
export function filterPaths(expr: FilterExpr): { path: string[]; use: string }[] {
  const out: { path: string[]; use: string }[] = [];
  const walk = (e: FilterExpr, vars: Map<string, string[]>) => {
    const operandPaths = (o: Operand, use: string) => {
      if (o.kind === 'path') out.push({ path: qualify(o.segments, vars), use });
      else if (o.kind === 'case') operandPaths(o.arg, use);
    };
    switch (e.kind) {
      case 'and':
      case 'or':
        walk(e.left, vars);
        walk(e.right, vars);
        break;
      case 'not':
        walk(e.expr, vars);
        break;
      case 'compare':
        operandPaths(e.left, e.op);
        operandPaths(e.right, e.op);
        break;
      case 'in':
        operandPaths(e.left, 'in');
        break;
      case 'call':
        operandPaths(e.target, e.fn);
        operandPaths(e.arg, e.fn);
        break;
      case 'lambda': {
        const collection = qualify(e.collection, vars);
        out.push({ path: collection, use: e.quantifier });
        walk(e.predicate, new Map(vars).set(e.variable, collection));
        break;
      }
      case 'truthy':
        operandPaths(e.operand, 'truthy');
        break;
    }
  };
  walk(expr, new Map());
  return out;
}

function qualify(segments: string[], vars: Map<string, string[]>): string[] {
  const root = vars.get(segments[0]!);
  return root ? [...root, ...segments.slice(1)] : segments;
}

export interface FilterOptions {
  /**
   * Compares a property value with a literal for eq/ne/in. Default: strings case-insensitively
   * (Exchange and Entra both do), other values strictly.
   */
  equals?: (path: string[], actual: unknown, literal: Literal) => boolean;
}

/** A property of a JSON value by name, matched case-insensitively as OData paths are in Graph. */
export function getProperty(obj: unknown, name: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const rec = obj as Record<string, unknown>;
  if (name in rec) return rec[name];
  const lower = name.toLowerCase();
  const key = Object.keys(rec).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : rec[key];
}

function defaultEquals(_path: string[], actual: unknown, literal: Literal): boolean {
  if (actual === undefined) actual = null;
  if (typeof actual === 'string' && typeof literal === 'string') return actual.toLowerCase() === literal.toLowerCase();
  return actual === literal;
}

function order(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return undefined;
}

/** Evaluates a parsed filter against one record (a resource as JSON). */
export function evaluateFilter(expr: FilterExpr, record: unknown, options: FilterOptions = {}): boolean {
  const equals = options.equals ?? defaultEquals;
  type Scope = Map<string, { value: unknown; path: string[] }>;

  const resolve = (o: Operand, scope: Scope): { value: unknown; path?: string[] } => {
    if (o.kind === 'literal') return { value: o.value };
    if (o.kind === 'case') {
      const inner = resolve(o.arg, scope);
      const v =
        typeof inner.value === 'string' ? (o.fn === 'tolower' ? inner.value.toLowerCase() : inner.value.toUpperCase()) : inner.value;
      return { value: v, path: inner.path };
    }
    const bound = scope.get(o.segments[0]!);
    let value: unknown = bound ? bound.value : record;
    const rest = bound ? o.segments.slice(1) : o.segments;
    for (const s of rest) value = getProperty(value, s);
    return { value, path: bound ? [...bound.path, ...rest] : o.segments };
  };

  const compare = (op: CompareOp, l: { value: unknown; path?: string[] }, r: { value: unknown; path?: string[] }): boolean => {
    // Put the property on the left so `equals` sees (path, actual, literal).
    if (!l.path && r.path) {
      const flipped: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
      return compare(flipped[op], r, l);
    }
    const literal = (r.value === undefined ? null : r.value) as Literal;
    if (op === 'eq') return equals(l.path ?? [], l.value, literal);
    if (op === 'ne') return !equals(l.path ?? [], l.value, literal);
    const c = order(l.value, r.value);
    if (c === undefined) return false;
    return op === 'gt' ? c > 0 : op === 'ge' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
  };

  const run = (e: FilterExpr, scope: Scope): boolean => {
    switch (e.kind) {
      case 'and':
        return run(e.left, scope) && run(e.right, scope);
      case 'or':
        return run(e.left, scope) || run(e.right, scope);
      case 'not':
        return !run(e.expr, scope);
      case 'compare':
        return compare(e.op, resolve(e.left, scope), resolve(e.right, scope));
      case 'in': {
        const l = resolve(e.left, scope);
        return e.values.some((v) => equals(l.path ?? [], l.value, v));
      }
      case 'call': {
        const target = resolve(e.target, scope).value;
        const arg = resolve(e.arg, scope).value;
        if (typeof target !== 'string' || typeof arg !== 'string') return false;
        const t = target.toLowerCase();
        const a = arg.toLowerCase();
        return e.fn === 'startswith' ? t.startsWith(a) : e.fn === 'endswith' ? t.endsWith(a) : t.includes(a);
      }
      case 'lambda': {
        const coll = resolve({ kind: 'path', segments: e.collection }, scope);
        const items = Array.isArray(coll.value) ? (coll.value as unknown[]) : [];
        const path = coll.path ?? e.collection;
        const test = (item: unknown) => run(e.predicate, new Map(scope).set(e.variable, { value: item, path }));
        return e.quantifier === 'any' ? items.some(test) : items.every(test);
      }
      case 'truthy':
        return resolve(e.operand, scope).value === true;
    }
  };

  return run(expr, new Map());
}
