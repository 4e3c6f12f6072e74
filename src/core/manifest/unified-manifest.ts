/**
 * The unified app manifest for Microsoft 365 (JSON, the Teams app manifest with `extensions`),
 * generated from the add-in's XML manifest, for the Microsoft 365 admin center (Integrated apps).
 * office-addin-manifest-converter does this conversion; this is the part of it this add-in's
 * manifest needs, written here rather than installed, with every mapping after Microsoft's
 * documentation ("Compare the add-in only manifest with the unified manifest", the event table of
 * event-based activation, "Create an Outlook mobile add-in for an online-meeting provider"):
 *
 * - OfficeApp base → id, version (3 parts), name, description, developer, localizationInfo,
 *   validDomains, webApplicationInfo, authorization (Permissions as a resource-specific permission,
 *   and SupportsSharedFolders as Mailbox.SharedFolder);
 * - the innermost VersionOverrides → one extension: requirements (Mailbox, scope mail); a runtime per
 *   FunctionFile (executeFunction actions), per task pane page (openPage) and the launch-event
 *   Runtime (page and script); a ribbon per form factor with the command surfaces as contexts;
 *   autoRunEvents grouped by the Mailbox version each event needs;
 * - every Override locale → a localization file of JSON-path keys ("extensions[0].ribbons[0]...").
 *
 * Pure: the XML in, the manifest and localization files out. What it cannot map (a custom tab, a
 * menu) is refused with a code rather than dropped.
 */
import { attr, childElements, firstChild, parseXml, textOf, XmlParseError, type XmlElement } from './parse-xml';

export type UnifiedManifestErrorCode = 'unified_manifest_unsupported' | 'unified_manifest_invalid';

export class UnifiedManifestError extends Error {
  constructor(
    readonly code: UnifiedManifestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UnifiedManifestError';
  }
}

export interface UnifiedManifestOptions {
  /** The schema version (default UNIFIED_MANIFEST_VERSION). */
  manifestVersion?: string;
  /** Developer links; each defaults to the manifest's SupportUrl. */
  developer?: { name?: string; websiteUrl?: string; privacyUrl?: string; termsOfUseUrl?: string };
  /** Files of the app package: a 192×192 colour icon and a 32×32 white outline icon. */
  icons?: { color: string; outline: string };
  accentColor?: string;
}

export interface UnifiedManifestPackage {
  manifest: Record<string, unknown>;
  /** The localization files named in manifest.localizationInfo.additionalLanguages, by file name. */
  localizationFiles: Record<string, Record<string, string>>;
}

/** The schema version written by default: the first with every extension property used here. */
export const UNIFIED_MANIFEST_VERSION = '1.23';

/** XML launch events → the unified manifest's names, and the Mailbox requirement set each needs. */
export const LAUNCH_EVENT_NAMES: Readonly<Record<string, { name: string; minVersion: string }>> = {
  OnNewMessageCompose: { name: 'newMessageComposeCreated', minVersion: '1.10' },
  OnNewAppointmentOrganizer: { name: 'newAppointmentOrganizerCreated', minVersion: '1.10' },
  OnMessageAttachmentsChanged: { name: 'messageAttachmentsChanged', minVersion: '1.11' },
  OnAppointmentAttachmentsChanged: { name: 'appointmentAttachmentsChanged', minVersion: '1.11' },
  OnMessageRecipientsChanged: { name: 'messageRecipientsChanged', minVersion: '1.11' },
  OnAppointmentAttendeesChanged: { name: 'appointmentAttendeesChanged', minVersion: '1.11' },
  OnAppointmentTimeChanged: { name: 'appointmentTimeChanged', minVersion: '1.11' },
  OnAppointmentRecurrenceChanged: { name: 'appointmentRecurrenceChanged', minVersion: '1.11' },
  OnInfoBarDismissClicked: { name: 'infoBarDismissClicked', minVersion: '1.11' },
  OnMessageSend: { name: 'messageSending', minVersion: '1.12' },
  OnAppointmentSend: { name: 'appointmentSending', minVersion: '1.12' },
  OnMessageCompose: { name: 'messageComposeOpened', minVersion: '1.12' },
  OnAppointmentOrganizer: { name: 'appointmentOrganizerOpened', minVersion: '1.12' },
};

const DESKTOP_SURFACES: Readonly<Record<string, string>> = {
  MessageReadCommandSurface: 'mailRead',
  MessageComposeCommandSurface: 'mailCompose',
  AppointmentOrganizerCommandSurface: 'meetingDetailsOrganizer',
  AppointmentAttendeeCommandSurface: 'meetingDetailsAttendee',
};

const MOBILE_SURFACES: Readonly<Record<string, string>> = {
  MobileMessageReadCommandSurface: 'mailRead',
  MobileOnlineMeetingCommandSurface: 'onlineMeetingDetailsOrganizer',
  MobileLogEventAppointmentAttendee: 'logEventMeetingDetailsAttendee',
};

const PERMISSIONS: Readonly<Record<string, string>> = {
  Restricted: 'MailboxItem.Restricted.User',
  ReadItem: 'MailboxItem.Read.User',
  ReadWriteItem: 'MailboxItem.ReadWrite.User',
  ReadWriteMailbox: 'Mailbox.ReadWrite.User',
};

const LIMITS = { nameShort: 30, nameFull: 100, descriptionShort: 80, descriptionFull: 4000, label: 64, mobileLabel: 32, developerName: 32 } as const;

interface Localized {
  value: string;
  /** Override values by locale as written, e.g. "ru-RU". */
  overrides: Map<string, string>;
}

function typeOf(element: XmlElement): string | undefined {
  return attr(element, 'xsi:type');
}

function unsupported(message: string): UnifiedManifestError {
  return new UnifiedManifestError('unified_manifest_unsupported', message);
}

function localizedOf(element: XmlElement | undefined, defaultAttribute = 'DefaultValue', overrideAttribute = 'Value'): Localized | undefined {
  if (!element) return undefined;
  const value = attr(element, defaultAttribute);
  if (value === undefined) return undefined;
  const overrides = new Map<string, string>();
  for (const o of childElements(element, 'Override')) {
    const locale = attr(o, 'Locale');
    const v = attr(o, overrideAttribute);
    if (locale && v !== undefined) overrides.set(locale, v);
  }
  return { value, overrides };
}

/** The first sentence, or the text cut at a word, within `max` characters. */
function shortened(text: string, max: number): string {
  const sentence = /^(.+?[.!?。])(\s|$)/u.exec(text)?.[1] ?? text;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function semver(version: string): string {
  const parts = version.split('.').slice(0, 3).map((p) => String(Number(p)));
  while (parts.length < 3) parts.push('0');
  if (parts.some((p) => !/^\d+$/.test(p))) throw new UnifiedManifestError('unified_manifest_invalid', `Version "${version}" is not numeric`);
  return parts.join('.');
}

interface Resources {
  images: Map<string, string>;
  urls: Map<string, string>;
  strings: Map<string, Localized>;
}

function resourcesOf(versionOverrides: XmlElement): Resources {
  const resources = firstChild(versionOverrides, 'Resources');
  const byId = (group: string, item: string) => {
    const map = new Map<string, XmlElement>();
    const g = resources && firstChild(resources, group);
    for (const e of g ? childElements(g, item) : []) {
      const id = attr(e, 'id');
      if (id) map.set(id, e);
    }
    return map;
  };
  const values = (m: Map<string, XmlElement>) => new Map([...m].map(([id, e]) => [id, attr(e, 'DefaultValue') ?? '']));
  const strings = new Map<string, Localized>();
  for (const group of ['ShortStrings', 'LongStrings']) {
    for (const [id, e] of byId(group, 'String')) {
      const l = localizedOf(e);
      if (l) strings.set(id, l);
    }
  }
  return { images: values(byId('Images', 'Image')), urls: values(byId('Urls', 'Url')), strings };
}

export function unifiedManifestFromXml(xml: string, options: UnifiedManifestOptions = {}): UnifiedManifestPackage {
  let root: XmlElement;
  try {
    root = parseXml(xml).root;
  } catch (e: unknown) {
    if (e instanceof XmlParseError) throw new UnifiedManifestError('unified_manifest_invalid', `the manifest is not well-formed XML: ${e.message}`);
    throw e instanceof Error ? e : new Error(String(e));
  }
  if (root.localName !== 'OfficeApp' || typeOf(root) !== 'MailApp') throw unsupported('only Outlook (MailApp) manifests are converted');

  const text = (name: string) => {
    const e = firstChild(root, name);
    return e ? textOf(e) : undefined;
  };
  const id = text('Id');
  const version = text('Version');
  const displayName = localizedOf(firstChild(root, 'DisplayName'));
  const description = localizedOf(firstChild(root, 'Description'));
  if (!id || !version || !displayName || !description) throw new UnifiedManifestError('unified_manifest_invalid', 'Id, Version, DisplayName and Description are required');
  const supportUrl = attr(firstChild(root, 'SupportUrl') ?? root, 'DefaultValue');
  const defaultLocale = text('DefaultLocale') ?? 'en-US';
  const appDomains = childElements(firstChild(root, 'AppDomains') ?? root, 'AppDomain').map((d) => textOf(d));
  const permission = text('Permissions') ?? 'ReadItem';
  const baseSets = firstChild(firstChild(root, 'Requirements') ?? root, 'Sets');
  const mailboxSet = baseSets ? childElements(baseSets, 'Set').find((s) => attr(s, 'Name') === 'Mailbox') : undefined;
  const baseMinVersion = (mailboxSet && attr(mailboxSet, 'MinVersion')) ?? '1.1';

  const outer = firstChild(root, 'VersionOverrides');
  if (!outer) throw unsupported('a manifest without VersionOverrides (add-in commands) has nothing to put in the unified manifest');
  const vo = firstChild(outer, 'VersionOverrides') ?? outer;
  const resources = resourcesOf(vo);
  const voSets = firstChild(firstChild(vo, 'Requirements') ?? vo, 'Sets');
  const commandsMinVersion = (voSets && attr(voSets, 'DefaultMinVersion')) ?? baseMinVersion;

  // Localizable strings: JSON path → resource, resolved per locale at the end.
  const localizable = new Map<string, Localized>();
  const str = (resid: string | undefined, path: string, max: number): string => {
    const l = resid ? resources.strings.get(resid) : undefined;
    if (!l) throw new UnifiedManifestError('unified_manifest_invalid', `no string resource "${resid ?? ''}" (${path})`);
    for (const v of [l.value, ...l.overrides.values()]) {
      if (v.length > max) throw new UnifiedManifestError('unified_manifest_invalid', `"${v}" is longer than ${max} characters (${path})`);
    }
    localizable.set(path, l);
    return l.value;
  };
  const url = (map: Map<string, string>, resid: string | undefined, what: string): string => {
    const u = resid ? map.get(resid) : undefined;
    if (!u) throw new UnifiedManifestError('unified_manifest_invalid', `no ${what} resource "${resid ?? ''}"`);
    return u;
  };
  const residOf = (parent: XmlElement, child: string) => {
    const e = firstChild(parent, child);
    return e ? attr(e, 'resid') : undefined;
  };

  const host = childElements(firstChild(vo, 'Hosts') ?? vo, 'Host').find((h) => typeOf(h) === 'MailHost');
  if (!host) throw unsupported('the VersionOverrides have no MailHost');

  const runtimes: Record<string, unknown>[] = [];
  const actionIds = new Set<string>();
  const commandRuntimes = new Map<string, { id: string; actions: string[] }>();
  const taskpaneRuntimes = new Map<string, { id: string; actionId: string }>();
  const addAction = (actionId: string) => {
    if (actionIds.has(actionId)) return false;
    actionIds.add(actionId);
    return true;
  };
  const commandAction = (functionFileUrl: string, functionName: string): string => {
    let runtime = commandRuntimes.get(functionFileUrl);
    if (!runtime) {
      runtime = { id: commandRuntimes.size === 0 ? 'CommandsRuntime' : `CommandsRuntime${commandRuntimes.size + 1}`, actions: [] };
      commandRuntimes.set(functionFileUrl, runtime);
    }
    if (!runtime.actions.includes(functionName)) {
      if (!addAction(functionName)) throw unsupported(`the function "${functionName}" is run from two different files`);
      runtime.actions.push(functionName);
    }
    return functionName;
  };
  const taskpaneAction = (pageUrl: string): string => {
    let runtime = taskpaneRuntimes.get(pageUrl);
    if (!runtime) {
      const n = taskpaneRuntimes.size;
      runtime = { id: n === 0 ? 'TaskPaneRuntime' : `TaskPaneRuntime${n + 1}`, actionId: n === 0 ? 'ShowTaskpane' : `ShowTaskpane${n + 1}` };
      addAction(runtime.actionId);
      taskpaneRuntimes.set(pageUrl, runtime);
    }
    return runtime.actionId;
  };
  const actionOf = (control: XmlElement, functionFileUrl: string | undefined, where: string): string => {
    const action = firstChild(control, 'Action');
    const kind = action && typeOf(action);
    if (action && kind === 'ExecuteFunction') {
      const name = textOf(firstChild(action, 'FunctionName') ?? action);
      if (!functionFileUrl) throw new UnifiedManifestError('unified_manifest_invalid', `${where} runs a function but its form factor has no FunctionFile`);
      return commandAction(functionFileUrl, name);
    }
    if (action && kind === 'ShowTaskpane') return taskpaneAction(url(resources.urls, residOf(action, 'SourceLocation'), 'URL'));
    throw unsupported(`${where}: only ExecuteFunction and ShowTaskpane actions are converted`);
  };

  const ribbons: Record<string, unknown>[] = [];
  const events: { type: string; actionId: string; minVersion: string }[] = [];
  let eventsRuntime: Record<string, unknown> | undefined;

  const runtimesElement = firstChild(host, 'Runtimes');
  const launchRuntimes = new Map<string, { page: string; script?: string }>();
  for (const r of runtimesElement ? childElements(runtimesElement, 'Runtime') : []) {
    const resid = attr(r, 'resid');
    const js = childElements(r, 'Override').find((o) => attr(o, 'type') === 'javascript');
    if (resid) launchRuntimes.set(resid, { page: url(resources.urls, resid, 'URL'), ...(js ? { script: url(resources.urls, attr(js, 'resid'), 'URL') } : {}) });
  }

  const desktop = firstChild(host, 'DesktopFormFactor');
  if (desktop) {
    const functionFile = residOf(desktop, 'FunctionFile');
    const functionFileUrl = functionFile ? url(resources.urls, functionFile, 'URL') : undefined;
    const contexts: string[] = [];
    const tabs: Record<string, unknown>[] = [];
    const ribbonIndex = ribbons.length;
    for (const point of childElements(desktop, 'ExtensionPoint')) {
      const type = typeOf(point) ?? '';
      if (type === 'LaunchEvent') {
        const source = residOf(point, 'SourceLocation');
        const runtime = source ? launchRuntimes.get(source) : undefined;
        if (!runtime) throw new UnifiedManifestError('unified_manifest_invalid', 'the LaunchEvent extension point names no Runtime');
        const actions: Record<string, string>[] = [];
        let minVersion = '1.10';
        for (const e of childElements(firstChild(point, 'LaunchEvents') ?? point, 'LaunchEvent')) {
          const mapped = LAUNCH_EVENT_NAMES[attr(e, 'Type') ?? ''];
          const fn = attr(e, 'FunctionName');
          if (!mapped || !fn) throw unsupported(`the launch event "${attr(e, 'Type') ?? ''}" has no unified manifest equivalent`);
          if (addAction(fn)) actions.push({ id: fn, type: 'executeFunction' });
          events.push({ type: mapped.name, actionId: fn, minVersion: mapped.minVersion });
          if (Number(mapped.minVersion.split('.')[1]) < Number(minVersion.split('.')[1])) minVersion = mapped.minVersion;
        }
        eventsRuntime = {
          requirements: { capabilities: [{ name: 'Mailbox', minVersion }] },
          id: 'EventsRuntime',
          type: 'general',
          code: runtime,
          lifetime: 'short',
          actions,
        };
        continue;
      }
      const context = DESKTOP_SURFACES[type];
      if (!context) throw unsupported(`the extension point "${type}" is not converted`);
      contexts.push(context);
      if (tabs.length > 0) continue; // The same tab on several surfaces: one ribbon lists them all as contexts.
      const officeTab = firstChild(point, 'OfficeTab');
      if (!officeTab) throw unsupported(`${type}: only groups on a built-in tab (OfficeTab) are converted`);
      const tabIndex = tabs.length;
      const groups = childElements(officeTab, 'Group').map((group, g) => {
        const base = `extensions[0].ribbons[${ribbonIndex}].tabs[${tabIndex}].groups[${g}]`;
        return {
          id: attr(group, 'id'),
          label: str(residOf(group, 'Label'), `${base}.label`, LIMITS.label),
          controls: childElements(group, 'Control').map((control, c) => {
            if (typeOf(control) !== 'Button') throw unsupported(`control "${attr(control, 'id') ?? ''}": only buttons are converted`);
            const path = `${base}.controls[${c}]`;
            const supertip = firstChild(control, 'Supertip') ?? control;
            const icon = firstChild(control, 'Icon') ?? control;
            return {
              id: attr(control, 'id'),
              type: 'button',
              label: str(residOf(control, 'Label'), `${path}.label`, LIMITS.label),
              icons: childElements(icon, 'Image').map((img) => ({ size: Number(attr(img, 'size')), url: url(resources.images, attr(img, 'resid'), 'image') })),
              supertip: {
                title: str(residOf(supertip, 'Title'), `${path}.supertip.title`, LIMITS.label),
                description: str(residOf(supertip, 'Description'), `${path}.supertip.description`, 250),
              },
              actionId: actionOf(control, functionFileUrl, `control "${attr(control, 'id') ?? ''}"`),
            };
          }),
        };
      });
      tabs.push({ builtInTabId: attr(officeTab, 'id'), groups });
    }
    if (tabs.length) ribbons.push({ requirements: { formFactors: ['desktop'] }, contexts, tabs });
  }

  const mobile = firstChild(host, 'MobileFormFactor');
  if (mobile) {
    const functionFile = residOf(mobile, 'FunctionFile');
    const functionFileUrl = functionFile ? url(resources.urls, functionFile, 'URL') : undefined;
    const ribbonIndex = ribbons.length;
    const contexts: string[] = [];
    const mobileGroups: Record<string, unknown>[] = [];
    for (const point of childElements(mobile, 'ExtensionPoint')) {
      const type = typeOf(point) ?? '';
      const context = MOBILE_SURFACES[type];
      if (!context) throw unsupported(`the mobile extension point "${type}" is not converted`);
      contexts.push(context);
      const groupElements = childElements(point, 'Group');
      // The online-meeting surface holds one control without a group: it becomes a group of its own.
      const groupsHere = groupElements.length ? groupElements.map((g) => ({ element: g, controls: childElements(g, 'Control') })) : [{ element: undefined, controls: childElements(point, 'Control') }];
      for (const { element, controls } of groupsHere) {
        const g = mobileGroups.length;
        const base = `extensions[0].ribbons[${ribbonIndex}].tabs[0].customMobileRibbonGroups[${g}]`;
        const first = controls[0];
        if (!first) continue;
        const labelResid = element ? residOf(element, 'Label') : residOf(first, 'Label');
        mobileGroups.push({
          id: element ? attr(element, 'id') : `${attr(first, 'id') ?? 'Mobile'}.Group`,
          label: str(labelResid, `${base}.label`, LIMITS.mobileLabel),
          controls: controls.map((control, c) => {
            if (typeOf(control) !== 'MobileButton') throw unsupported(`mobile control "${attr(control, 'id') ?? ''}": only mobile buttons are converted`);
            const icon = firstChild(control, 'Icon') ?? control;
            return {
              id: attr(control, 'id'),
              type: 'mobileButton',
              label: str(residOf(control, 'Label'), `${base}.controls[${c}].label`, LIMITS.mobileLabel),
              icons: childElements(icon, 'Image').map((img) => ({
                size: Number(attr(img, 'size')),
                scale: Number(attr(img, 'scale') ?? '1'),
                url: url(resources.images, attr(img, 'resid'), 'image'),
              })),
              actionId: actionOf(control, functionFileUrl, `mobile control "${attr(control, 'id') ?? ''}"`),
            };
          }),
        });
      }
    }
    if (mobileGroups.length) ribbons.push({ requirements: { formFactors: ['mobile'] }, contexts, tabs: [{ builtInTabId: 'TabDefault', customMobileRibbonGroups: mobileGroups }] });
  }

  for (const [page, r] of taskpaneRuntimes) {
    runtimes.push({
      requirements: { capabilities: [{ name: 'Mailbox', minVersion: commandsMinVersion }] },
      id: r.id,
      type: 'general',
      code: { page },
      lifetime: 'long',
      actions: [{ id: r.actionId, type: 'openPage' }],
    });
  }
  for (const [page, r] of commandRuntimes) {
    runtimes.push({
      requirements: { capabilities: [{ name: 'Mailbox', minVersion: commandsMinVersion }] },
      id: r.id,
      type: 'general',
      code: { page },
      lifetime: 'short',
      actions: r.actions.map((a) => ({ id: a, type: 'executeFunction' })),
    });
  }
  if (eventsRuntime) runtimes.push(eventsRuntime);

  const autoRunEvents: Record<string, unknown>[] = [];
  for (const minVersion of [...new Set(events.map((e) => e.minVersion))].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))) {
    autoRunEvents.push({
      requirements: { capabilities: [{ name: 'Mailbox', minVersion }] },
      events: events.filter((e) => e.minVersion === minVersion).map((e) => ({ type: e.type, actionId: e.actionId })),
    });
  }

  const webApplicationInfo = firstChild(vo, 'WebApplicationInfo');
  const resourceSpecific = PERMISSIONS[permission];
  if (!resourceSpecific) throw unsupported(`the permission "${permission}" has no unified manifest equivalent`);
  // Delegate access: the unified manifest says it with a permission rather than an element.
  const sharedFoldersElement = desktop && firstChild(desktop, 'SupportsSharedFolders');
  const sharedFolders = sharedFoldersElement !== undefined && textOf(sharedFoldersElement).trim() === 'true';
  const permissions = [{ name: resourceSpecific, type: 'Delegated' }, ...(sharedFolders ? [{ name: 'Mailbox.SharedFolder', type: 'Delegated' }] : [])];

  const nameShort = displayName.value;
  if (nameShort.length > LIMITS.nameShort) throw new UnifiedManifestError('unified_manifest_invalid', `DisplayName is longer than ${LIMITS.nameShort} characters`);
  const developerName = options.developer?.name ?? shortened(text('ProviderName') ?? nameShort, LIMITS.developerName).replace(/…$/, '');
  const link = (given: string | undefined, what: string) => {
    const value = given ?? supportUrl;
    if (!value) throw new UnifiedManifestError('unified_manifest_invalid', `developer.${what} is required (the manifest has no SupportUrl)`);
    return value;
  };

  const overridesLocales = new Set<string>();
  for (const l of [displayName, description, ...localizable.values()]) for (const locale of l.overrides.keys()) overridesLocales.add(locale);
  const additionalLanguages = [...overridesLocales].filter((l) => l.toLowerCase() !== defaultLocale.toLowerCase()).sort();

  const manifest: Record<string, unknown> = {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${options.manifestVersion ?? UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: options.manifestVersion ?? UNIFIED_MANIFEST_VERSION,
    id: id.toLowerCase(),
    version: semver(version),
    localizationInfo: {
      defaultLanguageTag: defaultLocale.toLowerCase(),
      ...(additionalLanguages.length ? { additionalLanguages: additionalLanguages.map((l) => ({ languageTag: l.toLowerCase(), file: `${l.toLowerCase()}.json` })) } : {}),
    },
    developer: {
      name: developerName,
      websiteUrl: link(options.developer?.websiteUrl, 'websiteUrl'),
      privacyUrl: link(options.developer?.privacyUrl, 'privacyUrl'),
      termsOfUseUrl: link(options.developer?.termsOfUseUrl, 'termsOfUseUrl'),
    },
    name: { short: nameShort, full: nameShort },
    description: { short: shortened(description.value, LIMITS.descriptionShort), full: description.value.slice(0, LIMITS.descriptionFull) },
    icons: options.icons ?? { color: 'color.png', outline: 'outline.png' },
    accentColor: options.accentColor ?? '#FFFFFF',
    validDomains: [...new Set(appDomains.map((d) => { try { return new URL(d).host; } catch { return d; } }))],
    ...(webApplicationInfo
      ? { webApplicationInfo: { id: textOf(firstChild(webApplicationInfo, 'Id') ?? webApplicationInfo), resource: textOf(firstChild(webApplicationInfo, 'Resource') ?? webApplicationInfo) } }
      : {}),
    authorization: { permissions: { resourceSpecific: permissions } },
    extensions: [
      {
        requirements: { scopes: ['mail'], capabilities: [{ name: 'Mailbox', minVersion: baseMinVersion }] },
        runtimes,
        ribbons,
        ...(autoRunEvents.length ? { autoRunEvents } : {}),
      },
    ],
  };

  const localizationFiles: Record<string, Record<string, string>> = {};
  for (const locale of additionalLanguages) {
    const file: Record<string, string> = {
      $schema: `https://developer.microsoft.com/json-schemas/teams/v${options.manifestVersion ?? UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`,
    };
    const name = displayName.overrides.get(locale);
    if (name) {
      file['name.short'] = name.slice(0, LIMITS.nameShort);
      file['name.full'] = name.slice(0, LIMITS.nameFull);
    }
    const desc = description.overrides.get(locale);
    if (desc) {
      file['description.short'] = shortened(desc, LIMITS.descriptionShort);
      file['description.full'] = desc.slice(0, LIMITS.descriptionFull);
    }
    for (const [path, l] of localizable) {
      const v = l.overrides.get(locale);
      if (v !== undefined) file[path] = v;
    }
    localizationFiles[`${locale.toLowerCase()}.json`] = file;
  }
  return { manifest, localizationFiles };
}
