/**
 * docs/testing.md's hybrid setup, as a tester follows it: the variables block of the document
 * (read from it, so that the document and this test cannot drift apart), with the tunnel's host and
 * the registration's ids filled in, starts the real backend process in production mode. Only what
 * cannot be real here is changed: the Microsoft identity platform, Graph and Webex are the emulators
 * (MS_AUTHORITY_HOST, MS_GRAPH_BASE_URL, WEBEX_API_BASE_URL), registered as the document's steps
 * register the real ones, and the backend listens on a spare port with a temporary DATA_DIR.
 *
 * Then the manifests it serves point at ADDIN_BASE_URL and name the client id and the Application ID
 * URI of the document; the redirect URIs the backend sends browsers with are the ones the document
 * has the tester register (the emulators refuse any other); /metrics wants the METRICS_TOKEN.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/world/free-port';
import { loadConfig, type Env } from '../../../src/server/config';
import { startWorld, type World } from '../../../scripts/world/world';
import { appManifestSchemaProblems } from '../../helpers/app-manifest-schema';
import { startBackendProcess, type BackendProcess } from '../../../scripts/world/backend-process';
import { ALEX, CONTOSO } from '../sync/sync-stack';

const root = join(__dirname, '..', '..', '..');
const doc = readFileSync(join(root, 'docs', 'testing.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Hybrid'));

const TUNNEL_HOST = 'abcd1234-3001.euw.devtunnels.ms';
const CLIENT_ID = '7d3f4c1e-5b2a-4c8d-9e0f-123456789abc';
/** What a tester writes in place of each <…> of the document. */
const FILLED: Record<string, () => string> = {
  '<tunnel host>': () => TUNNEL_HOST,
  '<client id>': () => CLIENT_ID,
  '<client secret>': () => 'hybrid-client-secret',
  '<Webex client id>': () => 'hybrid-webex-client',
  '<Webex client secret>': () => 'hybrid-webex-secret',
  '<openssl rand -base64 32>': () => randomBytes(32).toString('base64'),
};

function filled(text: string): string {
  return text.replace(/<[^<>]+>/g, (placeholder) => {
    const value = FILLED[placeholder];
    if (!value) throw new Error(`docs/testing.md has a placeholder this test does not know: ${placeholder}`);
    return value();
  });
}

/** The document's hybrid.env block, filled in. */
function documentedEnv(): Env {
  const block = /```sh\n# hybrid\.env\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/testing.md has no hybrid.env block');
  const env: Env = {};
  for (const line of block.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new Error(`not a variable line in hybrid.env: ${line}`);
    env[m[1] as string] = filled(m[2] as string);
  }
  return env;
}

/** The redirect URIs of the document's table, by platform, filled in. */
function documentedRedirectUris(): Record<'Web' | 'Single-page application' | 'Webex integration', string[]> {
  const out = { Web: [] as string[], 'Single-page application': [] as string[], 'Webex integration': [] as string[] };
  for (const m of section.matchAll(/^\s*\| (Web|Single-page application|Webex integration) \| `([^`]+)` \|$/gm))
    out[m[1] as keyof typeof out].push(filled(m[2] as string));
  return out;
}

const documentedAppIdUri = () => filled(/Application ID URI `([^`]+)`/.exec(section)?.[1] ?? '');

const env = documentedEnv();
const redirects = documentedRedirectUris();
const appIdUri = documentedAppIdUri();

let world: World;
let backend: BackendProcess;
let dataDir: string;

beforeAll(async () => {
  // The emulators with the document's registrations instead of the local ones; the backend is the
  // process started below, with the document's variables.
  world = await startWorld({
    tenants: [CONTOSO],
    identity: {
      // The registration of the document's step 2, in the identity emulator's terms. Public client
      // flows are on for this test only: it gets a user's token with the password grant.
      adjustRegistrations: () => [
        {
          clientId: env.MS_CLIENT_ID as string,
          displayName: 'Webex Scheduler (hybrid)',
          homeTenantId: CONTOSO.id,
          signInAudience: 'AzureADMultipleOrgs',
          clientSecrets: [env.MS_CLIENT_SECRET as string],
          redirectUris: { web: redirects.Web, spa: redirects['Single-page application'] },
          identifierUris: [appIdUri],
          scopes: ['access_as_user'],
          allowPublicClient: true,
          requiredResourceAccess: [
            {
              resource: 'https://graph.microsoft.com',
              delegated: ['User.Read', 'Calendars.ReadWrite'],
              application: ['Calendars.ReadWrite', 'Directory.Read.All', 'User.Read.All'],
            },
          ],
        },
      ],
    },
    webex: {
      // The Webex integration of step 3.
      integrations: [
        {
          clientId: env.WEBEX_CLIENT_ID as string,
          clientSecret: env.WEBEX_CLIENT_SECRET as string,
          redirectUris: redirects['Webex integration'],
          scopes: ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'],
          name: 'Webex Scheduler (hybrid)',
        },
      ],
    },
    backend: 'none',
  });
  const { identity, graph, webex } = world;
  identity.state.grantUserConsent(CONTOSO.id, ALEX.id, CLIENT_ID, CLIENT_ID, ['access_as_user']);
  dataDir = mkdtempSync(join(tmpdir(), 'hybrid-setup-'));
  backend = await startBackendProcess({
    env: {
      ...(env as Record<string, string>),
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      MS_AUTHORITY_HOST: identity.url,
      MS_GRAPH_BASE_URL: graph.url,
      WEBEX_API_BASE_URL: `${webex.url}/v1`,
      // startBackendProcess learns the backend's URL from the line it logs at info on listening.
      LOG_LEVEL: 'info',
    },
  });
}, 120_000);

afterAll(async () => {
  await backend?.kill9();
  await world?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${backend.url}${path}`, { headers, redirect: 'manual' });

describe('the hybrid setup of docs/testing.md', () => {
  it('documents every variable the backend needs in production, and the backend takes them as production', () => {
    for (const name of [
      'MS_CLIENT_ID',
      'MS_CLIENT_SECRET',
      'PUBLIC_BASE_URL',
      'ADDIN_BASE_URL',
      'WEBEX_CLIENT_ID',
      'WEBEX_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
      'METRICS_TOKEN',
      'ALLOWED_CLIENT_IDS',
    ]) {
      expect(env).toHaveProperty(name);
    }
    const config = loadConfig(env);
    expect(config.mode).toBe('production');
    expect([config.publicBaseUrl, config.addinBaseUrl]).toEqual([`https://${TUNNEL_HOST}`, `https://${TUNNEL_HOST}`]);
    expect(config.microsoft.allowedClientIds).toEqual([CLIENT_ID]);
    // The Application ID URI of "Expose an API" is the audience the backend wants on /api tokens.
    expect(appIdUri).toBe(`api://${TUNNEL_HOST}/${CLIENT_ID}`);
    expect(config.microsoft.apiAudiences).toContain(appIdUri);
  });

  it('serves the XML manifest for ADDIN_BASE_URL, the client id and the Application ID URI', async () => {
    const xml = await (await get('/admin/manifest.xml')).text();
    expect(xml).toContain(`<SourceLocation DefaultValue="${env.ADDIN_BASE_URL}/taskpane.html"/>`);
    expect(xml).toMatch(
      new RegExp(
        `<WebApplicationInfo>\\s*<Id>${CLIENT_ID}</Id>\\s*<Resource>${appIdUri.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}</Resource>`,
      ),
    );
    expect(xml).toContain(`<AppDomain>https://${TUNNEL_HOST}</AppDomain>`);
    expect(xml).not.toContain('localhost');
    // The task pane the manifest opens is a single-page application redirect URI of the registration.
    expect(redirects['Single-page application']).toContain(/<SourceLocation DefaultValue="([^"]+\/taskpane\.html)"\/>/.exec(xml)?.[1]);
  });

  it('serves the unified manifest for the same, valid against Microsoft’s schema', async () => {
    const json = (await (await get('/admin/manifest.json')).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ webApplicationInfo: { id: CLIENT_ID, resource: appIdUri }, validDomains: [TUNNEL_HOST] });
    expect(appManifestSchemaProblems(json)).toEqual([]);
  });

  it('lists the single-page application redirect URIs the add-in signs in from', () => {
    const spa = redirects['Single-page application'];
    expect(spa).toEqual([`${env.ADDIN_BASE_URL}/taskpane.html`, `${env.ADDIN_BASE_URL}/auth-dialog.html`, `brk-multihub://${TUNNEL_HOST}`]);
    // The sign-in dialog's page is one the build makes.
    expect(readFileSync(join(root, 'webpack.config.js'), 'utf8')).toContain("page('auth-dialog', 'src/addin/auth/auth-dialog.html'");
  });

  it('sends an administrator to Microsoft sign-in with a documented Web redirect URI, which the registration accepts', async () => {
    const res = await get('/admin/sign-in');
    expect(res.status).toBe(302);
    const authorize = new URL(res.headers.get('location') as string);
    expect(authorize.origin).toBe(world.identity.url);
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(redirects.Web).toContain(authorize.searchParams.get('redirect_uri'));
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(200);
    expect(redirects.Web).toContain(`${env.PUBLIC_BASE_URL}/admin/consent/callback`);
    expect((await get('/admin/consent/callback')).status).not.toBe(404);
  });

  it('links Webex with the documented redirect URI of the Webex integration, which Webex accepts', async () => {
    const accessToken = await world.userToken(ALEX, { clientId: CLIENT_ID, scope: `${appIdUri}/access_as_user` });
    const link = await fetch(`${backend.url}/api/webex/link`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
    expect(link.status).toBe(200);
    const start = new URL(((await link.json()) as { url: string }).url);
    expect(start.origin).toBe(env.PUBLIC_BASE_URL);
    // Through the tunnel in real life; straight to the backend here.
    const toWebex = await get(`${start.pathname}${start.search}`);
    expect(toWebex.status).toBe(302);
    const authorize = new URL(toWebex.headers.get('location') as string);
    expect(authorize.origin).toBe(world.webex.url);
    expect(authorize.searchParams.get('redirect_uri')).toBe(redirects['Webex integration'][0]);
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(200);
  });

  it('answers /metrics only with the METRICS_TOKEN', async () => {
    expect((await get('/metrics')).status).toBe(401);
    const res = await get('/metrics', { authorization: `Bearer ${env.METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE webex_scheduler_http_requests_total counter');
  });
});
