/**
 * The add-in manifest rendered for this deployment, for sideloading and for central deployment
 * (Integrated apps in the Microsoft 365 admin center):
 * - GET /admin/manifest.xml: the XML add-in manifest with this deployment's URLs and ids
 *   (config.manifest: ADDIN_BASE_URL, ADDIN_ID, MS_ADDIN_CLIENT_ID, the API's id URI);
 * - GET /admin/manifest.json: the unified manifest made from it by Microsoft's converter
 *   (src/core/manifest/unified-manifest.ts).
 * They hold no secret (URLs and public client ids), so they need no sign-in. Made once, at
 * registration: a bad template or configuration fails at start, not on the first download, and the
 * converter (which works through temporary files) never runs at request time.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { renderManifest, unifiedManifestFromXml } from '../../core/manifest';
import type { ManifestSettings } from '../config';

export interface ManifestRoutesOptions {
  /** manifest.xml as written in the repository (for the dev server). */
  template: string;
  settings: ManifestSettings;
  /** Also answer GET <prefix>/manifest.xml: the built add-in is served from this path of the backend. */
  servedAddinPrefix?: string;
}

/** The XML and unified manifests of a deployment (throws ManifestRenderError, UnifiedManifestError). */
export async function deploymentManifests(template: string, settings: ManifestSettings): Promise<{ xml: string; json: string }> {
  const xml = renderManifest(template, settings);
  const { manifest } = await unifiedManifestFromXml(xml);
  return { xml, json: `${JSON.stringify(manifest, null, 2)}\n` };
}

export async function manifestRoutes(app: FastifyInstance, options: ManifestRoutesOptions): Promise<void> {
  const { xml, json } = await deploymentManifests(options.template, options.settings);
  const sendXml = (download: boolean) => async (_request: unknown, reply: FastifyReply) => {
    void reply.header('Cache-Control', 'no-cache').type('application/xml; charset=utf-8');
    if (download) void reply.header('Content-Disposition', 'attachment; filename="manifest.xml"');
    return reply.send(xml);
  };
  app.get('/admin/manifest.xml', sendXml(true));
  app.get('/admin/manifest.json', async (_request, reply) =>
    reply
      .header('Cache-Control', 'no-cache')
      .header('Content-Disposition', 'attachment; filename="manifest.json"')
      .type('application/json; charset=utf-8')
      .send(json),
  );
  if (options.servedAddinPrefix !== undefined) {
    // The built files hold the manifest of the build's configuration; this one is always the running one's.
    app.get(`${options.servedAddinPrefix.replace(/\/+$/, '')}/manifest.xml`, sendXml(false));
  }
}
