/**
 * What the dev host takes from the add-in's manifest.xml, as Outlook does when it installs an
 * add-in: its id (custom properties are keyed by it), the task pane, function file and
 * launch-event pages, the function a command runs, the launch-event handlers, and the API of
 * Office's single sign-on (WebApplicationInfo).
 */

export interface AddinManifest {
  id: string;
  displayName: string;
  taskpaneUrl: string;
  functionFileUrl: string;
  launchEventUrl?: string;
  /** The FunctionName of the appointment organizer command (the first ExecuteFunction). */
  commandFunction?: string;
  /** LaunchEvent Type → FunctionName. */
  launchEvents: Record<string, string>;
  appDomains: string[];
  /** WebApplicationInfo/Resource: the API Office's single sign-on gets tokens for. */
  ssoResource?: string;
}

export class ManifestError extends Error {
  readonly code = 'manifest_invalid';
}

function byLocalName(doc: Document, name: string): Element[] {
  return Array.from(doc.getElementsByTagName('*')).filter((el) => el.localName === name);
}

function resourceUrl(doc: Document, id: string): string | undefined {
  return (
    byLocalName(doc, 'Url')
      .find((el) => el.getAttribute('id') === id)
      ?.getAttribute('DefaultValue') ?? undefined
  );
}

export function parseAddinManifest(xml: string): AddinManifest {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new ManifestError('manifest.xml is not well-formed XML');
  const root = doc.documentElement;
  const id = Array.from(root.children)
    .find((el) => el.localName === 'Id')
    ?.textContent?.trim();
  if (!id) throw new ManifestError('manifest.xml has no <Id>');
  const displayName =
    Array.from(root.children)
      .find((el) => el.localName === 'DisplayName')
      ?.getAttribute('DefaultValue') ?? 'Add-in';
  const taskpaneUrl =
    resourceUrl(doc, 'Taskpane.Url') ??
    byLocalName(doc, 'SourceLocation')
      .map((el) => el.getAttribute('DefaultValue'))
      .find((v): v is string => Boolean(v));
  const functionFileUrl = resourceUrl(doc, 'Commands.Url');
  if (!taskpaneUrl || !functionFileUrl) throw new ManifestError('manifest.xml names no task pane or function file');
  const launchEvents: Record<string, string> = {};
  for (const el of byLocalName(doc, 'LaunchEvent')) {
    const type = el.getAttribute('Type');
    const fn = el.getAttribute('FunctionName');
    if (type && fn) launchEvents[type] = fn;
  }
  return {
    id,
    displayName,
    taskpaneUrl,
    functionFileUrl,
    launchEventUrl: resourceUrl(doc, 'LaunchEvent.Url'),
    commandFunction: byLocalName(doc, 'FunctionName')[0]?.textContent?.trim() || undefined,
    launchEvents,
    appDomains: byLocalName(doc, 'AppDomain')
      .map((el) => (el.textContent ?? '').trim())
      .filter(Boolean),
    ssoResource:
      byLocalName(doc, 'Resource')
        .find((el) => el.parentElement?.localName === 'WebApplicationInfo')
        ?.textContent?.trim() || undefined,
  };
}

/**
 * A manifest URL served by this dev server: the manifest may name another host (it is rendered for
 * ADDIN_BASE_URL), but the add-in's windows must share the dev host's origin to reach the bridge.
 */
export function onThisOrigin(url: string, origin: string): string {
  const u = new URL(url, origin);
  return `${origin}${u.pathname}${u.search}`;
}
