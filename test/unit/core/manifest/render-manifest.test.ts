import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_ADDIN_BASE_URL, ManifestRenderError, renderManifest } from '../../../../src/core/manifest/render-manifest';
import { attr, childElements, descendants, firstChild, parseXml, textOf } from '../../../../src/core/manifest/parse-xml';

const template = readFileSync(join(__dirname, '..', '..', '..', '..', 'manifest.xml'), 'utf8');
const DEPLOYMENT = 'https://scheduler.example.com';

function renderError(run: () => unknown): ManifestRenderError {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof ManifestRenderError) return e;
    throw e;
  }
  throw new Error('expected a ManifestRenderError');
}

function webApplicationInfo(xml: string) {
  const info = descendants(parseXml(xml).root).find((e) => e.localName === 'WebApplicationInfo');
  if (!info) throw new Error('no WebApplicationInfo');
  return { id: textOf(firstChild(info, 'Id') ?? info), resource: textOf(firstChild(info, 'Resource') ?? info) };
}

describe('renderManifest', () => {
  it('moves every development URL to the deployment and changes nothing else', () => {
    const rendered = renderManifest(template, { baseUrl: DEPLOYMENT });
    expect(rendered).not.toContain('localhost');
    expect(rendered.split(DEPLOYMENT).length).toBe(template.split(DEV_ADDIN_BASE_URL).length);
    expect(rendered.replaceAll(DEPLOYMENT, DEV_ADDIN_BASE_URL).replace('api://scheduler.example.com/', 'api://localhost:3000/')).toBe(
      template,
    );
  });

  it('puts a deployment served under a path into every URL, and only its origin into AppDomains', () => {
    const rendered = renderManifest(template, { baseUrl: 'https://example.com/tools/outlook/' });
    const root = parseXml(rendered).root;
    expect(attr(firstChild(root, 'IconUrl') ?? root, 'DefaultValue')).toBe('https://example.com/tools/outlook/assets/icon-64.png');
    expect(childElements(firstChild(root, 'AppDomains') ?? root, 'AppDomain').map(textOf)).toEqual(['https://example.com']);
    expect(rendered).toContain('"https://example.com/tools/outlook/launchevent.js"');
  });

  it('moves the Application ID URI to the deployment host unless one is given', () => {
    expect(webApplicationInfo(renderManifest(template, { baseUrl: 'https://localhost:3100' })).resource).toBe(
      'api://localhost:3100/5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e',
    );
    const given = 'api://scheduler.example.com/0b0e0000-0000-4000-8000-000000000001';
    expect(webApplicationInfo(renderManifest(template, { baseUrl: DEPLOYMENT, apiResource: given })).resource).toBe(given);
  });

  it("replaces the add-in's id and its Entra client id, each in its own place", () => {
    const appId = '0a0a0a0a-1111-4222-8333-444444444444';
    const addinClientId = '0b0b0b0b-1111-4222-8333-444444444444';
    const rendered = renderManifest(template, { baseUrl: DEPLOYMENT, appId, addinClientId });
    expect(textOf(firstChild(parseXml(rendered).root, 'Id') ?? parseXml(rendered).root)).toBe(appId);
    expect(webApplicationInfo(rendered).id).toBe(addinClientId);
    expect(rendered.split(appId)).toHaveLength(2);
  });

  it('appends the display-name suffix in every locale, escaped', () => {
    const rendered = renderManifest(template, { baseUrl: DEPLOYMENT, displayNameSuffix: ' (R&D)' });
    const displayName = firstChild(parseXml(rendered).root, 'DisplayName');
    if (!displayName) throw new Error('no DisplayName');
    const values = [attr(displayName, 'DefaultValue'), ...childElements(displayName, 'Override').map((o) => attr(o, 'Value'))];
    expect(values).toHaveLength(6);
    for (const v of values) expect(v).toMatch(/ \(R&D\)$/);
    expect(rendered).toContain('Webex Scheduler (R&amp;D)"');
  });

  it('renders a rendered manifest back to the template', () => {
    const rendered = renderManifest(template, { baseUrl: DEPLOYMENT });
    expect(renderManifest(rendered, { baseUrl: DEV_ADDIN_BASE_URL, templateBaseUrl: DEPLOYMENT })).toBe(template);
  });

  it.each([
    ['an http URL', 'http://scheduler.example.com'],
    ['a relative URL', '/outlook'],
    ['a URL with a query', 'https://scheduler.example.com/?x=1'],
    ['a URL with credentials', 'https://user:pw@scheduler.example.com'],
  ])('refuses %s as base URL with manifest_base_url_invalid', (_what, baseUrl) => {
    expect(renderError(() => renderManifest(template, { baseUrl })).code).toBe('manifest_base_url_invalid');
  });

  it('refuses ids that are not GUIDs with manifest_option_invalid', () => {
    expect(renderError(() => renderManifest(template, { baseUrl: DEPLOYMENT, appId: 'webex' })).code).toBe('manifest_option_invalid');
    expect(renderError(() => renderManifest(template, { baseUrl: DEPLOYMENT, addinClientId: '1234' })).code).toBe(
      'manifest_option_invalid',
    );
  });

  it('refuses a template that is not a well-formed manifest with manifest_template_invalid', () => {
    expect(renderError(() => renderManifest(template.replace('</OfficeApp>', ''), { baseUrl: DEPLOYMENT })).code).toBe(
      'manifest_template_invalid',
    );
    expect(renderError(() => renderManifest('<Other/>', { baseUrl: DEPLOYMENT })).code).toBe('manifest_template_invalid');
  });
});
