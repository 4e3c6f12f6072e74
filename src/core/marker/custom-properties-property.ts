/**
 * The Graph side of the marker: the extended property that holds an add-in's custom properties,
 * reading our marker out of it, and writing it back with our marker set or removed (the backend
 * does this for a copied event, whose marker must name the copy's own meeting).
 *
 * Property name ([MS-OXCEXT] 2.2.5): "cecp-" + the manifest's add-in id, lower-cased, braces and
 * a "urn:uuid:" prefix removed.
 */
import { MarkerError } from './marker-error';
import { CUSTOM_PROPERTIES_MAX_LENGTH, MARKER_PROPERTY_NAME, parseMarker, PS_PUBLIC_STRINGS, type MeetingMarker } from './meeting-marker';

/** The add-in id as it appears in the property name. Throws MarkerError `addin_id_invalid`. */
export function normalizeAddinId(addinId: string): string {
  const id = String(addinId)
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:?/, '')
    .replace(/[{}]/g, '');
  // Manifest ids are GUIDs; anything else would also break the OData filter it is quoted in.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw new MarkerError('addin_id_invalid', 'The add-in id is not a GUID.');
  }
  return id;
}

/** "String {00020329-0000-0000-C000-000000000046} Name cecp-<add-in id>". */
export function extendedPropertyId(addinId: string): string {
  return `String ${PS_PUBLIC_STRINGS} Name cecp-${normalizeAddinId(addinId)}`;
}

/** `$expand` value that makes Graph return the property with an event. */
export function extendedPropertyExpand(addinId: string): string {
  return `singleValueExtendedProperties($filter=id eq '${extendedPropertyId(addinId)}')`;
}

function sameId(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The add-in's custom properties from the property's value (a JSON object), or undefined for a
 * missing or malformed value. Never throws.
 */
export function parseCustomProperties(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function markerFromCustomProperties(value: unknown): MeetingMarker | undefined {
  return parseMarker(parseCustomProperties(value)?.[MARKER_PROPERTY_NAME]);
}

/** The value of the add-in's property among an event's `singleValueExtendedProperties`, if present. */
export function customPropertiesValue(extendedProperties: unknown, addinId: string): string | undefined {
  if (!Array.isArray(extendedProperties)) return undefined;
  const wanted = extendedPropertyId(addinId);
  for (const p of extendedProperties as unknown[]) {
    if (typeof p !== 'object' || p === null) continue;
    const { id, value } = p as { id?: unknown; value?: unknown };
    if (typeof id === 'string' && sameId(id, wanted) && typeof value === 'string') return value;
  }
  return undefined;
}

/** Our marker from an event's `singleValueExtendedProperties`, or undefined. Never throws for bad data. */
export function markerFromExtendedProperties(extendedProperties: unknown, addinId: string): MeetingMarker | undefined {
  return markerFromCustomProperties(customPropertiesValue(extendedProperties, addinId));
}

function serialize(properties: Record<string, unknown>): string {
  const json = JSON.stringify(properties);
  if (json.length > CUSTOM_PROPERTIES_MAX_LENGTH) {
    throw new MarkerError('marker_too_large', 'The custom properties would exceed 2,500 characters.');
  }
  return json;
}

/**
 * The property's new value with our marker set, keeping the add-in's other custom properties
 * (a malformed old value is replaced). Throws MarkerError `marker_too_large`.
 */
export function customPropertiesWithMarker(currentValue: string | undefined, marker: MeetingMarker): string {
  return serialize({ ...(parseCustomProperties(currentValue) ?? {}), [MARKER_PROPERTY_NAME]: marker });
}

/** The property's new value without our marker ("{}" when nothing else is left). */
export function customPropertiesWithoutMarker(currentValue: string | undefined): string {
  const rest = { ...(parseCustomProperties(currentValue) ?? {}) };
  delete rest[MARKER_PROPERTY_NAME];
  return JSON.stringify(rest);
}
