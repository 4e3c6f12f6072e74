import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFICE_CLIENT_IDS } from '../../../src/emulators/identity/product-registrations';
import { TEAMS_CLIENT_IDS } from '../../../src/emulators/identity/teams-registration';
import { ConfigError, LOCAL_APP, loadConfig, type Env } from '../../../src/server/config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'wso-config-'));
const TEAMS = ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'];
/** Office's clients, which Office's single sign-on (the launch events) gets tokens as. */
const OFFICE = [
  'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
  '93d53678-613d-4013-afc1-62e9e444a0a5',
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3',
];

const production: Env = {
  MS_CLIENT_ID: 'f0000000-0000-4000-8000-000000000001',
  MS_CLIENT_SECRET: 's',
  PUBLIC_BASE_URL: 'https://scheduler.example.com',
  WEBEX_CLIENT_ID: 'w',
  WEBEX_CLIENT_SECRET: 'ws',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  METRICS_TOKEN: 'metrics-token-for-the-scraper',
};

function configError(env: Env): string {
  try {
    loadConfig(env);
  } catch (thrown) {
    if (thrown instanceof ConfigError) return thrown.variable;
    throw thrown;
  }
  return 'accepted';
}

describe('the client applications the API takes tokens from (ALLOWED_CLIENT_IDS)', () => {
  it('are, in local mode, the seeded add-in and the identity emulator’s stand-ins for Office and Teams', () => {
    const ids = loadConfig({ DATA_DIR: dataDir() }).microsoft.allowedClientIds;
    expect([...ids].sort()).toEqual(
      [LOCAL_APP.addinClientId, ...Object.values(OFFICE_CLIENT_IDS), ...Object.values(TEAMS_CLIENT_IDS)].sort(),
    );
  });

  it('are, in production, the add-in’s client id, Office’s and Microsoft Teams’', () => {
    expect([...loadConfig(production).microsoft.allowedClientIds].sort()).toEqual(
      ['f0000000-0000-4000-8000-000000000001', ...OFFICE, ...TEAMS].sort(),
    );
    const ownAddin = loadConfig({ ...production, ADDIN_CLIENT_ID: 'ADD1A000-0000-4000-8000-000000000002' }).microsoft.allowedClientIds;
    expect([...ownAddin].sort()).toEqual(['add1a000-0000-4000-8000-000000000002', ...OFFICE, ...TEAMS].sort());
  });

  it('are exactly the list given, when one is', () => {
    const ids = loadConfig({
      ...production,
      ALLOWED_CLIENT_IDS: ' F0000000-0000-4000-8000-000000000001, 0b5e55ed-0000-4000-8000-00000000a11e ,',
    }).microsoft.allowedClientIds;
    expect(ids).toEqual(['f0000000-0000-4000-8000-000000000001', '0b5e55ed-0000-4000-8000-00000000a11e']);
  });

  it('must be GUIDs', () => {
    expect(configError({ ...production, ALLOWED_CLIENT_IDS: 'f0000000-0000-4000-8000-000000000001,teams' })).toBe('ALLOWED_CLIENT_IDS');
    expect(
      configError({ DATA_DIR: dataDir(), ALLOWED_CLIENT_IDS: 'api://scheduler.example.com/f0000000-0000-4000-8000-000000000001' }),
    ).toBe('ALLOWED_CLIENT_IDS');
  });
});
