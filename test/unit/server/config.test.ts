import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, LOCAL_APP, loadConfig, loadManifestSettings } from '../../../src/server/config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'wso-config-'));

describe('loadConfig', () => {
  it('runs in local mode against the emulators when no Microsoft client id is configured', () => {
    const c = loadConfig({ DATA_DIR: dataDir() });
    expect(c.mode).toBe('local');
    expect(c.port).toBe(3001);
    expect(c.microsoft.authorityHost).toBe('https://localhost:4001');
    expect(c.microsoft.graphBaseUrl).toBe('https://localhost:4000');
    expect(c.webex.apiBaseUrl).toBe('https://localhost:4002/v1');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.tokenEncryptionKey).toHaveLength(32);
  });

  it('keeps the generated local encryption key across starts', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).tokenEncryptionKey.equals(loadConfig({ DATA_DIR: dir }).tokenEncryptionKey)).toBe(true);
  });

  it('overrides each port', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), PORT: '5001', GRAPH_EMULATOR_PORT: '5000', IDENTITY_EMULATOR_PORT: '5002' });
    expect(c.port).toBe(5001);
    expect(c.microsoft.graphBaseUrl).toBe('https://localhost:5000');
    expect(c.microsoft.authorityHost).toBe('https://localhost:5002');
  });

  it('takes blank values as unset, and names the variable and the form it must have otherwise', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), PORT: '  ', LOG_LEVEL: '', BACKEND_REPLICAS: ' 3 ' });
    expect([c.port, c.logLevel, c.replicas]).toEqual([3001, 'info', 3]);
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: '70000' })).toThrow('PORT: must be a port number, got "70000"');
    expect(() => loadConfig({ DATA_DIR: dataDir(), LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL: must be one of fatal, error/);
  });

  it('reads no variable that is not declared with its form (an undeclared one would be dropped unread)', () => {
    const source = readFileSync(join(__dirname, '..', '..', '..', 'src', 'server', 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]));
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !CONFIG_VARIABLES.includes(name as string))).toEqual([]);
  });

  const production = {
    MS_CLIENT_ID: 'f0000000-0000-4000-8000-000000000001',
    MS_CLIENT_SECRET: 's',
    PUBLIC_BASE_URL: 'https://scheduler.example.com',
    WEBEX_CLIENT_ID: 'w',
    WEBEX_CLIENT_SECRET: 'ws',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    METRICS_TOKEN: 'scrape-secret',
  };

  it('resolves a production configuration from its variables', () => {
    const c = loadConfig({ ...production, DATABASE_URL: 'postgres://db/scheduler' });
    expect(c.mode).toBe('production');
    expect(c.microsoft.authorityHost).toBe('https://login.microsoftonline.com');
    expect(c.microsoft.graphBaseUrl).toBe('https://graph.microsoft.com');
    expect(c.microsoft.apiAudiences).toContain('api://scheduler.example.com/f0000000-0000-4000-8000-000000000001');
    expect(c.databaseUrl).toBe('postgres://db/scheduler');
    expect(c.emulators).toBeUndefined();
  });

  it.each(['PUBLIC_BASE_URL', 'WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'METRICS_TOKEN'])(
    'names %s when production lacks it',
    (name) => {
      const env: Record<string, string | undefined> = { ...production, [name]: undefined };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}`));
    },
  );

  it('refuses malformed values with the variable name', () => {
    expect(() => loadConfig({ ...production, TOKEN_ENCRYPTION_KEY: 'short' })).toThrow(/^TOKEN_ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://scheduler.example.com' })).toThrow(/^PUBLIC_BASE_URL/);
    expect(() => loadConfig({ ...production, DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: 'eighty' })).toThrow(/^PORT/);
    expect(() => loadConfig({ ...production, MS_CLIENT_SECRET: undefined })).toThrow(/^MS_CLIENT_CERTIFICATE/);
  });
  describe('the manifest of the deployment', () => {
    it('is the local one (dev server, local ids) with no configuration', () => {
      expect(loadConfig({ DATA_DIR: dataDir() }).manifest).toEqual({
        baseUrl: 'https://localhost:3000',
        addinClientId: LOCAL_APP.addinClientId,
        apiResource: `api://localhost:3000/${LOCAL_APP.backendClientId}`,
      });
    });

    it('in production is served from PUBLIC_BASE_URL, signs in with MS_CLIENT_ID and names the API the backend accepts', () => {
      const c = loadConfig(production);
      expect(c.manifest).toEqual({
        baseUrl: 'https://scheduler.example.com',
        addinClientId: production.MS_CLIENT_ID,
        apiResource: `api://scheduler.example.com/${production.MS_CLIENT_ID}`,
      });
      expect(c.microsoft.apiAudiences).toContain(c.manifest.apiResource);
    });

    it('takes its own add-in id, client id and base URL when given', () => {
      const c = loadConfig({
        ...production,
        ADDIN_ID: 'A0000000-0000-4000-8000-0000000000A1',
        ADDIN_CLIENT_ID: 'c0000000-0000-4000-8000-0000000000c1',
        ADDIN_BASE_URL: 'https://cdn.example.com/outlook/',
      });
      expect(c.manifest).toMatchObject({
        appId: 'a0000000-0000-4000-8000-0000000000a1',
        addinClientId: 'c0000000-0000-4000-8000-0000000000c1',
        baseUrl: 'https://cdn.example.com/outlook',
      });
      expect(c.addinBaseUrl).toBe('https://cdn.example.com/outlook');
    });

    it('is read for the build without the deployment’s secrets, the same as the backend reads it', () => {
      const buildEnv = { MS_CLIENT_ID: production.MS_CLIENT_ID, PUBLIC_BASE_URL: production.PUBLIC_BASE_URL };
      expect(loadManifestSettings(buildEnv)).toEqual(loadConfig(production).manifest);
      expect(() => loadManifestSettings({ MS_CLIENT_ID: production.MS_CLIENT_ID })).toThrow(/^ADDIN_BASE_URL/);
    });

    it('refuses an add-in id or client id that is not a GUID, naming it', () => {
      expect(() => loadConfig({ ...production, ADDIN_ID: 'my-addin' })).toThrow(/^ADDIN_ID/);
      expect(() => loadConfig({ ...production, ADDIN_CLIENT_ID: '42' })).toThrow(/^ADDIN_CLIENT_ID/);
    });
  });

  describe('several replicas on one database', () => {
    it('runs as the only replica, in the default schema, with the job queue in pgboss, unless told otherwise', () => {
      const c = loadConfig(production);
      expect([c.replicas, c.databaseSchema, c.jobSchema]).toEqual([1, undefined, 'pgboss']);
    });

    it('shares the per-mailbox limits among BACKEND_REPLICAS and keeps its tables and jobs in DATABASE_SCHEMA', () => {
      const c = loadConfig({ ...production, BACKEND_REPLICAS: '3', DATABASE_SCHEMA: 'scheduler_eu' });
      expect([c.replicas, c.databaseSchema, c.jobSchema]).toEqual([3, 'scheduler_eu', 'scheduler_eu_jobs']);
      expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_SCHEMA: 'local_run' }).jobSchema).toBe('local_run_jobs');
    });

    it('refuses a replica count or a schema name it cannot use, naming the variable', () => {
      for (const replicas of ['0', '-1', '1.5', 'two'])
        expect(() => loadConfig({ ...production, BACKEND_REPLICAS: replicas })).toThrow(/^BACKEND_REPLICAS/);
      for (const schema of ['Scheduler', '1st', 'a-b', 'x'.repeat(59), 'public; drop']) {
        expect(() => loadConfig({ ...production, DATABASE_SCHEMA: schema })).toThrow(/^DATABASE_SCHEMA/);
      }
    });
  });

  describe('serving in production', () => {
    it('trusts no proxy by default, and the ones TRUST_PROXY names', () => {
      expect(loadConfig(production).trustProxy).toBe(false);
      expect(loadConfig({ ...production, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
      expect(loadConfig({ ...production, TRUST_PROXY: '2' }).trustProxy).toBe(2);
      expect(loadConfig({ ...production, TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
      expect(() => loadConfig({ ...production, TRUST_PROXY: 'my proxy' })).toThrow(/^TRUST_PROXY/);
    });

    it('serves the built add-in from SERVE_ADDIN_FROM as an absolute path, and protects /metrics with METRICS_TOKEN', () => {
      const c = loadConfig({ ...production, SERVE_ADDIN_FROM: 'dist', METRICS_TOKEN: ' scrape ' });
      expect(c.serveAddinFrom).toMatch(/^\/.*\/dist$/);
      expect(c.metricsToken).toBe('scrape');
      expect(loadConfig(production).serveAddinFrom).toBeUndefined();
    });

    it('will not start in production with /metrics open: METRICS_TOKEN is required, blank counts as unset', () => {
      for (const token of [undefined, '', '   ']) {
        let thrown: unknown;
        try {
          loadConfig({ ...production, METRICS_TOKEN: token });
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ConfigError);
        expect([(thrown as ConfigError).code, (thrown as ConfigError).variable]).toEqual(['config_invalid', 'METRICS_TOKEN']);
      }
    });

    it('leaves /metrics open in local mode when no METRICS_TOKEN is set', () => {
      expect(loadConfig({ DATA_DIR: dataDir() }).metricsToken).toBeUndefined();
    });
  });
});
