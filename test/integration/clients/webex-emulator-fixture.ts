/**
 * A Webex emulator on a spare HTTPS port, seeded with the local tenant and the backend's
 * integration, for the Webex client tests. Call inside a describe: it starts in beforeAll, resets
 * (meetings, tokens, faults) before each test and stops in afterAll.
 */
import { readDevCerts } from '../../../scripts/dev-certs';
import { LOCAL_APP } from '../../../src/server/config';
import { defaultDirectory } from '../../../src/emulators/shared/directory';
import { createWebexEmulator, type WebexEmulator } from '../../../src/emulators/webex/webex-emulator';

export const REDIRECT_URI = 'https://localhost:3000/auth/webex/callback';
export const HOST_EMAIL = `alex.wilber@${LOCAL_APP.tenantDomain}`;
export const SCOPES = ['spark:people_read', 'meeting:schedules_read', 'meeting:schedules_write'];

export interface WebexFixture {
  readonly emulator: WebexEmulator;
  /** https://localhost:<port>/v1 */
  readonly apiBaseUrl: string;
  /** A fresh user access token for HOST_EMAIL through the backend's integration. */
  userToken(email?: string): string;
  /** Adds an injected fault through the control API. */
  fault(rule: Record<string, unknown>): Promise<void>;
  /** The control API's fault counters. */
  faultCounters(): Promise<{ injected: number; delayed: number }>;
}

export function useWebexEmulator(): WebexFixture {
  let emulator: WebexEmulator | undefined;
  let url = '';
  const fixture: WebexFixture = {
    get emulator() {
      if (!emulator) throw new Error('the Webex emulator starts in beforeAll');
      return emulator;
    },
    get apiBaseUrl() {
      return `${url}/v1`;
    },
    userToken: (email = HOST_EMAIL) => fixture.emulator.issueUserToken(email, SCOPES, LOCAL_APP.webexClientId).access_token,
    async fault(rule) {
      const res = await fetch(`${url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(rule),
      });
      if (res.status !== 201) throw new Error(`fault not accepted: ${res.status} ${await res.text()}`);
    },
    async faultCounters() {
      const res = await fetch(`${url}/_emulator/faults`);
      return ((await res.json()) as { counters: { injected: number; delayed: number } }).counters;
    },
  };

  beforeAll(async () => {
    const { key, cert } = readDevCerts();
    emulator = createWebexEmulator({
      tls: { key, cert },
      directories: [defaultDirectory(LOCAL_APP.tenantId, LOCAL_APP.tenantDomain)],
      integrations: [{ clientId: LOCAL_APP.webexClientId, clientSecret: LOCAL_APP.webexClientSecret, redirectUris: [REDIRECT_URI] }],
    });
    url = await emulator.listen(0);
  });

  // Through the control API: it also zeroes the fault counters, which emulator.reset() keeps.
  beforeEach(async () => {
    const res = await fetch(`${url}/_emulator/reset`, { method: 'POST' });
    if (res.status !== 204) throw new Error(`reset failed: ${res.status}`);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  return fixture;
}
