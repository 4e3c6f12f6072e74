/**
 * Renders manifest.xml for one deployment: the repository's manifest carries the local development
 * URLs (https://localhost:3000); a deployment needs its own origin everywhere a URL appears (icons,
 * pages, the function file, the launch-event runtime, AppDomains, FormSettings, the Application ID
 * URI in WebApplicationInfo), and may need its own add-in id and Entra client id.
 *
 * The template is parsed and edited in place (by source offsets), so comments, layout and every
 * element the renderer does not know about come through unchanged.
 */
import { XmlElement, XmlParseError, XmlText, childElements, descendants, parseXml } from './parse-xml';

/** The origin manifest.xml is written for: the webpack dev server. */
export const DEV_ADDIN_BASE_URL = 'https://localhost:3000';

export interface RenderManifestOptions {
  /** Where the add-in's web files are served, e.g. https://scheduler.example.com or https://example.com/outlook. */
  baseUrl: string;
  /** The add-in's own id (OfficeApp/Id), a GUID; one per deployment when several share a tenant. */
  appId?: string;
  /** The Entra application (client) id of the add-in, written into WebApplicationInfo/Id. */
  addinClientId?: string;
  /** The Application ID URI for WebApplicationInfo/Resource; by default the template's, moved to the deployment's host. */
  apiResource?: string;
  /** Appended to the display name in every locale, e.g. " (staging)", so two deployments can be told apart. */
  displayNameSuffix?: string;
  /** The origin the template is written for (default DEV_ADDIN_BASE_URL). */
  templateBaseUrl?: string;
}

export type ManifestRenderErrorCode = 'manifest_base_url_invalid' | 'manifest_option_invalid' | 'manifest_template_invalid';

export class ManifestRenderError extends Error {
  constructor(
    readonly code: ManifestRenderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ManifestRenderError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Edit {
  start: number;
  end: number;
  text: string;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(s: string, quote: '"' | "'"): string {
  const escaped = escapeText(s);
  return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&apos;');
}

/** Checks and normalises a base URL: absolute https, no query, fragment or credentials, no trailing slash. */
export function normaliseBaseUrl(raw: string, what = 'baseUrl'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ManifestRenderError('manifest_base_url_invalid', `${what} must be an absolute URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:') {
    throw new ManifestRenderError(
      'manifest_base_url_invalid',
      `${what} must be an https:// URL (Office loads add-ins over HTTPS only), got "${raw}"`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ManifestRenderError('manifest_base_url_invalid', `${what} must not carry a query, fragment or credentials, got "${raw}"`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function withoutTrailingSlash(url: URL): string {
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** When `value` is `prefix` or continues it with a path, query or fragment, the rest; otherwise undefined. */
function restAfter(value: string, prefix: string): string | undefined {
  if (!value.startsWith(prefix)) return undefined;
  const rest = value.slice(prefix.length);
  return rest === '' || '/?#'.includes(rest[0] ?? '') ? rest : undefined;
}

/** The edit that replaces the trimmed content of a text node. */
function textEdit(source: string, node: XmlText, replacement: string): Edit {
  const raw = source.slice(node.start, node.end);
  const lead = raw.length - raw.trimStart().length;
  const trail = raw.length - raw.trimEnd().length;
  return { start: node.start + lead, end: node.end - trail, text: node.cdata ? replacement : escapeText(replacement) };
}

function textNodes(element: XmlElement): XmlText[] {
  return element.children.filter((c): c is XmlText => c.kind === 'text' && c.value.trim() !== '');
}

/**
 * Renders `template` (manifest.xml as written for the dev server) for a deployment.
 * Throws ManifestRenderError: manifest_base_url_invalid, manifest_option_invalid, manifest_template_invalid.
 */
export function renderManifest(template: string, options: RenderManifestOptions): string {
  const base = normaliseBaseUrl(options.baseUrl);
  const from = normaliseBaseUrl(options.templateBaseUrl ?? DEV_ADDIN_BASE_URL, 'templateBaseUrl');
  for (const [name, value] of [
    ['appId', options.appId],
    ['addinClientId', options.addinClientId],
  ] as const) {
    if (value !== undefined && !GUID.test(value))
      throw new ManifestRenderError('manifest_option_invalid', `${name} must be a GUID, got "${value}"`);
  }
  if (options.apiResource !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(options.apiResource)) {
    throw new ManifestRenderError(
      'manifest_option_invalid',
      `apiResource must be an Application ID URI such as api://host/<client id>, got "${options.apiResource}"`,
    );
  }

  let root: XmlElement;
  try {
    root = parseXml(template).root;
  } catch (e: unknown) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof XmlParseError)
      throw new ManifestRenderError('manifest_template_invalid', `the manifest template is not well-formed XML: ${err.message}`);
    throw err;
  }
  if (root.localName !== 'OfficeApp')
    throw new ManifestRenderError('manifest_template_invalid', 'the manifest template has no <OfficeApp> root');

  const fromPrefix = withoutTrailingSlash(from);
  const toPrefix = withoutTrailingSlash(base);
  const fromApi = `api://${from.host}`;
  const toApi = `api://${base.host}`;
  const edits: Edit[] = [];

  for (const element of [root, ...descendants(root)]) {
    for (const a of element.attributes) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const rest = restAfter(a.value, fromPrefix);
      if (rest !== undefined) edits.push({ start: a.valueStart, end: a.valueEnd, text: escapeAttribute(toPrefix + rest, a.quote) });
    }

    const inWebApplicationInfo = element.parent?.localName === 'WebApplicationInfo';
    for (const node of textNodes(element)) {
      const value = node.value.trim();
      if (element.localName === 'AppDomain' && restAfter(value, from.origin) !== undefined) {
        // AppDomains hold origins; a deployment under a path still has one origin.
        edits.push(textEdit(template, node, base.origin));
      } else if (inWebApplicationInfo && element.localName === 'Resource' && restAfter(value, fromApi) !== undefined) {
        edits.push(textEdit(template, node, options.apiResource ?? toApi + (restAfter(value, fromApi) ?? '')));
      } else if (inWebApplicationInfo && element.localName === 'Id' && options.addinClientId) {
        edits.push(textEdit(template, node, options.addinClientId));
      } else if (element.parent === root && element.localName === 'Id' && options.appId) {
        edits.push(textEdit(template, node, options.appId));
      } else {
        const rest = restAfter(value, fromPrefix);
        if (rest !== undefined) edits.push(textEdit(template, node, toPrefix + rest));
      }
    }
  }

  if (options.displayNameSuffix) {
    for (const displayName of childElements(root, 'DisplayName')) {
      for (const target of [displayName, ...childElements(displayName, 'Override')]) {
        const a = target.attributes.find((x) => x.name === (target === displayName ? 'DefaultValue' : 'Value'));
        if (a) edits.push({ start: a.valueStart, end: a.valueEnd, text: escapeAttribute(a.value + options.displayNameSuffix, a.quote) });
      }
    }
  }

  edits.sort((x, y) => y.start - x.start);
  let out = template;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
