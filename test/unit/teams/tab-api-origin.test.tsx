/**
 * @jest-environment jsdom
 *
 * Where the Call tab sends the user's SSO token: only to the backend the build configured, whatever
 * the page's address says. The whole entry point runs (src/teams/index.tsx), opened with an `api`
 * parameter naming another site, with a stand-in host and a recording fetch.
 */
import { waitFor } from '@testing-library/react';
import type { TabContext, TeamsHost } from '../../../src/teams/host/teams-host';

const SSO_TOKEN = 'sso-token-of-alex';
const CONFIGURED_API = 'https://webex-api.contoso.example';

const context: TabContext = {
  hostName: 'test',
  tenantId: 't1',
  userObjectId: 'u-alex',
  locale: 'en-us',
  theme: 'default',
  chatId: '19:x@unq.gbl.spaces',
};

const host: TeamsHost = {
  getContext: async () => context,
  getSsoToken: async () => SSO_TOKEN,
  authenticate: async () => undefined,
  openExternal: () => undefined,
  onThemeChange: () => undefined,
  notifyLoaded: () => undefined,
};

jest.mock('../../../src/teams/host/detect-host', () => ({
  detectHost: async () => host,
  detectPopupHost: async () => {
    throw new Error('not a popup');
  },
}));

interface Sent {
  url: string;
  authorization: string | undefined;
}

const sent: Sent[] = [];

beforeAll(() => {
  // jsdom has no ResizeObserver; Fluent's MessageBar watches its own size with one.
  window.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
});

beforeEach(() => {
  sent.length = 0;
  document.body.innerHTML = '<div id="root"></div>';
  (globalThis as Record<string, unknown>).__TEAMS_TAB_CONFIG__ = { apiBaseUrl: CONFIGURED_API };
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    sent.push({ url: String(input), authorization: headers.get('authorization') ?? undefined });
    return new Response(JSON.stringify({ error: { code: 'not_found', message: 'x' } }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
});

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__TEAMS_TAB_CONFIG__;
});

async function openTab(search: string): Promise<void> {
  window.history.replaceState(null, '', `/teams-tab.html${search}`);
  // A fresh copy of the entry point each time: it starts the tab as it is loaded.
  await jest.isolateModulesAsync(async () => {
    await import('../../../src/teams/index');
  });
  // The tab's first loads: the user, the speed dials, the contacts and the chat's members.
  await waitFor(() => expect(sent.length).toBeGreaterThanOrEqual(4), { timeout: 20_000 });
}

describe('the Call tab', () => {
  it('sends the SSO token only to the configured backend when its address names another', async () => {
    await openTab(`?api=${encodeURIComponent('https://evil.example')}`);
    const withToken = sent.filter((s) => s.authorization === `Bearer ${SSO_TOKEN}`);
    expect(withToken.length).toBe(sent.length);
    expect([...new Set(sent.map((s) => new URL(s.url).origin))]).toEqual([CONFIGURED_API]);
  });

  it('sends it to the configured backend, not to its own origin, when its address names none', async () => {
    await openTab('');
    expect([...new Set(sent.map((s) => new URL(s.url).origin))]).toEqual([CONFIGURED_API]);
  });
});
