/**
 * Problems Microsoft's app manifest schema finds in a unified manifest, checked offline the way
 * Microsoft's own validator does it (@microsoft/app-manifest's
 * ManifestUtil.validateManifestAgainstSchema: Ajv for JSON Schema draft-04 with the uri, email and
 * regex formats), against the schema of the manifest's own manifestVersion shipped in that package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const schemas = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');

export function appManifestSchemaProblems(manifest: Record<string, unknown>): string[] {
  const version = String(manifest.manifestVersion);
  // The same workaround as ManifestUtil.fetchSchema: the schema has a regex escape Ajv refuses.
  const schema = JSON.parse(
    readFileSync(join(schemas, `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8').replace(/\\a/g, '\\x07'),
  ) as object;
  const ajv = new AjvDraft04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  return validate(manifest) ? [] : [...new Set((validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`))];
}
