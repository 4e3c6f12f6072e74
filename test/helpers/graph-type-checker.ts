/**
 * Checks a JSON value against Microsoft Graph's v1.0 types (test/fixtures/graph/graph-v1.0-types.json,
 * from Microsoft's metadata): every property must be one the type (or a type it derives from)
 * defines, and every value of the declared type, recursively:
 * - Edm.String, Edm.Boolean, Edm.Int32 (an integer in range), Edm.Double, Edm.Guid,
 *   Edm.DateTimeOffset (ISO 8601 with Z or an offset), Edm.Date, Edm.TimeOfDay;
 * - enum members; complex and entity types (an `@odata.type` naming a derived type switches to it);
 * - collections (arrays, their items checked; Graph writes an empty collection, not null);
 * - null only where the property is nullable.
 *
 * Annotations (`@odata.context`, `@odata.etag`, `value@odata.nextLink`…) are not properties and are
 * skipped. Navigation properties appear only when expanded; those the product expands are checked
 * as their target type (NAVIGATION_TARGETS), any other one is reported. Most Graph types are
 * "open" in the metadata, but the point here is to catch properties Graph never sends: only the
 * types whose dynamic properties are their purpose (open extensions, resourceData) take them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface PropertyDef {
  type: string;
  nullable?: boolean;
}

interface TypeDef {
  kind: 'entity' | 'complex';
  baseType?: string;
  abstract?: boolean;
  open?: boolean;
  properties?: Record<string, PropertyDef>;
  navigation?: string[];
}

interface TypesFile {
  types: Record<string, TypeDef>;
  enums: Record<string, string[]>;
}

export interface GraphTypeIssue {
  /** JSON path of the value, e.g. `value[0].start.dateTime`. */
  path: string;
  problem: string;
}

const FIXTURE = join(__dirname, '..', 'fixtures', 'graph', 'graph-v1.0-types.json');
const file = JSON.parse(readFileSync(FIXTURE, 'utf8')) as TypesFile;

/** Types whose dynamic (undeclared) properties are their content. */
const DYNAMIC_TYPES = new Set(['openTypeExtension', 'resourceData']);

/** Target types of the navigation properties the product expands, by property name. */
const NAVIGATION_TARGETS: Record<string, string> = {
  extensions: 'Collection(openTypeExtension)',
  singleValueExtendedProperties: 'Collection(singleValueLegacyExtendedProperty)',
  multiValueExtendedProperties: 'Collection(multiValueLegacyExtendedProperty)',
};

const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeDef(name: string): TypeDef {
  const def = file.types[name];
  if (!def) throw new Error(`graph-type-checker: no type '${name}' in the fixture`);
  return def;
}

/** The type and those it derives from, most derived first. */
function lineage(name: string): string[] {
  const out: string[] = [];
  for (let n: string | undefined = name; n; n = file.types[n]?.baseType) out.push(n);
  return out;
}

function propertiesOf(name: string): Map<string, PropertyDef> {
  const props = new Map<string, PropertyDef>();
  for (const n of lineage(name).reverse()) for (const [k, v] of Object.entries(typeDef(n).properties ?? {})) props.set(k, v);
  return props;
}

function navigationOf(name: string): Set<string> {
  return new Set(lineage(name).flatMap((n) => typeDef(n).navigation ?? []));
}

function isPrimitiveJson(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function checkEdm(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'Edm.String':
      return typeof value === 'string' ? undefined : 'expected a string';
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? undefined : 'expected a boolean';
    case 'Edm.Int32':
      return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31 ? undefined : 'expected an Int32';
    case 'Edm.Double':
      return typeof value === 'number' ? undefined : 'expected a number';
    case 'Edm.Guid':
      return typeof value === 'string' && GUID.test(value) ? undefined : 'expected a GUID';
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' && DATE_TIME_OFFSET.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'expected a DateTimeOffset (ISO 8601 with Z or an offset)';
    case 'Edm.Date':
      return typeof value === 'string' && DATE.test(value) ? undefined : 'expected a Date (YYYY-MM-DD)';
    case 'Edm.TimeOfDay':
      return typeof value === 'string' && TIME_OF_DAY.test(value) ? undefined : 'expected a TimeOfDay';
    default:
      throw new Error(`graph-type-checker: no check for ${type}`);
  }
}

function checkValue(typeRef: string, nullable: boolean, value: unknown, path: string, issues: GraphTypeIssue[]): void {
  const collection = /^Collection\((.+)\)$/.exec(typeRef);
  if (collection) {
    if (!Array.isArray(value)) {
      issues.push({ path, problem: `expected a collection of ${collection[1]}, got ${value === null ? 'null' : typeof value}` });
      return;
    }
    value.forEach((item, i) => checkValue(collection[1]!, nullable, item, `${path}[${i}]`, issues));
    return;
  }
  if (value === null) {
    if (!nullable) issues.push({ path, problem: `null, but ${typeRef} is not nullable here` });
    return;
  }
  if (typeRef.startsWith('Edm.')) {
    const problem = checkEdm(typeRef, value);
    if (problem) issues.push({ path, problem: `${problem}, got ${JSON.stringify(value)}` });
    return;
  }
  const members = file.enums[typeRef];
  if (members) {
    if (typeof value !== 'string' || !members.includes(value))
      issues.push({ path, problem: `expected a member of ${typeRef} (${members.join(', ')}), got ${JSON.stringify(value)}` });
    return;
  }
  checkObject(typeRef, value, path, issues);
}

function checkObject(declared: string, value: unknown, path: string, issues: GraphTypeIssue[]): void {
  if (!isRecord(value)) {
    issues.push({ path, problem: `expected a ${declared} object, got ${Array.isArray(value) ? 'an array' : typeof value}` });
    return;
  }
  let name = declared;
  const odataType = value['@odata.type'];
  // resourceData's @odata.type names the changed resource's type ("#Microsoft.Graph.Event"), not its own.
  if (typeof odataType === 'string' && declared !== 'resourceData') {
    const named = odataType.replace(/^#/, '').replace(/^microsoft\.graph\./i, '');
    const known = Object.keys(file.types).find((t) => t.toLowerCase() === named.toLowerCase());
    if (!known || !lineage(known).includes(declared))
      issues.push({ path, problem: `@odata.type ${odataType} is not ${declared} or a type derived from it` });
    else name = known;
  }
  if (typeDef(name).abstract && name === declared && typeof odataType !== 'string') {
    issues.push({ path, problem: `${declared} is abstract: the object needs an @odata.type naming its concrete type` });
  }
  const props = propertiesOf(name);
  const navigation = navigationOf(name);
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('@')) continue;
    const at = path ? `${path}.${key}` : key;
    const prop = props.get(key);
    if (prop) {
      checkValue(prop.type, prop.nullable !== false, v, at, issues);
    } else if (navigation.has(key)) {
      const target = NAVIGATION_TARGETS[key];
      if (target) checkValue(target, false, v, at, issues);
      else issues.push({ path: at, problem: `navigation property of ${name} the checker has no target type for` });
    } else if (lineage(name).some((n) => DYNAMIC_TYPES.has(n))) {
      if (name !== 'resourceData' && !(isPrimitiveJson(v) || (Array.isArray(v) && v.every(isPrimitiveJson)))) {
        issues.push({ path: at, problem: 'a dynamic property must be a primitive or an array of primitives' });
      }
    } else {
      issues.push({ path: at, problem: `not a property of ${name} in Graph v1.0` });
    }
  }
}

/** Problems of one resource of a Graph type (an entity or complex type name, e.g. 'event'). */
export function graphTypeIssues(typeName: string, value: unknown): GraphTypeIssue[] {
  const issues: GraphTypeIssue[] = [];
  typeDef(typeName);
  checkObject(typeName, value, '', issues);
  return issues;
}

/** Problems of a collection response (`{ value: [...] }`) whose items are of a Graph type. */
export function graphCollectionIssues(typeName: string, body: unknown): GraphTypeIssue[] {
  const issues: GraphTypeIssue[] = [];
  if (!isRecord(body) || !Array.isArray(body.value)) return [{ path: '', problem: 'expected a collection response { value: [...] }' }];
  for (const key of Object.keys(body))
    if (key !== 'value' && !key.startsWith('@')) issues.push({ path: key, problem: 'not part of a collection response' });
  body.value.forEach((item, i) => checkObject(typeName, item, `value[${i}]`, issues));
  return issues;
}
