/**
 * The unified app manifest for Microsoft 365 (JSON, the Teams app manifest with `extensions`),
 * for the Microsoft 365 admin center (Integrated apps): made from the add-in's XML manifest by
 * Microsoft's office-addin-manifest-converter, then corrected where that converter is wrong for this
 * add-in (`correctConversion`, each step with its reason; the unit tests check that the converter
 * still makes each of these mistakes, so that a step can go once Microsoft fixes it).
 *
 * The converter works on files only — it reads the XML from a path and writes manifest.json and a
 * localization file per language into a folder — and keeps its settings in module-wide state: so
 * each conversion gets a temporary folder, and conversions in one process run one at a time. It
 * needs no network (icons are downloaded only when asked, and they are not).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from 'office-addin-manifest-converter';
import { firstChild, parseXml, textOf, XmlParseError } from './parse-xml';

export type UnifiedManifestErrorCode = 'unified_manifest_invalid';

export class UnifiedManifestError extends Error {
  constructor(
    readonly code: UnifiedManifestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UnifiedManifestError';
  }
}

type Json = Record<string, unknown>;

export interface UnifiedManifestPackage {
  manifest: Json;
  /** The localization files named in manifest.localizationInfo.additionalLanguages, by file name. */
  localizationFiles: Record<string, Record<string, string>>;
}

/** XML launch events' unified names → the Mailbox requirement set each needs (Microsoft's event-based activation table). */
export const LAUNCH_EVENT_MIN_VERSIONS: Readonly<Record<string, string>> = {
  newMessageComposeCreated: '1.10',
  newAppointmentOrganizerCreated: '1.10',
  messageAttachmentsChanged: '1.11',
  appointmentAttachmentsChanged: '1.11',
  messageRecipientsChanged: '1.11',
  appointmentAttendeesChanged: '1.11',
  appointmentTimeChanged: '1.11',
  appointmentRecurrenceChanged: '1.11',
  infoBarDismissClicked: '1.11',
  messageSending: '1.12',
  appointmentSending: '1.12',
  messageComposeOpened: '1.12',
  appointmentOrganizerOpened: '1.12',
};

/** The app icons' file names in the app package, as docs/admin-guide.md tells administrators to add them. */
export const APP_PACKAGE_ICONS = { color: 'color.png', outline: 'outline.png' } as const;

const TRUNCATED = '<TRUNCATED>';
// Ribbon control icon sizes the schema allows three of: the three it requires.
const CONTROL_ICON_SIZES = new Set([16, 32, 80]);

let queue: Promise<unknown> = Promise.resolve();

/** Runs the converter on `xml` as it is, in a temporary folder; conversions run one at a time. */
export function convertWithMicrosoftConverter(xml: string): Promise<UnifiedManifestPackage> {
  const run = async (): Promise<UnifiedManifestPackage> => {
    const dir = await mkdtemp(join(tmpdir(), 'wso-unified-manifest-'));
    try {
      const input = join(dir, 'manifest.xml');
      const output = join(dir, 'out');
      await writeFile(input, xml);
      await convert(input, output, false, undefined, undefined, false);
      const manifest = JSON.parse(await readFile(join(output, 'manifest.json'), 'utf8')) as Json;
      const localizationFiles: UnifiedManifestPackage['localizationFiles'] = {};
      for (const file of (await readdir(output)).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort()) {
        localizationFiles[file] = JSON.parse(await readFile(join(output, file), 'utf8')) as Record<string, string>;
      }
      return { manifest, localizationFiles };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** `text` within `max` characters: its first sentence, or cut at a word (what the converter marks <TRUNCATED>). */
function shortened(text: string, max: number): string {
  const sentence = /^(.+?[.!?。])(\s|$)/u.exec(text)?.[1] ?? text;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const records = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/**
 * Where the converter's output is wrong for this add-in, what our own generator did instead:
 *
 * 1. A short text that does not fit (developer.name, 32; description.short, 80) is cut and marked
 *    "<TRUNCATED>" for a person to rewrite: that marker would show in the admin center. We take the
 *    first sentence of the full text, or cut it at a word, without a marker.
 * 2. validDomains keep the scheme ("https://host"): the manifest wants domains ("host").
 * 3. Each ribbon button gets every icon of the XML (16, 32, 64 and 80 px): the schema allows three,
 *    the sizes it requires, 16, 32 and 80.
 * 4. The mobile online-meeting toggle is put on a custom tab ("mobileTab_2"), which the schema
 *    allows only with desktop groups, so the converter adds a placeholder group holding an empty
 *    menu (id "", icon https://placeholder, actionId ""). Microsoft's documentation for
 *    online-meeting providers puts the mobile groups on the built-in tab, which needs no groups:
 *    so does this, and the placeholder goes.
 * 5. The launch events are all required at the task pane's Mailbox version (1.5), though each
 *    needs its own (1.10 or 1.11): they are grouped by the version they need.
 * 6. The app icons point at the XML's 64 and 128 px images; the app package holds the 192 px colour
 *    and 32 px outline icons Microsoft 365 requires, named as docs/admin-guide.md says.
 */
export function correctConversion(converted: UnifiedManifestPackage, xml: string): UnifiedManifestPackage {
  const manifest = structuredClone(converted.manifest);
  const localizationFiles = structuredClone(converted.localizationFiles);
  const providerElement = firstChild(parseXml(xml).root, 'ProviderName');
  const providerName = providerElement ? textOf(providerElement) : undefined;

  // 1.
  const developer = manifest.developer as Json;
  if (String(developer.name).startsWith(TRUNCATED))
    developer.name = shortened(providerName ?? String((manifest.name as Json).short), 32).replace(/…$/, '');
  const description = manifest.description as Json;
  if (String(description.short).startsWith(TRUNCATED)) description.short = shortened(String(description.full), 80);
  for (const file of Object.values(localizationFiles)) {
    if (file['description.short']?.startsWith(TRUNCATED) && file['description.full'])
      file['description.short'] = shortened(file['description.full'], 80);
  }

  // 2.
  manifest.validDomains = [
    ...new Set(
      (manifest.validDomains as string[]).map((d) => {
        try {
          return new URL(d).host;
        } catch {
          return d;
        }
      }),
    ),
  ];

  for (const extension of records(manifest.extensions)) {
    for (const ribbon of records(extension.ribbons)) {
      for (const tab of records(ribbon.tabs)) {
        // 3.
        for (const group of records(tab.groups)) {
          for (const control of records(group.controls)) {
            const icons = records(control.icons);
            if (icons.length > 3) control.icons = icons.filter((i) => CONTROL_ICON_SIZES.has(Number(i.size)));
          }
        }
        // 4.
        const placeholders = records(tab.groups).filter((g) => records(g.controls).every((c) => c.id === '' && c.actionId === ''));
        if (Array.isArray(tab.customMobileRibbonGroups) && tab.id !== undefined && placeholders.length === records(tab.groups).length) {
          for (const key of ['id', 'label', 'groups']) delete tab[key];
          tab.builtInTabId = 'TabDefault';
        }
      }
    }

    // 5.
    const events = records(extension.autoRunEvents).flatMap((set) =>
      records(set.events).map((event) => ({ event, requirements: set.requirements as Json | undefined })),
    );
    if (events.length > 0) {
      const byVersion = new Map<string, { requirements: Json; events: Json[] }>();
      for (const { event, requirements } of events) {
        const minVersion = LAUNCH_EVENT_MIN_VERSIONS[String(event.type)];
        const base = structuredClone(requirements ?? {});
        if (minVersion) base.capabilities = [{ name: 'Mailbox', minVersion }];
        const key = JSON.stringify(base);
        if (!byVersion.has(key)) byVersion.set(key, { requirements: base, events: [] });
        byVersion.get(key)?.events.push(event);
      }
      extension.autoRunEvents = [...byVersion.values()].sort((a, b) => versionOf(a.requirements) - versionOf(b.requirements));
      // The runtime the events run in needs no more than the oldest of them.
      const actionIds = new Set(events.map(({ event }) => event.actionId));
      const oldest = Math.min(...[...byVersion.values()].map((s) => versionOf(s.requirements)));
      for (const runtime of records(extension.runtimes)) {
        if (records(runtime.actions).some((a) => actionIds.has(a.id)) && Number.isFinite(oldest)) {
          const requirements = (runtime.requirements ??= {}) as Json;
          requirements.capabilities = [{ name: 'Mailbox', minVersion: `1.${oldest}` }];
        }
      }
    }
  }

  // 6.
  manifest.icons = { ...APP_PACKAGE_ICONS };

  return { manifest, localizationFiles };
}

/** The minor version of a Mailbox requirement ("1.11" → 11). */
function versionOf(requirements: Json): number {
  const capability = records(requirements.capabilities).find((c) => c.name === 'Mailbox');
  return Number(String(capability?.minVersion ?? '1.0').split('.')[1]);
}

/** The unified manifest and its localization files for the XML add-in manifest `xml`. */
export async function unifiedManifestFromXml(xml: string): Promise<UnifiedManifestPackage> {
  try {
    const root = parseXml(xml).root;
    if (root.localName !== 'OfficeApp')
      throw new UnifiedManifestError('unified_manifest_invalid', 'the add-in manifest has no OfficeApp root');
  } catch (e: unknown) {
    // The converter would log a malformed document and go on with what it could read.
    if (e instanceof XmlParseError)
      throw new UnifiedManifestError('unified_manifest_invalid', `the manifest is not well-formed XML: ${e.message}`);
    throw e;
  }
  return correctConversion(await convertWithMicrosoftConverter(xml), xml);
}
