/**
 * `npm run package:teams`: the Microsoft Teams app package an admin uploads (Teams admin center >
 * Manage apps > Upload, or Developer Portal): a zip holding manifest.json (teams/manifest.json
 * rendered for this deployment), color.png (192x192) and outline.png (32x32, white on
 * transparent), drawn like the add-in's icons (scripts/generate-icons.ts).
 *
 * The deployment's URLs and ids come from the backend's configuration (src/server/config.ts: the
 * add-in's origin serves the tab, PUBLIC_BASE_URL is the backend, MS_CLIENT_ID and its app id URI
 * are the single sign-on resource), so the package matches the running deployment. The tab's URLs
 * carry nothing about the backend: its pages have it from their build (npm run build). Two settings
 * are the package's own: TEAMS_APP_ID, the app's id in Teams (a GUID; by default derived from the
 * client id, so that a new package updates the same app), and TEAMS_DEVELOPER_NAME.
 *
 *   npm run package:teams [-- --out <file.zip>]     default dist/teams/webex-calling-teams.zip
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { loadConfig, type Config } from '../src/server/config';
import { encodePng, iconScanlines, renderIcon } from './generate-icons';

const root = join(__dirname, '..');
export const MANIFEST_TEMPLATE = join(root, 'teams', 'manifest.json');

export interface TeamsPackageSettings {
  version: string;
  teamsAppId: string;
  developerName: string;
  /** Where the tab's pages are served, e.g. https://webex.contoso.com */
  tabBaseUrl: string;
  /** The backend, e.g. https://webex-api.contoso.com */
  apiBaseUrl: string;
  clientId: string;
  /** The backend's app id URI: webApplicationInfo.resource. */
  apiAppIdUri: string;
}

export class TeamsPackageError extends Error {
  readonly code = 'teams_package_invalid';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable GUID (v5-shaped) for a name: the same deployment always gets the same Teams app id. */
export function derivedGuid(name: string): string {
  const h = createHash('sha1').update(`webex-calling-teams:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** The package's settings from the backend's configuration and the two settings of its own. */
export function teamsPackageSettings(config: Config, env: Record<string, string | undefined>, version: string): TeamsPackageSettings {
  const teamsAppId = env.TEAMS_APP_ID?.trim() || derivedGuid(config.microsoft.clientId);
  if (!GUID.test(teamsAppId)) throw new TeamsPackageError(`TEAMS_APP_ID must be a GUID, got "${teamsAppId}"`);
  return {
    version,
    teamsAppId,
    developerName: env.TEAMS_DEVELOPER_NAME?.trim() || 'Webex Scheduler (self-hosted)',
    tabBaseUrl: config.addinBaseUrl,
    apiBaseUrl: config.publicBaseUrl,
    clientId: config.microsoft.clientId,
    apiAppIdUri: config.microsoft.apiAudiences[0] ?? `api://${new URL(config.addinBaseUrl).host}/${config.microsoft.clientId}`,
  };
}

function renderValue(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/{{(\w+)}}/g, (_m, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new TeamsPackageError(`teams/manifest.json uses {{${name}}}, which has no value`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, vars)]));
  return value;
}

/** The manifest for a deployment: placeholders filled, valid domains without duplicates. */
export function renderTeamsManifest(template: unknown, s: TeamsPackageSettings): Record<string, unknown> {
  const tab = new URL(s.tabBaseUrl);
  const api = new URL(s.apiBaseUrl);
  const vars: Record<string, string> = {
    VERSION: s.version,
    TEAMS_APP_ID: s.teamsAppId,
    DEVELOPER_NAME: s.developerName,
    TAB_BASE_URL: s.tabBaseUrl.replace(/\/+$/, ''),
    TAB_HOST: tab.host,
    API_HOST: api.host,
    CLIENT_ID: s.clientId,
    API_APP_ID_URI: s.apiAppIdUri,
  };
  const manifest = renderValue(template, vars) as Record<string, unknown>;
  if (Array.isArray(manifest.validDomains)) manifest.validDomains = [...new Set(manifest.validDomains as string[])];
  return manifest;
}

/**
 * What Teams refuses at upload, checked before the zip is made: https pages (Teams frames nothing
 * else), the SSO resource on the tab's own domain (Microsoft's tab SSO requirement), and the text
 * lengths the schema allows. The full JSON schema check is in the tests.
 */
export function checkTeamsManifest(manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const tabs = [
    ...((manifest.staticTabs as Array<{ contentUrl?: string }>) ?? []),
    ...((manifest.configurableTabs as Array<{ configurationUrl?: string }>) ?? []),
  ];
  for (const t of tabs) {
    const url = 'contentUrl' in t ? t.contentUrl : (t as { configurationUrl?: string }).configurationUrl;
    if (!url || !url.startsWith('https://')) problems.push(`tab page ${url ?? '(none)'} is not an https URL`);
  }
  const wai = manifest.webApplicationInfo as { id?: string; resource?: string } | undefined;
  if (!wai?.id || !GUID.test(wai.id)) problems.push('webApplicationInfo.id is not the app registration’s client id');
  const firstTab = (manifest.staticTabs as Array<{ contentUrl?: string }> | undefined)?.[0]?.contentUrl;
  if (wai?.resource && firstTab && !wai.resource.includes(new URL(firstTab).host)) {
    problems.push(`webApplicationInfo.resource ${wai.resource} is not on the tab's domain ${new URL(firstTab).host}`);
  }
  const developer = manifest.developer as { name?: string };
  if (!developer?.name || developer.name.length > 32) problems.push('developer.name must be 1 to 32 characters (TEAMS_DEVELOPER_NAME)');
  const name = manifest.name as { short?: string; full?: string };
  const description = manifest.description as { short?: string; full?: string };
  if ((name.short ?? '').length > 30) problems.push('name.short is longer than 30 characters');
  if ((description.short ?? '').length > 80) problems.push('description.short is longer than 80 characters');
  if ((description.full ?? '').length > 4000) problems.push('description.full is longer than 4000 characters');
  return problems;
}

/** The two icons Teams asks for. */
export function teamsIcons(): { color: Buffer; outline: Buffer } {
  const color = renderIcon({ file: 'color.png', pixels: 192, style: 'colour' });
  // Teams' outline icon is white on transparent: the add-in's grey mobile glyph, made white.
  const size = 32;
  const lines = iconScanlines({ file: 'outline.png', pixels: size, style: 'mobile-grey' });
  // Each row: a filter byte, then grey and alpha per pixel; the grey becomes white, the alpha stays.
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) lines[y * (1 + size * 2) + 1 + x * 2] = 0xff;
  }
  return { color, outline: encodePng(size, 4, lines) };
}

/** A zip archive (PKWARE APPNOTE: local headers, deflated data, central directory) of the files given. */
export function zipFiles(files: Array<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // A fixed timestamp (1 January 2024): the same sources give the same zip.
  const dosTime = 0;
  const dosDate = ((2024 - 1980) << 9) | (1 << 5) | 1;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const deflated = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(dosTime, 12);
    header.writeUInt16LE(dosDate, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(deflated.length, 20);
    header.writeUInt32LE(file.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, deflated);
    central.push(header, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Renders, checks and zips the package; returns the manifest. Throws TeamsPackageError with every problem. */
export function buildTeamsPackage(settings: TeamsPackageSettings, outFile: string): Record<string, unknown> {
  const manifest = renderTeamsManifest(JSON.parse(readFileSync(MANIFEST_TEMPLATE, 'utf8')), settings);
  const problems = checkTeamsManifest(manifest);
  if (problems.length) throw new TeamsPackageError(`the Teams manifest would be refused:\n  ${problems.join('\n  ')}`);
  const icons = teamsIcons();
  const zip = zipFiles([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: icons.color },
    { name: 'outline.png', data: icons.outline },
  ]);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, zip);
  return manifest;
}

if (require.main === module) {
  try {
    const args = process.argv.slice(2);
    const outAt = args.indexOf('--out');
    const outFile = resolve(outAt >= 0 && args[outAt + 1] ? args[outAt + 1]! : join(root, 'dist', 'teams', 'webex-calling-teams.zip'));
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const settings = teamsPackageSettings(loadConfig(), process.env, version);
    buildTeamsPackage(settings, outFile);
    console.log(`Teams app package: ${outFile}`);
    console.log(
      `  app id ${settings.teamsAppId}, tab ${settings.tabBaseUrl}, backend ${settings.apiBaseUrl}, SSO resource ${settings.apiAppIdUri}`,
    );
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    console.error(`Could not make the Teams package: ${err.message}`);
    process.exit(1);
  }
}
