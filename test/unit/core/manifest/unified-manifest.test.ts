/**
 * The unified manifest: Microsoft's office-addin-manifest-converter run on the rendered XML
 * manifest, offline, then corrected where the converter is wrong for this add-in. The output passes
 * Microsoft's schema; the second block checks that the converter still makes each mistake the
 * correction undoes, so that a step is dropped once Microsoft fixes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  convertWithMicrosoftConverter,
  renderManifest,
  UnifiedManifestError,
  unifiedManifestFromXml,
  type UnifiedManifestPackage,
} from '../../../../src/core/manifest';
import { appManifestSchemaProblems } from '../../../helpers/app-manifest-schema';

type Json = Record<string, unknown>;

const template = readFileSync(join(__dirname, '..', '..', '..', '..', 'manifest.xml'), 'utf8');
const xml = renderManifest(template, { baseUrl: 'https://scheduler.example.com' });
let converted: UnifiedManifestPackage;
let raw: UnifiedManifestPackage;

beforeAll(async () => {
  converted = await unifiedManifestFromXml(xml);
  raw = await convertWithMicrosoftConverter(xml);
});

const extensionOf = (manifest: Json) => (manifest.extensions as Json[])[0] as Json;
const ribbonsOf = (manifest: Json) => extensionOf(manifest).ribbons as Json[];
const controlsOf = (manifest: Json) =>
  ribbonsOf(manifest).flatMap((r) =>
    (r.tabs as Json[]).flatMap((t) => ((t.groups as Json[] | undefined) ?? []).flatMap((g) => g.controls as Json[])),
  );
const mobileTab = (manifest: Json) =>
  (ribbonsOf(manifest).find((r) => (r.contexts as string[]).includes('onlineMeetingDetailsOrganizer'))?.tabs as Json[])[0] as Json;

describe('the unified manifest made from the add-in manifest', () => {
  it('passes Microsoft’s app manifest schema', () => {
    expect(appManifestSchemaProblems(converted.manifest)).toEqual([]);
  });

  it('carries the add-in’s id, a three-part version, its names, its Entra application and its permission', () => {
    expect(converted.manifest).toMatchObject({
      id: 'e11830dd-13a2-4b11-9012-8e90508d3f44',
      version: '0.1.0',
      name: { short: 'Webex Scheduler' },
      webApplicationInfo: {
        id: '5e1f0c3a-7d2b-4e6a-9c1d-0000000000ad',
        resource: 'api://scheduler.example.com/5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e',
      },
      // SupportsSharedFolders: the permission Microsoft's converter names Mailbox.AccessSharedFolders.User (delegates' calendars).
      authorization: {
        permissions: {
          resourceSpecific: [
            { name: 'MailboxItem.ReadWrite.User', type: 'Delegated' },
            { name: 'Mailbox.AccessSharedFolders.User', type: 'Delegated' },
          ],
        },
      },
      validDomains: ['scheduler.example.com'],
      icons: { color: 'color.png', outline: 'outline.png' },
    });
    expect((converted.manifest.description as Json).short).toBe('Add a Webex meeting to an Outlook appointment in one click.');
    expect((converted.manifest.developer as Json).name).toBe('Webex Scheduler for Outlook');
  });

  it('runs the command, the task pane and the launch events from the deployment’s files', () => {
    const pages = (extensionOf(converted.manifest).runtimes as Json[]).map((r) => (r.code as Json).page);
    expect(new Set(pages)).toEqual(
      new Set([
        'https://scheduler.example.com/commands.html',
        'https://scheduler.example.com/taskpane.html',
        'https://scheduler.example.com/launchevent.html',
      ]),
    );
    const events = (extensionOf(converted.manifest).runtimes as Json[]).find((r) => (r.code as Json).script);
    expect(events).toMatchObject({
      code: { script: 'https://scheduler.example.com/launchevent.js' },
      requirements: { capabilities: [{ name: 'Mailbox', minVersion: '1.10' }] },
    });
  });

  it('puts the buttons on the appointment organizer’s ribbon, each with the three icon sizes the schema asks for', () => {
    const desktop = controlsOf(converted.manifest).filter((c) => c.type === 'button');
    expect(new Set(desktop.map((c) => c.id))).toEqual(new Set(['WebexScheduler.AddMeeting', 'WebexScheduler.Options']));
    for (const control of desktop) expect((control.icons as Json[]).map((i) => i.size)).toEqual([16, 32, 80]);
    expect(ribbonsOf(converted.manifest).every((r) => (r.contexts as string[]).length === 1)).toBe(true);
  });

  it('has the mobile online-meeting toggle, and nothing but it, on the mobile ribbon’s built-in tab', () => {
    const tab = mobileTab(converted.manifest);
    expect(Object.keys(tab).sort()).toEqual(['builtInTabId', 'customMobileRibbonGroups']);
    expect(tab.builtInTabId).toBe('TabDefault');
    const controls = (tab.customMobileRibbonGroups as Json[]).flatMap((g) => g.controls as Json[]);
    expect(controls).toEqual([expect.objectContaining({ type: 'mobileButton', actionId: 'addWebexMeeting', label: 'Webex meeting' })]);
    expect((controls[0]?.icons as Json[]).length).toBe(9);
  });

  it('requires each launch event at the Mailbox version it needs', () => {
    expect(extensionOf(converted.manifest).autoRunEvents).toEqual([
      expect.objectContaining({
        requirements: expect.objectContaining({ capabilities: [{ name: 'Mailbox', minVersion: '1.10' }] }),
        events: [{ type: 'newAppointmentOrganizerCreated', actionId: 'onNewAppointmentOrganizer' }],
      }),
      expect.objectContaining({
        requirements: expect.objectContaining({ capabilities: [{ name: 'Mailbox', minVersion: '1.11' }] }),
        events: [
          { type: 'appointmentTimeChanged', actionId: 'onAppointmentTimeChanged' },
          { type: 'appointmentRecurrenceChanged', actionId: 'onAppointmentRecurrenceChanged' },
        ],
      }),
    ]);
  });

  it('comes with a localization file per language of the add-in manifest, keyed by JSON path, with no truncation marker', () => {
    expect((converted.manifest.localizationInfo as Json).additionalLanguages).toContainEqual({ languageTag: 'ru-ru', file: 'ru-ru.json' });
    expect(Object.keys(converted.localizationFiles).sort()).toEqual(['de-de.json', 'es-es.json', 'fr-fr.json', 'ja-jp.json', 'ru-ru.json']);
    expect(converted.localizationFiles['ru-ru.json']).toMatchObject({
      'name.short': 'Планировщик Webex',
      'extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label': 'Добавить встречу Webex',
    });
    expect(JSON.stringify(converted)).not.toContain('<TRUNCATED>');
  });

  it('refuses a document that is not an add-in manifest', async () => {
    await expect(unifiedManifestFromXml('<OfficeApp')).rejects.toBeInstanceOf(UnifiedManifestError);
    await expect(unifiedManifestFromXml('<Other/>')).rejects.toMatchObject({ code: 'unified_manifest_invalid' });
  });
});

describe('what the correction undoes: the converter’s own output for this manifest', () => {
  it('fails the schema: four icons on each ribbon button', () => {
    expect(appManifestSchemaProblems(raw.manifest)).toContain(
      '/extensions/0/ribbons/0/tabs/0/groups/0/controls/0/icons must NOT have more than 3 items',
    );
  });

  it('marks the texts it cut <TRUNCATED>, keeps the scheme in validDomains, and points the app icons at the XML’s images', () => {
    expect((raw.manifest.developer as Json).name).toMatch(/^<TRUNCATED>/);
    expect((raw.manifest.description as Json).short).toMatch(/^<TRUNCATED>/);
    expect(raw.manifest.validDomains).toEqual(['https://scheduler.example.com']);
    expect(raw.manifest.icons).toEqual({ outline: 'assets/icon-64.png', color: 'assets/icon-128.png' });
  });

  it('puts the mobile toggle on a custom tab with an empty placeholder menu', () => {
    expect(mobileTab(raw.manifest)).toMatchObject({ id: 'mobileTab_2', label: 'mobileTab_2' });
    const placeholders = ((mobileTab(raw.manifest).groups as Json[] | undefined) ?? []).flatMap((g) => g.controls as Json[]);
    expect(placeholders).toContainEqual(
      expect.objectContaining({ id: '', actionId: '', icons: [{ size: 32, url: 'https://placeholder' }] }),
    );
  });

  it('requires every launch event at Mailbox 1.5', () => {
    const sets = extensionOf(raw.manifest).autoRunEvents as Json[];
    expect(sets.map((s) => (s.requirements as Json).capabilities)).toEqual([[{ name: 'Mailbox', minVersion: '1.5' }]]);
  });
});
