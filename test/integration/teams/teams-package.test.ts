/**
 * `npm run package:teams`: the zip an admin uploads to Teams, for the local stack and for a
 * deployment — its manifest checked against Microsoft's own Teams manifest schema, with
 * Microsoft's validator (@microsoft/app-manifest), and its icons the sizes Teams requires.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import {
  checkTeamsManifest,
  derivedGuid,
  MANIFEST_TEMPLATE,
  renderTeamsManifest,
  teamsIcons,
  teamsPackageSettings,
  TeamsPackageError,
  zipFiles,
} from '../../../scripts/package-teams';
import { loadConfig } from '../../../src/server/config';

const root = join(__dirname, '..', '..', '..');
const CLIENT_ID = '0d7c2b9a-1111-4222-8333-444455556666';
const production = {
  MS_CLIENT_ID: CLIENT_ID,
  MS_CLIENT_SECRET: 'secret',
  PUBLIC_BASE_URL: 'https://webex.contoso.com',
  TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
  WEBEX_CLIENT_ID: 'w',
  WEBEX_CLIENT_SECRET: 'w',
  METRICS_TOKEN: 'm',
};

/** The entries of a zip, read from its local headers (stored or deflated). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 30 + nameLength + extra + size;
  }
  return files;
}

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/**
 * Problems the Teams manifest schema finds, checked the way Microsoft's own validator does it
 * (@microsoft/app-manifest's ManifestUtil.validateManifestAgainstSchema: Ajv for JSON Schema
 * draft-04 with the uri, email and regex formats), against the schema it ships, read locally.
 */
function schemaProblems(manifest: Record<string, unknown>): string[] {
  const version = String(manifest.manifestVersion);
  const schemaFile = join(
    root,
    'node_modules',
    '@microsoft',
    'app-manifest',
    'build',
    'json-schemas',
    'teams',
    `v${version}`,
    'MicrosoftTeams.schema.json',
  );
  // The same workaround as ManifestUtil.fetchSchema: the schema has a regex escape Ajv refuses.
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\x07')) as object;
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('npm run package:teams', () => {
  it('writes a zip with the manifest and both icons, for the local stack', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wso-teams-pkg-')), 'app.zip');
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/package-teams.ts', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: mkdtempSync(join(tmpdir(), 'wso-teams-data-')) },
    });
    expect(run.status).toBe(0);
    const files = unzip(readFileSync(out));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
    expect(manifest.webApplicationInfo).toEqual({
      id: '5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e',
      resource: 'api://localhost:3000/5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e',
    });
    expect(pngSize(files.get('color.png')!)).toEqual([192, 192]);
    expect(pngSize(files.get('outline.png')!)).toEqual([32, 32]);
  });
});

describe('the Teams manifest', () => {
  const template = JSON.parse(readFileSync(MANIFEST_TEMPLATE, 'utf8')) as unknown;

  it('passes Microsoft’s schema for a deployment', () => {
    const settings = teamsPackageSettings(loadConfig(production), {}, '1.2.3');
    const manifest = renderTeamsManifest(template, settings);
    expect(schemaProblems(manifest)).toEqual([]);
    expect(checkTeamsManifest(manifest)).toEqual([]);
  });

  it('has the personal Call tab, a tab for chats and channels, and single sign-on to the backend’s API on the tab’s domain', () => {
    const manifest = renderTeamsManifest(
      template,
      teamsPackageSettings(loadConfig(production), { TEAMS_APP_ID: 'f0f0f0f0-0000-4000-8000-000000000001' }, '1.2.3'),
    );
    expect(manifest.id).toBe('f0f0f0f0-0000-4000-8000-000000000001');
    expect(manifest.staticTabs).toEqual([
      { entityId: 'webex-call', name: 'Call', contentUrl: 'https://webex.contoso.com/teams-tab.html', scopes: ['personal'] },
    ]);
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({ configurationUrl: 'https://webex.contoso.com/teams-config.html', scopes: ['team', 'groupChat'] }),
    ]);
    expect(manifest.webApplicationInfo).toEqual({ id: CLIENT_ID, resource: `api://webex.contoso.com/${CLIENT_ID}` });
    expect(manifest.validDomains).toEqual(['webex.contoso.com']);
  });

  it('lists both domains when the backend is elsewhere', () => {
    const config = loadConfig({ ...production, ADDIN_BASE_URL: 'https://tab.contoso.com' });
    const manifest = renderTeamsManifest(template, teamsPackageSettings(config, {}, '1.0.0'));
    expect(manifest.validDomains).toEqual(['tab.contoso.com', 'webex.contoso.com']);
  });

  it('keeps the same Teams app id for the same app registration, so a new package updates the app', () => {
    expect(derivedGuid(CLIENT_ID)).toBe(derivedGuid(CLIENT_ID));
    expect(derivedGuid(CLIENT_ID)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedGuid(CLIENT_ID)).not.toBe(derivedGuid('another'));
  });

  it('refuses a Teams app id that is not a GUID', () => {
    expect(() => teamsPackageSettings(loadConfig(production), { TEAMS_APP_ID: 'my-app' }, '1.0.0')).toThrow(TeamsPackageError);
  });

  it('is refused before zipping when Teams would refuse it', () => {
    const settings = teamsPackageSettings(loadConfig(production), {}, '1.0.0');
    const http = renderTeamsManifest(template, { ...settings, tabBaseUrl: 'http://webex.contoso.com' });
    expect(checkTeamsManifest(http)).toEqual(expect.arrayContaining([expect.stringContaining('not an https URL')]));
    const elsewhere = renderTeamsManifest(template, { ...settings, apiAppIdUri: `api://other.example/${CLIENT_ID}` });
    expect(checkTeamsManifest(elsewhere)).toEqual([expect.stringContaining("not on the tab's domain")]);
  });
});

describe('the package’s files', () => {
  it('include an outline icon that is white on transparent, as Teams asks', () => {
    const { outline } = teamsIcons();
    expect(outline[25]).toBe(4); // colour type: grey and alpha
    const idat: Buffer[] = [];
    for (let at = 8; at < outline.length;) {
      const length = outline.readUInt32BE(at);
      if (outline.subarray(at + 4, at + 8).toString('ascii') === 'IDAT') idat.push(outline.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const pixels = inflateSync(Buffer.concat(idat));
    const grey: number[] = [];
    const alpha: number[] = [];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        grey.push(pixels[y * 65 + 1 + x * 2]!);
        alpha.push(pixels[y * 65 + 2 + x * 2]!);
      }
    }
    expect(new Set(grey)).toEqual(new Set([255]));
    expect(alpha.some((a) => a === 0)).toBe(true);
    expect(alpha.some((a) => a === 255)).toBe(true);
  });

  it('zip the same way every time', () => {
    const a = zipFiles([{ name: 'a.txt', data: Buffer.from('hello') }]);
    const b = zipFiles([{ name: 'a.txt', data: Buffer.from('hello') }]);
    expect(a.equals(b)).toBe(true);
    expect(unzip(a).get('a.txt')?.toString()).toBe('hello');
  });
});
