/**
 * GET /admin/manifest.xml renders the add-in manifest for this deployment — its URLs, its add-in id,
 * its Entra ids — and it passes the offline manifest checks; GET /admin/manifest.json is the
 * unified manifest made from it; the build (webpack, through loadManifestSettings) renders the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetReaderForDir } from '../../../scripts/build-manifest';
import { checkManifest, renderManifest, unifiedManifestFromXml } from '../../../src/core/manifest';
import { loadManifestSettings } from '../../../src/server/config';
import { appManifestSchemaProblems } from '../../helpers/app-manifest-schema';
import { PRODUCTION_ENV, startProductionApp, type ProductionApp } from './production-app';

const root = join(__dirname, '..', '..', '..');
let deployment: ProductionApp;

beforeAll(async () => {
  deployment = await startProductionApp();
});

afterAll(async () => {
  await deployment?.close();
});

describe('the deployment’s manifest', () => {
  let xml: string;

  beforeAll(async () => {
    const res = await deployment.get('/admin/manifest.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    xml = await res.text();
  });

  it('passes the offline manifest checks, icons included', () => {
    expect(checkManifest(xml, { readAsset: assetReaderForDir(join(root, 'assets')) })).toEqual([]);
  });

  it('points every URL at the deployment and carries its ids', () => {
    expect(xml).not.toContain('localhost');
    expect(xml).toContain('<SourceLocation DefaultValue="https://scheduler.example.com/taskpane.html"/>');
    expect(xml).toContain(`<Id>${PRODUCTION_ENV.ADDIN_ID}</Id>`);
    expect(xml).toContain(`<Id>${PRODUCTION_ENV.ADDIN_CLIENT_ID}</Id>`);
    expect(xml).toContain(`<Resource>api://scheduler.example.com/${PRODUCTION_ENV.MS_CLIENT_ID}</Resource>`);
  });

  it('is what the build renders from the same environment', () => {
    const template = readFileSync(join(root, 'manifest.xml'), 'utf8');
    expect(renderManifest(template, loadManifestSettings(PRODUCTION_ENV))).toBe(xml);
  });

  it('comes as a unified manifest for the Microsoft 365 admin center', async () => {
    const res = await deployment.get('/admin/manifest.json');
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toEqual((await unifiedManifestFromXml(xml)).manifest);
    expect(appManifestSchemaProblems(json)).toEqual([]);
    expect(json).toMatchObject({
      id: PRODUCTION_ENV.ADDIN_ID,
      webApplicationInfo: { id: PRODUCTION_ENV.ADDIN_CLIENT_ID, resource: `api://scheduler.example.com/${PRODUCTION_ENV.MS_CLIENT_ID}` },
      validDomains: ['scheduler.example.com'],
    });
  });
});
