/**
 * Ids of single-value extended properties, in the three formats Graph accepts
 * (https://learn.microsoft.com/graph/api/resources/extended-properties-overview):
 *   "{type} {guid} Name {name}", "{type} {guid} Id {hex}", "{type} {proptag}".
 * The canonical spelling, which responses use, has the type in its documented casing, the GUID and
 * hex numbers in lower case (Microsoft's custom-properties article shows the response as
 * "String {00020329-0000-0000-c000-000000000046} Name cecp-…"); the name keeps its case because
 * Graph matches names case-sensitively. Office.js
 * custom properties are "String {00020329-0000-0000-C000-000000000046} Name cecp-<add-in id>".
 */

const SINGLE_VALUE_TYPES = [
  'Binary',
  'Boolean',
  'CLSID',
  'Currency',
  'Double',
  'Integer',
  'Long',
  'Null',
  'Object',
  'Short',
  'String',
  'SystemTime',
] as const;

const typeByLower = new Map<string, string>(SINGLE_VALUE_TYPES.map((t) => [t.toLowerCase(), t]));

const NAMED = /^(\w+)\s+\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}\s+Name\s+(\S(?:.*\S)?)$/i;
const NUMBERED = /^(\w+)\s+\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}\s+Id\s+(0x[0-9a-fA-F]{1,8})$/i;
const TAGGED = /^(\w+)\s+(0x[0-9a-fA-F]{1,8})$/i;

// Exchange answers "Integer 0x0E07" as "Integer 0xe07".
const shortHex = (hex: string) => `0x${parseInt(hex.slice(2), 16).toString(16)}`;

/** The canonical id, or undefined when the text is not a single-value extended property id. */
export function canonicalExtendedPropertyId(text: string): string | undefined {
  const trimmed = text.trim();
  let m = NAMED.exec(trimmed);
  if (m) {
    const type = typeByLower.get(m[1]!.toLowerCase());
    return type ? `${type} {${m[2]!.toLowerCase()}} Name ${m[3]}` : undefined;
  }
  m = NUMBERED.exec(trimmed);
  if (m) {
    const type = typeByLower.get(m[1]!.toLowerCase());
    return type ? `${type} {${m[2]!.toLowerCase()}} Id ${shortHex(m[3]!)}` : undefined;
  }
  m = TAGGED.exec(trimmed);
  if (m) {
    const type = typeByLower.get(m[1]!.toLowerCase());
    return type ? `${type} ${shortHex(m[2]!)}` : undefined;
  }
  return undefined;
}

/** The id under which Office.js custom properties of an add-in appear in Graph. */
export function outlookCustomPropertiesId(addinId: string): string {
  return `String {00020329-0000-0000-c000-000000000046} Name cecp-${addinId}`;
}
