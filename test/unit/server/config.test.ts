import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/server/config';

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

  const production = {
    MS_CLIENT_ID: 'f0000000-0000-4000-8000-000000000001',
    MS_CLIENT_SECRET: 's',
    PUBLIC_BASE_URL: 'https://scheduler.example.com',
    WEBEX_CLIENT_ID: 'w',
    WEBEX_CLIENT_SECRET: 'ws',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
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

  it.each(['PUBLIC_BASE_URL', 'WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'])(
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
});
