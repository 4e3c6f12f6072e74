/**
 * Open extensions on users (https://learn.microsoft.com/graph/extensibility-overview#open-extensions):
 * untyped data an app keeps in the user's own directory object. What the service enforces for
 * directory objects, and so this store:
 * - the extension's id is its extensionName, looked up case-insensitively;
 * - values are primitives or arrays of primitives;
 * - at most two open extensions per creator app per user, at most 2 KB each;
 * - an update replaces the whole set of custom properties (properties left out are deleted).
 */

export type ExtensionValue = string | number | boolean | null | Array<string | number | boolean | null>;

export interface StoredExtension {
  extensionName: string;
  /** The client application that created it (appid of the token). */
  creatorAppId: string;
  properties: Record<string, ExtensionValue>;
}

/** Documented limits for directory objects. */
export const MAX_EXTENSIONS_PER_APP = 2;
export const MAX_EXTENSION_BYTES = 2048;

export type ExtensionProblem =
  { kind: 'not_primitive'; property: string } | { kind: 'too_large'; bytes: number } | { kind: 'name_missing' } | { kind: 'name_invalid' };

const PRIMITIVE = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The custom properties of a request body (everything but the OData and extension keys), or the first problem. */
export function customProperties(
  body: Record<string, unknown>,
): { properties: Record<string, ExtensionValue> } | { problem: ExtensionProblem } {
  const properties: Record<string, ExtensionValue> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.') || key.includes('@odata.') || key === 'extensionName' || key === 'id') continue;
    if (PRIMITIVE(value)) properties[key] = value;
    else if (Array.isArray(value) && value.every(PRIMITIVE)) properties[key] = [...value];
    else return { problem: { kind: 'not_primitive', property: key } };
  }
  const bytes = Buffer.byteLength(JSON.stringify(properties), 'utf8');
  if (bytes > MAX_EXTENSION_BYTES) return { problem: { kind: 'too_large', bytes } };
  return { properties };
}

export class OpenExtensionStore {
  /** "tenant|user" -> extensions by lower-cased name. */
  private readonly byUser = new Map<string, Map<string, StoredExtension>>();

  private key(tenantId: string, userId: string): string {
    return `${tenantId.toLowerCase()}|${userId.toLowerCase()}`;
  }

  clear(): void {
    this.byUser.clear();
  }

  /** Every user's extensions by "tenant|user", for the emulator's state file (graph-snapshot.ts). */
  exportData(): Array<[string, StoredExtension[]]> {
    return [...this.byUser.entries()].map(([user, extensions]) => [user, [...extensions.values()]]);
  }

  importData(entries: Array<[string, StoredExtension[]]>): void {
    this.byUser.clear();
    for (const [user, extensions] of entries) {
      this.byUser.set(user, new Map(extensions.map((e) => [e.extensionName.toLowerCase(), structuredClone(e)])));
    }
  }

  list(tenantId: string, userId: string): StoredExtension[] {
    return [...(this.byUser.get(this.key(tenantId, userId))?.values() ?? [])];
  }

  get(tenantId: string, userId: string, name: string): StoredExtension | undefined {
    return this.byUser.get(this.key(tenantId, userId))?.get(name.toLowerCase());
  }

  /** How many extensions on this user the app created. */
  countByApp(tenantId: string, userId: string, appId: string): number {
    return this.list(tenantId, userId).filter((e) => e.creatorAppId === appId.toLowerCase()).length;
  }

  put(tenantId: string, userId: string, extension: StoredExtension): StoredExtension {
    const k = this.key(tenantId, userId);
    const map = this.byUser.get(k) ?? new Map<string, StoredExtension>();
    const stored = { ...extension, creatorAppId: extension.creatorAppId.toLowerCase(), properties: { ...extension.properties } };
    map.set(extension.extensionName.toLowerCase(), stored);
    this.byUser.set(k, map);
    return stored;
  }

  delete(tenantId: string, userId: string, name: string): boolean {
    return this.byUser.get(this.key(tenantId, userId))?.delete(name.toLowerCase()) ?? false;
  }
}
