/**
 * Offline checks of an Outlook add-in manifest (XML): what `office-addin-manifest validate` and
 * Office itself would refuse, and what Office accepts but then breaks on silently (a resid that
 * points nowhere shows an empty button; a missing icon shows a grey square; a launch event whose
 * runtime has no JavaScript file never runs in classic Outlook on Windows).
 *
 * Pure: files are read through the `readAsset` function the caller passes, so the same checks run
 * on the repository's assets/ folder and on a webpack compilation's output.
 *
 * Limits come from the manifest reference (learn.microsoft.com/javascript/api/manifest): resource
 * ids at most 32 characters; ShortStrings 125; LongStrings 250; URLs 2048 and HTTPS; DisplayName
 * 125; Description 250; IconUrl 64x64 and HighResolutionIconUrl 128x128 for mail add-ins; button
 * icons 16, 32 and 80 required; mobile icons 25, 32 and 48 at scales 1, 2 and 3, and for the
 * online-meeting surface greyscale (#919191); an online-meeting add-in may have only one function
 * command on the appointment organizer surface; SupportsSharedFolders (delegate access, Mailbox 1.8)
 * only in the DesktopFormFactor of a VersionOverrides 1.1, after the extension points, true or false.
 */
import { contentModelOf } from './manifest-content-models';
import { XmlElement, XmlParseError, attr, childElements, descendants, firstChild, parseXml, textOf } from './parse-xml';
import { readPngInfo } from './png-info';

export type ManifestProblemCode =
  | 'xml_malformed'
  | 'root_invalid'
  | 'element_order'
  | 'element_missing'
  | 'element_unknown'
  | 'attribute_missing'
  | 'id_invalid'
  | 'version_invalid'
  | 'resid_undefined'
  | 'resid_duplicate'
  | 'resid_too_long'
  | 'control_id_duplicate'
  | 'control_id_too_long'
  | 'url_invalid'
  | 'url_not_https'
  | 'url_too_long'
  | 'string_empty'
  | 'string_too_long'
  | 'locale_missing'
  | 'icon_missing'
  | 'icon_unreadable'
  | 'icon_size_mismatch'
  | 'icon_size_missing'
  | 'icon_not_greyscale'
  | 'launch_event_runtime_missing'
  | 'runtime_javascript_missing'
  | 'online_meeting_invalid'
  | 'shared_folders_invalid';

export interface ManifestProblem {
  code: ManifestProblemCode;
  message: string;
  /** 1-based line in the manifest, when the problem belongs to one element. */
  line?: number;
}

export interface CheckManifestOptions {
  /**
   * The bytes of the file an icon URL points to, or undefined when there is no such file.
   * Without it, icon files are not checked (only their URLs).
   */
  readAsset?: (url: URL) => Uint8Array | undefined;
  /** Locales every user-visible string must have an Override for (default REQUIRED_LOCALES). */
  locales?: readonly string[];
}

/** The locales the product ships its manifest strings in, besides the default en-US. */
export const REQUIRED_LOCALES: readonly string[] = ['ru-RU', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'];

export const MANIFEST_LIMITS = {
  resid: 32,
  shortString: 125,
  longString: 250,
  url: 2048,
  displayName: 125,
  description: 250,
  controlId: 125,
} as const;

const APP_FOR_OFFICE_NS = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){0,3}$/;
const DESKTOP_ICON_SIZES = [16, 32, 80];
const MOBILE_ICON_SIZES = [25, 32, 48];
const MOBILE_ICON_SCALES = [1, 2, 3];
const BASE_ICON_SIZES: Record<string, number> = { IconUrl: 64, HighResolutionIconUrl: 128 };

type ResourceKind = 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings';

class Checker {
  readonly problems: ManifestProblem[] = [];
  private readonly checkedIcons = new Set<string>();

  constructor(private readonly options: CheckManifestOptions) {}

  report(code: ManifestProblemCode, message: string, at?: XmlElement): void {
    this.problems.push(at ? { code, message, line: at.line } : { code, message });
  }

  get locales(): readonly string[] {
    return this.options.locales ?? REQUIRED_LOCALES;
  }

  /** Child order, unknown children and required children, for every element with a known content model. */
  structure(root: XmlElement): void {
    for (const element of [root, ...descendants(root)]) {
      const model = contentModelOf(element);
      if (!model) continue;
      const children = childElements(element);
      let lastIndex = -1;
      let lastName = '';
      for (const child of children) {
        const index = model.sequence.indexOf(child.localName);
        if (index < 0) {
          this.report('element_unknown', `<${child.name}> is not expected inside <${element.name}>`, child);
          continue;
        }
        if (index < lastIndex) {
          this.report('element_order', `<${child.name}> must come before <${lastName}> inside <${element.name}>`, child);
        } else {
          lastIndex = index;
          lastName = child.name;
        }
      }
      for (const name of model.required ?? []) {
        if (!children.some((c) => c.localName === name))
          this.report('element_missing', `<${element.name}> needs a <${name}> child`, element);
      }
    }
  }

  url(value: string | undefined, what: string, at: XmlElement): URL | undefined {
    if (value === undefined || value.trim() === '') {
      this.report('url_invalid', `${what} has no URL`, at);
      return undefined;
    }
    if (value.length > MANIFEST_LIMITS.url)
      this.report('url_too_long', `${what} is ${value.length} characters long; URLs may have at most ${MANIFEST_LIMITS.url}`, at);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.report('url_invalid', `${what} is not an absolute URL: "${value}"`, at);
      return undefined;
    }
    if (url.protocol !== 'https:') this.report('url_not_https', `${what} must use https: "${value}"`, at);
    return url;
  }

  /** A localisable value: DefaultValue plus one Override per locale. */
  localised(
    element: XmlElement,
    what: string,
    check: (value: string, label: string, at: XmlElement) => void,
    overrideValueAttribute = 'Value',
  ): void {
    const defaultValue = attr(element, 'DefaultValue');
    if (defaultValue === undefined) this.report('attribute_missing', `${what} has no DefaultValue`, element);
    else check(defaultValue, what, element);
    const overrides = childElements(element, 'Override');
    for (const o of overrides) {
      const locale = attr(o, 'Locale');
      const value = attr(o, overrideValueAttribute);
      if (locale === undefined || value === undefined) {
        this.report('attribute_missing', `an Override of ${what} needs Locale and ${overrideValueAttribute}`, o);
        continue;
      }
      check(value, `${what} (${locale})`, o);
    }
  }

  localesCovered(element: XmlElement, what: string): void {
    const have = new Set(childElements(element, 'Override').map((o) => (attr(o, 'Locale') ?? '').toLowerCase()));
    const missing = this.locales.filter((l) => !have.has(l.toLowerCase()));
    if (missing.length > 0) this.report('locale_missing', `${what} has no translation for ${missing.join(', ')}`, element);
  }

  text(limit: number, kind: string): (value: string, label: string, at: XmlElement) => void {
    return (value, label, at) => {
      if (value.trim() === '') this.report('string_empty', `${label} is empty`, at);
      // Count characters as users see them (code points), not UTF-16 units.
      const length = [...value].length;
      if (length > limit) this.report('string_too_long', `${label} is ${length} characters long; a ${kind} may have at most ${limit}`, at);
    };
  }

  /** The icon file behind a URL: present, a PNG, of the expected pixel size and colour. */
  iconFile(url: URL | undefined, expected: { pixels?: number; greyscale?: boolean }, what: string, at: XmlElement): void {
    const read = this.options.readAsset;
    if (!read || !url || url.protocol !== 'https:') return;
    const key = `${url.href}|${expected.pixels ?? ''}|${expected.greyscale ? 'g' : ''}`;
    if (this.checkedIcons.has(key)) return;
    this.checkedIcons.add(key);
    const bytes = read(url);
    if (!bytes) {
      this.report('icon_missing', `${what}: no file for ${url.href}`, at);
      return;
    }
    const png = readPngInfo(bytes);
    if (!png) {
      this.report('icon_unreadable', `${what}: ${url.href} is not a PNG`, at);
      return;
    }
    if (expected.pixels !== undefined && (png.width !== expected.pixels || png.height !== expected.pixels)) {
      this.report(
        'icon_size_mismatch',
        `${what}: ${url.href} is ${png.width}x${png.height}, expected ${expected.pixels}x${expected.pixels}`,
        at,
      );
    }
    if (expected.greyscale && !png.greyscale) {
      this.report('icon_not_greyscale', `${what}: ${url.href} must be greyscale (#919191) on the mobile online-meeting surface`, at);
    }
  }

  base(root: XmlElement): void {
    const id = firstChild(root, 'Id');
    if (id && !GUID.test(textOf(id))) this.report('id_invalid', `<Id> must be a GUID, got "${textOf(id)}"`, id);
    const version = firstChild(root, 'Version');
    if (version && !VERSION.test(textOf(version)))
      this.report('version_invalid', `<Version> must look like 1.0.0.0, got "${textOf(version)}"`, version);

    const displayName = firstChild(root, 'DisplayName');
    if (displayName) {
      this.localised(displayName, 'DisplayName', this.text(MANIFEST_LIMITS.displayName, 'DisplayName'));
      this.localesCovered(displayName, 'DisplayName');
    }
    const description = firstChild(root, 'Description');
    if (description) {
      this.localised(description, 'Description', this.text(MANIFEST_LIMITS.description, 'Description'));
      this.localesCovered(description, 'Description');
    }
    for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl']) {
      const element = firstChild(root, name);
      if (!element) continue;
      this.localised(element, name, (value, label, at) => {
        const url = this.url(value, label, at);
        const pixels = BASE_ICON_SIZES[name];
        if (pixels !== undefined) this.iconFile(url, { pixels }, label, at);
      });
    }
    const appDomains = firstChild(root, 'AppDomains');
    for (const domain of appDomains ? childElements(appDomains, 'AppDomain') : []) {
      this.url(textOf(domain), 'AppDomain', domain);
    }
    const formSettings = firstChild(root, 'FormSettings');
    for (const location of formSettings ? descendants(formSettings).filter((e) => e.localName === 'SourceLocation') : []) {
      this.localised(location, 'FormSettings SourceLocation', (value, label, at) => void this.url(value, label, at));
    }
  }

  versionOverrides(vo: XmlElement): void {
    const resources = firstChild(vo, 'Resources');
    const defined = new Map<ResourceKind, Map<string, XmlElement>>();
    for (const kind of ['Images', 'Urls', 'ShortStrings', 'LongStrings'] as const) {
      const byId = new Map<string, XmlElement>();
      defined.set(kind, byId);
      const group = resources && firstChild(resources, kind);
      for (const resource of group ? childElements(group) : []) {
        const id = attr(resource, 'id');
        if (id === undefined) {
          this.report('attribute_missing', `a resource in <${kind}> has no id`, resource);
          continue;
        }
        if (id.length > MANIFEST_LIMITS.resid)
          this.report(
            'resid_too_long',
            `the resource id "${id}" is ${id.length} characters long; at most ${MANIFEST_LIMITS.resid}`,
            resource,
          );
        if (byId.has(id)) this.report('resid_duplicate', `the resource id "${id}" is defined twice in <${kind}>`, resource);
        byId.set(id, resource);
        this.resource(kind, id, resource);
      }
    }

    // A nested VersionOverrides inherits nothing from its parent: references resolve in their own node.
    const own = descendants(vo, (e) => e.localName === 'VersionOverrides').filter(
      (e) => e.localName !== 'VersionOverrides' && !isInside(e, 'Resources', vo),
    );
    const resolve = (element: XmlElement, kinds: ResourceKind[], what: string): XmlElement | undefined => {
      const resid = attr(element, 'resid');
      if (resid === undefined) {
        this.report('attribute_missing', `<${element.name}> (${what}) has no resid`, element);
        return undefined;
      }
      if (resid.length > MANIFEST_LIMITS.resid)
        this.report('resid_too_long', `the resid "${resid}" is ${resid.length} characters long; at most ${MANIFEST_LIMITS.resid}`, element);
      for (const kind of kinds) {
        const found = defined.get(kind)?.get(resid);
        if (found) return found;
      }
      this.report('resid_undefined', `<${element.name} resid="${resid}"> (${what}) names no resource in ${kinds.join(' or ')}`, element);
      return undefined;
    };

    const controlIds = new Map<string, XmlElement>();
    for (const e of own) {
      const parent = e.parent?.localName;
      switch (e.localName) {
        case 'Image':
          if (parent === 'Icon') this.iconImage(e, resolve(e, ['Images'], 'icon'));
          break;
        case 'SourceLocation':
        case 'FunctionFile':
        case 'Runtime':
          resolve(e, ['Urls'], e.localName);
          break;
        case 'Override':
          if (parent === 'Runtime') resolve(e, ['Urls'], 'runtime override');
          break;
        case 'Label':
        case 'Title':
          resolve(e, ['ShortStrings'], e.localName);
          break;
        case 'Tooltip':
          resolve(e, ['LongStrings'], 'Tooltip');
          break;
        case 'Description':
          resolve(e, parent === 'Supertip' ? ['LongStrings'] : ['ShortStrings', 'LongStrings'], 'Description');
          break;
        case 'Group':
        case 'Control':
        case 'CustomTab': {
          const id = attr(e, 'id');
          if (id === undefined) {
            this.report('attribute_missing', `<${e.name}> has no id`, e);
            break;
          }
          if (id.length > MANIFEST_LIMITS.controlId)
            this.report('control_id_too_long', `the id "${id}" is longer than ${MANIFEST_LIMITS.controlId} characters`, e);
          if (controlIds.has(id)) this.report('control_id_duplicate', `the id "${id}" is used by more than one group or control`, e);
          controlIds.set(id, e);
          break;
        }
        default:
          break;
      }
    }

    for (const host of own.filter((e) => e.localName === 'Host')) {
      this.launchEvents(host, defined.get('Urls') ?? new Map());
      this.onlineMeeting(host);
    }
  }

  resource(kind: ResourceKind, id: string, resource: XmlElement): void {
    const what = `${kind} "${id}"`;
    if (kind === 'Images' || kind === 'Urls') {
      this.localised(resource, what, (value, label, at) => void this.url(value, label, at));
      return;
    }
    const [limit, name] =
      kind === 'ShortStrings' ? [MANIFEST_LIMITS.shortString, 'ShortString'] : [MANIFEST_LIMITS.longString, 'LongString'];
    this.localised(resource, what, this.text(limit, name));
    this.localesCovered(resource, what);
  }

  /** One <bt:Image size scale resid> inside an <Icon>: the file behind every locale's URL. */
  iconImage(image: XmlElement, resource: XmlElement | undefined): void {
    if (!resource) return;
    const size = Number(attr(image, 'size'));
    const scale = Number(attr(image, 'scale') ?? '1');
    const greyscale = isInside(image, 'ExtensionPoint', undefined, 'MobileOnlineMeetingCommandSurface');
    const pixels = Number.isFinite(size) && Number.isFinite(scale) ? size * scale : undefined;
    const what = `icon ${attr(image, 'resid')} (size ${size}${attr(image, 'scale') ? `, scale ${scale}` : ''})`;
    for (const target of [resource, ...childElements(resource, 'Override')]) {
      const value = attr(target, target === resource ? 'DefaultValue' : 'Value');
      let url: URL | undefined;
      try {
        url = value ? new URL(value) : undefined;
      } catch {
        url = undefined;
      }
      this.iconFile(url, { pixels, greyscale }, what, image);
    }
  }

  /** Every Icon carries the sizes its form factor requires. */
  iconSets(root: XmlElement): void {
    for (const icon of descendants(root).filter((e) => e.localName === 'Icon' && e.parent?.localName === 'Control')) {
      const images = childElements(icon, 'Image').map((i) => ({ size: Number(attr(i, 'size')), scale: Number(attr(i, 'scale') ?? '1') }));
      const mobile = isInside(icon, 'MobileFormFactor');
      const missing: string[] = [];
      if (mobile) {
        for (const size of MOBILE_ICON_SIZES) {
          for (const scale of MOBILE_ICON_SCALES)
            if (!images.some((i) => i.size === size && i.scale === scale)) missing.push(`${size}@${scale}x`);
        }
      } else {
        for (const size of DESKTOP_ICON_SIZES) if (!images.some((i) => i.size === size)) missing.push(String(size));
      }
      if (missing.length > 0)
        this.report(
          'icon_size_missing',
          `the icon of control "${attr(icon.parent as XmlElement, 'id') ?? '?'}" lacks sizes ${missing.join(', ')}`,
          icon,
        );
    }
  }

  /** A launch event runs in the host's runtime; classic Outlook on Windows loads only its JavaScript override. */
  launchEvents(host: XmlElement, urls: Map<string, XmlElement>): void {
    const runtimesElement = firstChild(host, 'Runtimes');
    const runtimes = runtimesElement ? childElements(runtimesElement, 'Runtime') : [];
    for (const point of descendants(host).filter((e) => e.localName === 'ExtensionPoint' && attr(e, 'xsi:type')?.endsWith('LaunchEvent'))) {
      for (const event of descendants(point).filter((e) => e.localName === 'LaunchEvent')) {
        if (!attr(event, 'Type') || !attr(event, 'FunctionName'))
          this.report('attribute_missing', '<LaunchEvent> needs Type and FunctionName', event);
      }
      const source = firstChild(point, 'SourceLocation');
      const resid = source && attr(source, 'resid');
      if (!source || !resid) continue;
      const runtime = runtimes.find((r) => attr(r, 'resid') === resid);
      if (!runtime) {
        this.report(
          'launch_event_runtime_missing',
          `the launch events' SourceLocation "${resid}" is not the resid of a <Runtime> in this host`,
          source,
        );
        continue;
      }
      if (!isInside(point, 'DesktopFormFactor')) continue;
      const js = childElements(runtime, 'Override').find((o) => attr(o, 'type') === 'javascript');
      if (!js) {
        this.report(
          'runtime_javascript_missing',
          `the runtime "${resid}" has no <Override type="javascript">: classic Outlook on Windows would not run the launch events`,
          runtime,
        );
        continue;
      }
      const jsResource = urls.get(attr(js, 'resid') ?? '');
      const jsUrl = jsResource && attr(jsResource, 'DefaultValue');
      if (jsUrl !== undefined && !pathOf(jsUrl).endsWith('.js')) {
        this.report('runtime_javascript_missing', `the runtime's JavaScript override must point at a .js file, got "${jsUrl}"`, js);
      }
    }
  }

  /**
   * SupportsSharedFolders: Mail 1.1 only (a VersionOverrides 1.0 that has it is refused as a whole),
   * a boolean. Its place after the extension points is the content model's.
   */
  sharedFolders(root: XmlElement): void {
    for (const element of descendants(root).filter((e) => e.localName === 'SupportsSharedFolders')) {
      const vo = ancestorNamed(element, 'VersionOverrides');
      if (element.parent?.localName !== 'DesktopFormFactor' || attr(vo ?? element, 'xsi:type') !== 'VersionOverridesV1_1') {
        this.report(
          'shared_folders_invalid',
          '<SupportsSharedFolders> belongs in the <DesktopFormFactor> of a VersionOverrides 1.1 (Mail 1.1)',
          element,
        );
        continue;
      }
      const value = textOf(element).trim();
      if (value !== 'true' && value !== 'false')
        this.report('shared_folders_invalid', `<SupportsSharedFolders> must be true or false, got "${value}"`, element);
    }
  }

  /** The mobile online-meeting toggle: one MobileButton running a function; one function command on the organizer surface. */
  onlineMeeting(host: XmlElement): void {
    const points = descendants(host).filter((e) => e.localName === 'ExtensionPoint');
    const mobile = points.filter((e) => attr(e, 'xsi:type') === 'MobileOnlineMeetingCommandSurface');
    if (mobile.length === 0) return;
    for (const point of mobile) {
      const controls = childElements(point, 'Control');
      const control = controls[0];
      const action = control && firstChild(control, 'Action');
      if (
        controls.length !== 1 ||
        !control ||
        attr(control, 'xsi:type') !== 'MobileButton' ||
        !action ||
        attr(action, 'xsi:type') !== 'ExecuteFunction'
      ) {
        this.report(
          'online_meeting_invalid',
          'MobileOnlineMeetingCommandSurface must hold exactly one MobileButton control with an ExecuteFunction action',
          point,
        );
      }
    }
    for (const organizer of points.filter((e) => attr(e, 'xsi:type') === 'AppointmentOrganizerCommandSurface')) {
      const functions = descendants(organizer).filter((e) => e.localName === 'Action' && attr(e, 'xsi:type') === 'ExecuteFunction');
      if (functions.length > 1) {
        this.report(
          'online_meeting_invalid',
          `an online-meeting add-in may have only one function command on the appointment organizer surface, found ${functions.length}`,
          organizer,
        );
      }
    }
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** The nearest ancestor named `localName`. */
function ancestorNamed(element: XmlElement, localName: string): XmlElement | undefined {
  for (let p = element.parent; p; p = p.parent) if (p.localName === localName) return p;
  return undefined;
}

/** Whether `element` has an ancestor named `localName` (below `within`, with the given xsi:type if asked). */
function isInside(element: XmlElement, localName: string, within?: XmlElement, type?: string): boolean {
  for (let p = element.parent; p && p !== within; p = p.parent) {
    if (p.localName === localName && (type === undefined || attr(p, 'xsi:type') === type)) return true;
  }
  return false;
}

/** Checks a manifest; returns the problems found (an empty list when there are none). */
export function checkManifest(xml: string, options: CheckManifestOptions = {}): ManifestProblem[] {
  const checker = new Checker(options);
  let root: XmlElement;
  try {
    root = parseXml(xml).root;
  } catch (e: unknown) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (!(err instanceof XmlParseError)) throw err;
    return [{ code: 'xml_malformed', message: err.message, line: err.line }];
  }
  if (root.localName !== 'OfficeApp' || root.namespace !== APP_FOR_OFFICE_NS || attr(root, 'xsi:type') !== 'MailApp') {
    checker.report('root_invalid', `the root must be <OfficeApp xmlns="${APP_FOR_OFFICE_NS}" xsi:type="MailApp">`, root);
    return checker.problems;
  }
  checker.structure(root);
  checker.base(root);
  for (const vo of descendants(root).filter((e) => e.localName === 'VersionOverrides')) checker.versionOverrides(vo);
  checker.iconSets(root);
  checker.sharedFolders(root);
  return checker.problems;
}
