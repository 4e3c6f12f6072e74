/**
 * An OAuth state belongs to the flow that minted it. Each browser flow of the backend (Webex
 * linking, a user's own calendar authorization, the admin page's sign-in and its consent) is handed
 * the states of every other flow, at its start and at its callback, and refuses them all; a
 * refused state still works in its own flow, so trying it elsewhere does not let anyone spoil it.
 * (The Teams tab's consent state never reaches the backend: the tab mints it and checks it itself.)
 */
import { ADELE, CookieJar, MEGAN, startAdminStack, type AdminStack } from '../admin/admin-stack';

let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack();
});

afterAll(async () => {
  await stack?.close();
});

type Flow = 'webex-link' | 'microsoft-link' | 'admin-sign-in' | 'admin-consent';

interface Minted {
  state: string;
  /** The cookie jar that carries the flow, for the admin page's flows. */
  jar?: CookieJar;
}

const stateOf = (url: string) => new URL(url).searchParams.get('state') as string;

async function mint(flow: Flow): Promise<Minted> {
  const token = await stack.userToken(MEGAN);
  switch (flow) {
    case 'webex-link': {
      const link = await stack.api<{ url: string }>('POST', '/api/webex/link', { token });
      return { state: stateOf(link.body.url) };
    }
    case 'microsoft-link': {
      const link = await stack.api<{ status: string; url: string }>('POST', '/api/microsoft/link', { token });
      expect(link.body.status).toBe('consent_required');
      return { state: stateOf(link.body.url) };
    }
    case 'admin-sign-in': {
      const jar = new CookieJar();
      const start = await fetch(`${stack.url}/admin/sign-in`, { redirect: 'manual' });
      jar.take(start.headers);
      return { state: stateOf(start.headers.get('location') as string), jar };
    }
    case 'admin-consent': {
      const { jar } = await stack.adminSignIn(ADELE);
      const start = await fetch(`${stack.url}/admin/consent/start`, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(start.headers);
      return { state: stateOf(start.headers.get('location') as string), jar };
    }
  }
}

async function get(path: string, jar?: CookieJar): Promise<{ status: number; text: string; location: string | null }> {
  const res = await fetch(`${stack.url}${path}`, { redirect: 'manual', headers: jar ? { cookie: jar.header() } : {} });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

const codeOn = (html: string, testId: string) => new RegExp(`data-testid="${testId}"[^>]*data-code="([^"]*)"`).exec(html)?.[1];

/** What each flow answers a state: its start page and its callback, with the flow's own cookies when it has them. */
const offers: Record<Flow, (state: string, own?: CookieJar) => Promise<Array<[string, number, string | undefined]>>> = {
  'webex-link': async (state) => {
    const q = encodeURIComponent(state);
    const start = await get(`/auth/webex/start?state=${q}`);
    const callback = await get(`/auth/webex/callback?state=${q}&code=any-code`);
    return [
      ['start', start.status, codeOn(start.text, 'webex-link-result')],
      ['callback', callback.status, codeOn(callback.text, 'webex-link-result')],
    ];
  },
  'microsoft-link': async (state) => {
    const q = encodeURIComponent(state);
    const start = await get(`/auth/microsoft/start?state=${q}`);
    const callback = await get(`/auth/callback?state=${q}&code=any-code`);
    return [
      ['start', start.status, codeOn(start.text, 'microsoft-link-result')],
      ['callback', callback.status, codeOn(callback.text, 'microsoft-link-result')],
    ];
  },
  'admin-sign-in': async (state, own) => {
    const jar = own ?? (await mint('admin-sign-in')).jar;
    const callback = await fetch(`${stack.url}/auth/callback?state=${encodeURIComponent(state)}&code=any-code`, {
      redirect: 'manual',
      headers: { cookie: jar?.header() ?? '' },
    });
    // Not the admin flow's state: the callback treats it as a calendar authorization's. No admin session is opened.
    expect(callback.headers.getSetCookie().filter((c) => c.startsWith('wso_admin=') && !/max-age=0/i.test(c))).toEqual([]);
    const text = await callback.text();
    return [['callback', callback.status, codeOn(text, 'microsoft-link-result') ?? codeOn(text, 'admin-error')]];
  },
  'admin-consent': async (state, own) => {
    const jar = own ?? (await mint('admin-consent')).jar;
    const callback = await get(`/admin/consent/callback?state=${encodeURIComponent(state)}&admin_consent=True&tenant=any`, jar);
    return [['callback', callback.status, codeOn(callback.text, 'admin-error')]];
  },
};

const refusal: Record<Flow, string> = {
  'webex-link': 'webex_link_state_invalid',
  'microsoft-link': 'authorization_flow_invalid',
  'admin-sign-in': 'authorization_flow_invalid',
  'admin-consent': 'authorization_flow_invalid',
};

const FLOWS: Flow[] = ['webex-link', 'microsoft-link', 'admin-sign-in', 'admin-consent'];

describe.each(FLOWS)('a state minted by %s', (minter) => {
  it.each(FLOWS.filter((f) => f !== minter))('is refused by %s, and still works in its own flow', async (taker) => {
    const minted = await mint(minter);
    const answers = await offers[taker](minted.state);
    // The admin sign-in shares its callback with the calendar authorization (one redirect URI):
    // there a calendar authorization's state reaches its own flow, whose code exchange then fails.
    const ownCallback = minter === 'microsoft-link' && taker === 'admin-sign-in';
    expect(answers).toEqual(answers.map(([step]) => [step, 400, ownCallback ? 'sign_in_failed' : refusal[taker]]));
    if ((minter === 'webex-link' || minter === 'microsoft-link') && !ownCallback) {
      const own = await get(
        minter === 'webex-link'
          ? `/auth/webex/start?state=${encodeURIComponent(minted.state)}`
          : `/auth/microsoft/start?state=${encodeURIComponent(minted.state)}`,
      );
      expect(own.status).toBe(302);
    }
  });
});
