import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetReaderForDir } from '../../../../scripts/build-manifest';
import { MANIFEST_LIMITS, ManifestProblem, checkManifest } from '../../../../src/core/manifest/check-manifest';
import { renderManifest } from '../../../../src/core/manifest/render-manifest';

const root = join(__dirname, '..', '..', '..', '..');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');
const readAsset = assetReaderForDir(join(root, 'assets'));
const iconBytes = (file: string) => readFileSync(join(root, 'assets', file));

/** Replaces the `nth` occurrence of `from`; fails when there is none, so a test cannot pass on a manifest that moved on. */
function edit(xml: string, from: string, to: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = xml.indexOf(from, at + 1);
    if (at < 0) throw new Error(`the manifest has no occurrence ${nth} of ${from}`);
  }
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

/** Moves the line holding `line` (the first occurrence) to just after the line holding `after`. */
function moveLine(xml: string, line: string, after: string): string {
  const lines = xml.split('\n');
  const from = lines.findIndex((l) => l.includes(line));
  if (from < 0) throw new Error(`no line with ${line}`);
  const [moved] = lines.splice(from, 1);
  const to = lines.findIndex((l) => l.includes(after));
  if (to < 0) throw new Error(`no line with ${after}`);
  lines.splice(to + 1, 0, moved as string);
  return lines.join('\n');
}

const codes = (problems: ManifestProblem[]) => [...new Set(problems.map((p) => p.code))];
const check = (xml: string, reader = readAsset) => codes(checkManifest(xml, { readAsset: reader }));

describe('checkManifest', () => {
  it('finds nothing wrong with the repository manifest and its icons', () => {
    expect(checkManifest(manifest, { readAsset })).toEqual([]);
  });

  it('finds nothing wrong with the manifest rendered for a deployment', () => {
    const rendered = renderManifest(manifest, { baseUrl: 'https://scheduler.example.com', displayNameSuffix: ' (staging)' });
    expect(checkManifest(rendered, { readAsset })).toEqual([]);
  });

  it('reports a resid that names no resource, with its line', () => {
    const broken = edit(manifest, '<Description resid="Options.Tooltip"/>', '<Description resid="Options.Missing"/>');
    const problems = checkManifest(broken, { readAsset });
    expect(codes(problems)).toEqual(['resid_undefined']);
    expect(broken.split('\n')[(problems[0]?.line ?? 0) - 1]).toContain('Options.Missing');
  });

  it('resolves resids within their own VersionOverrides, which inherits nothing from its parent', () => {
    const v11 = manifest.indexOf('xsi:type="VersionOverridesV1_1"');
    const taskpaneUrl = manifest.indexOf('<bt:Url id="Taskpane.Url"', v11);
    const lineEnd = manifest.indexOf('\n', taskpaneUrl);
    const broken = manifest.slice(0, taskpaneUrl) + manifest.slice(lineEnd + 1);
    expect(manifest.indexOf('<bt:Url id="Taskpane.Url"')).toBeLessThan(v11);
    expect(check(broken)).toEqual(['resid_undefined']);
  });

  it('reports a resource id longer than 32 characters', () => {
    const long = 'AddMeeting.Label.' + 'x'.repeat(MANIFEST_LIMITS.resid - 16);
    const broken = manifest.replaceAll('"AddMeeting.Label"', `"${long}"`);
    expect(check(broken)).toEqual(['resid_too_long']);
  });

  it('reports a resource defined twice', () => {
    const again = '<bt:Url id="Commands.Url" DefaultValue="https://localhost:3000/other.html"/><bt:Url id="Taskpane.Url"';
    expect(check(edit(manifest, '<bt:Url id="Taskpane.Url"', again))).toEqual(['resid_duplicate']);
  });

  it('reports an icon whose file is missing', () => {
    const withoutIcon80 = (url: URL) => (url.pathname.endsWith('/icon-80.png') ? undefined : readAsset(url));
    expect(check(manifest, withoutIcon80)).toEqual(['icon_missing']);
  });

  it('reports an icon file of the wrong pixel size', () => {
    const small80 = (url: URL) => (url.pathname.endsWith('/icon-80.png') ? iconBytes('icon-32.png') : readAsset(url));
    expect(check(manifest, small80)).toEqual(['icon_size_mismatch']);
  });

  it('reports a file that is not a PNG', () => {
    const text = (url: URL) => (url.pathname.endsWith('/icon-16.png') ? Buffer.from('<html>not found</html>') : readAsset(url));
    expect(check(manifest, text)).toEqual(['icon_unreadable']);
  });

  it('reports a coloured icon on the mobile online-meeting surface, which must be greyscale', () => {
    const coloured = (url: URL) => (url.pathname.endsWith('/online-meeting-32.png') ? iconBytes('icon-32.png') : readAsset(url));
    expect(check(manifest, coloured)).toEqual(['icon_not_greyscale']);
  });

  it('reports a button icon without one of the required sizes 16, 32 and 80', () => {
    expect(check(edit(manifest, '<bt:Image size="80" resid="Icon.80"/>', ''))).toEqual(['icon_size_missing']);
  });

  it('reports a mobile icon without one of the nine size and scale pairs', () => {
    expect(check(edit(manifest, '<bt:Image size="48" scale="3" resid="OnlineMeeting.144"/>', ''))).toEqual(['icon_size_missing']);
  });

  it('reports a URL that is not HTTPS', () => {
    expect(check(edit(manifest, '"https://localhost:3000/taskpane.html"', '"http://localhost:3000/taskpane.html"'))).toEqual([
      'url_not_https',
    ]);
    expect(check(edit(manifest, '<AppDomain>https://localhost:3000</AppDomain>', '<AppDomain>http://localhost:3000</AppDomain>'))).toEqual([
      'url_not_https',
    ]);
  });

  it('reports a URL longer than 2048 characters', () => {
    const long = `https://localhost:3000/support.html?${'q'.repeat(MANIFEST_LIMITS.url)}`;
    expect(check(edit(manifest, '"https://localhost:3000/support.html"', `"${long}"`))).toEqual(['url_too_long']);
  });

  it('reports a short string over 125 characters, a long string over 250 and a display name over 125', () => {
    const short = 'A'.repeat(MANIFEST_LIMITS.shortString + 1);
    expect(check(edit(manifest, 'DefaultValue="Add Webex meeting"', `DefaultValue="${short}"`))).toEqual(['string_too_long']);
    const long = 'B'.repeat(MANIFEST_LIMITS.longString + 1);
    expect(
      check(
        edit(manifest, 'Value="Показать, изменить или удалить встречу Webex этого события и выбрать параметры Webex."', `Value="${long}"`),
      ),
    ).toEqual(['string_too_long']);
    const name = 'C'.repeat(MANIFEST_LIMITS.displayName + 1);
    expect(check(edit(manifest, '<DisplayName DefaultValue="Webex Scheduler">', `<DisplayName DefaultValue="${name}">`))).toEqual([
      'string_too_long',
    ]);
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    const emoji = '😀'.repeat(MANIFEST_LIMITS.shortString);
    expect(check(edit(manifest, 'DefaultValue="Add Webex meeting"', `DefaultValue="${emoji}"`))).toEqual([]);
  });

  it('reports a string without a translation for one of the locales', () => {
    expect(check(edit(manifest, '<bt:Override Locale="ja-JP" Value="Webex のオプション"/>', ''))).toEqual(['locale_missing']);
    expect(check(edit(manifest, '<Override Locale="de-DE" Value="Webex-Planer"/>', ''))).toEqual(['locale_missing']);
  });

  it('reports elements out of schema order', () => {
    expect(check(moveLine(manifest, '<Version>', '<ProviderName>'))).toEqual(['element_order']);
    expect(check(moveLine(manifest, '<Permissions>', '<Rule '))).toEqual(['element_order']);
    const supertipLast = edit(
      manifest,
      '<Supertip>\n                    <Title resid="AddMeeting.Label"/>\n                    <Description resid="AddMeeting.Tooltip"/>\n                  </Supertip>\n',
      '',
    ).replace(
      '</Icon>\n                  <Action xsi:type="ExecuteFunction">',
      '</Icon>\n<Supertip><Title resid="AddMeeting.Label"/><Description resid="AddMeeting.Tooltip"/></Supertip>\n<Action xsi:type="ExecuteFunction">',
    );
    expect(check(supertipLast)).toEqual(['element_order']);
    const runtimesLast = edit(
      manifest,
      '<Runtimes>\n            <Runtime resid="LaunchEvent.Url">\n              <Override type="javascript" resid="LaunchEventJs.Url"/>\n            </Runtime>\n          </Runtimes>\n',
      '',
    ).replace(
      '</MobileFormFactor>',
      '</MobileFormFactor><Runtimes><Runtime resid="LaunchEvent.Url"><Override type="javascript" resid="LaunchEventJs.Url"/></Runtime></Runtimes>',
    );
    expect(check(runtimesLast)).toEqual(['element_order']);
  });

  it('reports a required element that is missing and one that does not belong', () => {
    expect(check(edit(manifest, '<Permissions>ReadWriteItem</Permissions>', ''))).toEqual(['element_missing']);
    expect(check(edit(manifest, '<Permissions>', '<Color>blue</Color><Permissions>'))).toEqual(['element_unknown']);
  });

  it('lets the add-in open in shared calendars from the DesktopFormFactor of Mail 1.1 only, after the extension points', () => {
    const shared = '<SupportsSharedFolders>true</SupportsSharedFolders>';
    expect(manifest.indexOf(shared)).toBeGreaterThan(manifest.indexOf('xsi:type="VersionOverridesV1_1"'));
    const organizer = '<ExtensionPoint xsi:type="AppointmentOrganizerCommandSurface">';
    // Before the extension points, as some samples show it, Office's schema refuses it.
    expect(check(edit(edit(manifest, shared, ''), organizer, `${shared}${organizer}`, 1))).toEqual(['element_order']);
    expect(check(edit(manifest, shared, '<SupportsSharedFolders>yes</SupportsSharedFolders>'))).toEqual(['shared_folders_invalid']);
    // A VersionOverrides 1.0 knows no such element: Office refuses the manifest.
    const inV10 = edit(manifest, '</ExtensionPoint>\n        </DesktopFormFactor>', `</ExtensionPoint>${shared}</DesktopFormFactor>`);
    expect(check(inV10)).toEqual(['shared_folders_invalid']);
  });

  it('reports an add-in id that is not a GUID and a malformed version', () => {
    expect(check(edit(manifest, '<Id>e11830dd-13a2-4b11-9012-8e90508d3f44</Id>', '<Id>webex-scheduler</Id>'))).toEqual(['id_invalid']);
    expect(check(edit(manifest, '<Version>0.1.0.0</Version>', '<Version>v1</Version>'))).toEqual(['version_invalid']);
  });

  it('reports a launch event whose runtime is not declared', () => {
    expect(check(edit(manifest, '<SourceLocation resid="LaunchEvent.Url"/>', '<SourceLocation resid="Taskpane.Url"/>'))).toEqual([
      'launch_event_runtime_missing',
    ]);
  });

  it('reports a launch-event runtime without the single JavaScript file classic Outlook on Windows needs', () => {
    expect(check(edit(manifest, '<Override type="javascript" resid="LaunchEventJs.Url"/>', ''))).toEqual(['runtime_javascript_missing']);
    expect(check(edit(manifest, '"https://localhost:3000/launchevent.js"', '"https://localhost:3000/launchevent.html"'))).toEqual([
      'runtime_javascript_missing',
    ]);
  });

  it('reports a second function command on the organizer surface of an online-meeting add-in', () => {
    const twoFunctions = edit(
      manifest,
      '<Action xsi:type="ShowTaskpane">\n                      <SourceLocation resid="Taskpane.Url"/>\n                    </Action>',
      '<Action xsi:type="ExecuteFunction"><FunctionName>openOptions</FunctionName></Action>',
    );
    expect(check(twoFunctions)).toEqual(['online_meeting_invalid']);
  });

  it('reports a mobile online-meeting surface whose control is not a MobileButton', () => {
    expect(check(edit(manifest, '<Control xsi:type="MobileButton"', '<Control xsi:type="Button"'))).toContain('online_meeting_invalid');
  });

  it('reports XML that is not well-formed, with the line of the fault', () => {
    const problems = checkManifest(edit(manifest, '<Permissions>ReadWriteItem</Permissions>', '<Permissions>ReadWriteItem</Permission>'));
    expect(codes(problems)).toEqual(['xml_malformed']);
    expect(problems[0]?.line).toBe(manifest.split('\n').findIndex((l) => l.includes('<Permissions>')) + 1);
  });

  it.each([
    [
      'a stray "&" in a URL, at the "&"',
      'https://localhost:3000/taskpane.html"',
      'https://localhost:3000/taskpane.html?a=1&b=2"',
      'taskpane.html?a=1',
    ],
    ['an HTML entity, which XML does not know', '<ProviderName>Webex Scheduler', '<ProviderName>Webex&nbsp;Scheduler', '<ProviderName>'],
    ['an element left open, at the end tag that does not close it', '</DisplayName>', '', '</OfficeApp>'],
    ['a DOCTYPE', '<OfficeApp ', '<!DOCTYPE OfficeApp>\n<OfficeApp ', '<!DOCTYPE'],
  ])('reports XML that is not well-formed: %s', (_what, from, to, lineWith) => {
    const broken = edit(manifest, from, to);
    const problems = checkManifest(broken);
    expect(codes(problems)).toEqual(['xml_malformed']);
    expect(problems[0]?.line).toBe(broken.split('\n').findIndex((l) => l.includes(lineWith)) + 1);
  });

  it('reports a root that is not a mail add-in', () => {
    expect(check(edit(manifest, 'xsi:type="MailApp"', 'xsi:type="TaskPaneApp"'))).toEqual(['root_invalid']);
  });

  it('checks only URLs, not files, when given no way to read them', () => {
    expect(checkManifest(manifest)).toEqual([]);
  });
});
