/**
 * Renders manifest.xml for a deployment and checks it offline, without building the add-in:
 *
 *   npx tsx scripts/build-manifest.ts --base-url https://scheduler.example.com [--out file]
 *       [--app-id GUID] [--addin-client-id GUID] [--api-resource api://host/GUID] [--suffix " (staging)"]
 *
 * With no --base-url the repository's manifest is checked as it is. Problems go to stderr and the
 * exit code is 1. (`npm run validate` runs Microsoft's validator, which needs the internet.)
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkManifest, renderManifest, RenderManifestOptions } from '../src/core/manifest';

const root = join(__dirname, '..');

/**
 * Reads icon files for checkManifest from a folder laid out like the served assets/ folder: a URL
 * whose path contains /assets/ maps to the same name under `dir`.
 */
export function assetReaderForDir(dir: string): (url: URL) => Uint8Array | undefined {
  return (url) => {
    const at = url.pathname.lastIndexOf('/assets/');
    if (at < 0) return undefined;
    const name = decodeURIComponent(url.pathname.slice(at + '/assets/'.length));
    const file = resolve(dir, name);
    if (!file.startsWith(resolve(dir)) || !existsSync(file) || !statSync(file).isFile()) return undefined;
    return readFileSync(file);
  };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

function main(args: string[]): number {
  const template = readFileSync(join(root, 'manifest.xml'), 'utf8');
  const baseUrl = option(args, '--base-url');
  const rendering: RenderManifestOptions | undefined = baseUrl
    ? {
        baseUrl,
        appId: option(args, '--app-id'),
        addinClientId: option(args, '--addin-client-id'),
        apiResource: option(args, '--api-resource'),
        displayNameSuffix: option(args, '--suffix'),
      }
    : undefined;
  const xml = rendering ? renderManifest(template, rendering) : template;
  const problems = checkManifest(xml, { readAsset: assetReaderForDir(join(root, 'assets')) });
  for (const p of problems) console.error(`manifest.xml${p.line ? `:${p.line}` : ''} [${p.code}] ${p.message}`);
  const out = option(args, '--out');
  if (out && problems.length === 0) {
    writeFileSync(out, xml);
    console.log(`wrote ${out}`);
  } else if (problems.length === 0) {
    console.log(rendering ? xml : 'manifest.xml: no problems found');
  }
  return problems.length === 0 ? 0 : 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e: unknown) {
    const err = e instanceof Error ? e : new Error(String(e));
    console.error(err.message);
    process.exitCode = 1;
  }
}
