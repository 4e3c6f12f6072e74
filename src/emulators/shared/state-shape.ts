/**
 * A light check of a saved state's shape before it is restored: each named field is there and of
 * the expected kind. It catches a file edited by hand or cut short into valid JSON, so that the
 * emulator refuses it at start with the field's name instead of failing later on some request.
 */

export type FieldKind = 'array' | 'object' | 'number' | 'string' | 'map' | 'set';

export class StateShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateShapeError';
  }
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Map) return 'map';
  if (value instanceof Set) return 'set';
  if (value === null) return 'null';
  return typeof value;
}

/** Returns `value` as a record once every field has its kind; throws StateShapeError naming the first that does not. */
export function requireFields<T>(value: unknown, fields: Record<string, FieldKind>, where: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StateShapeError(`${where} is not an object`);
  const record = value as Record<string, unknown>;
  for (const [name, kind] of Object.entries(fields)) {
    const actual = kindOf(record[name]);
    if (actual !== kind)
      throw new StateShapeError(`${where}.${name} should be ${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}, not ${actual}`);
  }
  return value as T;
}
