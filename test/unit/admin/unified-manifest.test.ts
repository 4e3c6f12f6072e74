import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderManifest, UnifiedManifestError, unifiedManifestFromXml } from '../../../src/core/manifest';

const template = readFileSync(join(__dirname, '..', '..', '..', 'manifest.xml'), 'utf8');
const xml = renderManifest(template, { baseUrl: 'https://scheduler.example.com' });
const { manifest, localizationFiles } = unifiedManifestFromXml(xml);

type Json = Record<string, unknown>;
const extension = (manifest.extensions as Json[])[0] as Json;
const runtimes = extension.runtimes as Json[];
const ribbons = extension.ribbons as Json[];

describe('the unified manifest made from the add-in manifest', () => {
  it('carries the add-in’s id, a three-part version, its names and its Entra application', () => {
    expect(manifest).toMatchObject({
      id: 'e11830dd-13a2-4b11-9012-8e90508d3f44',
      version: '0.1.0',
      name: { short: 'Webex Scheduler' },
      webApplicationInfo: { id: '5e1f0c3a-7d2b-4e6a-9c1d-0000000000ad', resource: 'api://scheduler.example.com/5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e' },
      // SupportsSharedFolders becomes Mailbox.SharedFolder: the add-in opens in delegates' shared calendars.
      authorization: {
        permissions: {
          resourceSpecific: [
            { name: 'MailboxItem.ReadWrite.User', type: 'Delegated' },
            { name: 'Mailbox.SharedFolder', type: 'Delegated' },
          ],
        },
      },
      validDomains: ['scheduler.example.com'],
    });
    expect((manifest.description as Json).short).toBe('Add a Webex meeting to an Outlook appointment in one click.');
    expect(String((manifest.developer as Json).name).length).toBeLessThanOrEqual(32);
  });

  it('runs the command, the task pane and the launch events from the deployment’s files', () => {
    const byId = Object.fromEntries(runtimes.map((r) => [r.id, r]));
    expect(byId.CommandsRuntime).toMatchObject({ code: { page: 'https://scheduler.example.com/commands.html' }, lifetime: 'short', actions: [{ id: 'addWebexMeeting', type: 'executeFunction' }] });
    expect(byId.TaskPaneRuntime).toMatchObject({ code: { page: 'https://scheduler.example.com/taskpane.html' }, actions: [{ id: 'ShowTaskpane', type: 'openPage' }] });
    expect(byId.EventsRuntime).toMatchObject({
      code: { page: 'https://scheduler.example.com/launchevent.html', script: 'https://scheduler.example.com/launchevent.js' },
      requirements: { capabilities: [{ name: 'Mailbox', minVersion: '1.10' }] },
    });
  });

  it('puts the buttons on the appointment organizer’s ribbon and the mobile online-meeting toggle', () => {
    expect(ribbons[0]).toMatchObject({ contexts: ['meetingDetailsOrganizer'], requirements: { formFactors: ['desktop'] } });
    const controls = (((ribbons[0]?.tabs as Json[])[0]?.groups as Json[])[0]?.controls as Json[]).map((c) => [c.id, c.actionId]);
    expect(controls).toEqual([
      ['WebexScheduler.AddMeeting', 'addWebexMeeting'],
      ['WebexScheduler.Options', 'ShowTaskpane'],
    ]);
    expect(ribbons[1]).toMatchObject({ contexts: ['onlineMeetingDetailsOrganizer'], requirements: { formFactors: ['mobile'] } });
    const mobile = ((ribbons[1]?.tabs as Json[])[0]?.customMobileRibbonGroups as Json[])[0]?.controls as Json[];
    expect(mobile[0]).toMatchObject({ type: 'mobileButton', actionId: 'addWebexMeeting' });
    expect((mobile[0]?.icons as Json[]).length).toBe(9);
  });

  it('maps each launch event to its unified name, grouped by the Mailbox version it needs', () => {
    expect(extension.autoRunEvents).toEqual([
      { requirements: { capabilities: [{ name: 'Mailbox', minVersion: '1.10' }] }, events: [{ type: 'newAppointmentOrganizerCreated', actionId: 'onNewAppointmentOrganizer' }] },
      {
        requirements: { capabilities: [{ name: 'Mailbox', minVersion: '1.11' }] },
        events: [
          { type: 'appointmentTimeChanged', actionId: 'onAppointmentTimeChanged' },
          { type: 'appointmentRecurrenceChanged', actionId: 'onAppointmentRecurrenceChanged' },
        ],
      },
    ]);
  });

  it('comes with a localization file per language of the add-in manifest, keyed by JSON path', () => {
    expect((manifest.localizationInfo as Json).additionalLanguages).toContainEqual({ languageTag: 'ru-ru', file: 'ru-ru.json' });
    expect(Object.keys(localizationFiles).sort()).toEqual(['de-de.json', 'es-es.json', 'fr-fr.json', 'ja-jp.json', 'ru-ru.json']);
    expect(localizationFiles['ru-ru.json']).toMatchObject({
      'name.short': 'Планировщик Webex',
      'extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label': 'Добавить встречу Webex',
      'extensions[0].ribbons[1].tabs[0].customMobileRibbonGroups[0].controls[0].label': 'Встреча Webex',
    });
  });

  it('refuses what it cannot convert rather than dropping it', () => {
    const customTab = xml.replace(/<OfficeTab id="TabDefault">/g, '<CustomTab id="Mine">').replace(/<\/OfficeTab>/g, '</CustomTab>');
    expect(() => unifiedManifestFromXml(customTab)).toThrow(expect.objectContaining({ code: 'unified_manifest_unsupported' }));
    expect(() => unifiedManifestFromXml('<OfficeApp')).toThrow(UnifiedManifestError);
    expect(() => unifiedManifestFromXml(xml.replace('<Permissions>ReadWriteItem</Permissions>', '<Permissions>Everything</Permissions>'))).toThrow(
      expect.objectContaining({ code: 'unified_manifest_unsupported' }),
    );
  });
});
