/**
 * The add-in's own id (the manifest's OfficeApp/Id) names its custom properties, `cecp-<id>`, which
 * is where the add-in leaves the marker the sync engine looks for. A deployment without ADDIN_ID
 * ships the template's id: this reads it from the template, so that the two cannot disagree.
 */
import { parseXml } from '../../core/manifest';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The <Id> directly under the manifest's root, lower case; throws when there is none. */
export function addinIdOfManifest(manifestXml: string): string {
  const { root } = parseXml(manifestXml);
  for (const child of root.children) {
    if (child.kind !== 'element' || child.localName !== 'Id') continue;
    const id = child.children
      .map((c) => (c.kind === 'text' ? c.value : ''))
      .join('')
      .trim();
    if (GUID.test(id)) return id.toLowerCase();
  }
  throw new Error('the manifest has no <Id> GUID under its root');
}
