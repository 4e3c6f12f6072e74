/**
 * JSON for an emulator's saved state. The stores keep Maps and Sets (a Webex series' exceptions
 * and cancelled occurrences, a delta round's known instances), which plain JSON would turn into
 * empty objects; here they are written as `{"$map": [[k, v], ...]}` and `{"$set": [...]}` and read
 * back as Maps and Sets. Only an object whose one key is the tag is read as one, and no state the
 * emulators keep is shaped like that.
 */

const MAP = '$map';
const SET = '$set';

export function encodeState(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { [MAP]: [...v.entries()] };
    if (v instanceof Set) return { [SET]: [...v.values()] };
    return v;
  });
}

/** Parses what encodeState wrote; throws SyntaxError for text that is not JSON. */
export function decodeState(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return v;
    const inner = (v as Record<string, unknown>)[keys[0]!];
    if (keys[0] === MAP && Array.isArray(inner)) return new Map(inner as Array<[unknown, unknown]>);
    if (keys[0] === SET && Array.isArray(inner)) return new Set(inner);
    return v;
  });
}
