/**
 * @jest-environment jsdom
 *
 * The Call tab's behaviour with a stand-in host and backend: every section loads at once and shows
 * as soon as it can, a missing authorization becomes the "authorize" panel (never a blank tab),
 * speed dials are added, moved and removed by saving the new list, and a click on "Call" hands
 * the right URI to the host.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { TeamsApiError, type TeamsApi } from '../../../../src/teams/api/teams-api';
import type { PeopleResponse, Person, SpeedDial, SpeedDialsResponse } from '../../../../src/core/teams-api-types';
import type { TabContext, TeamsHost } from '../../../../src/teams/host/teams-host';
import { createTabI18n } from '../../../../src/teams/i18n/tab-i18n';
import { CallTab } from '../../../../src/teams/ui/call-tab';
import { TabRoot } from '../../../../src/teams/ui/tab-root';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const megan: Person = {
  kind: 'user',
  id: 'u-megan',
  displayName: 'Megan Bowen',
  email: 'megan@contoso.example',
  phones: [{ kind: 'business', number: '+1 425 555 0103' }],
};
const patti: Person = {
  kind: 'contact',
  id: 'c-patti',
  displayName: 'Patti Fernandez',
  phones: [{ kind: 'mobile', number: '+1 206 555 0143' }],
};
const me: Person = { kind: 'user', id: 'u-alex', displayName: 'Alex Wilber', phones: [] };

function fakeHost(): TeamsHost & { opened: string[]; authenticate: jest.Mock } {
  const opened: string[] = [];
  return {
    opened,
    getContext: async () => context,
    getSsoToken: async () => 't',
    authenticate: jest.fn(async () => undefined),
    openExternal: (uri: string) => opened.push(uri),
    onThemeChange: () => undefined,
    notifyLoaded: () => undefined,
  };
}

const context: TabContext = {
  hostName: 'test',
  tenantId: 't1',
  userObjectId: 'u-alex',
  loginHint: 'alex@contoso.example',
  locale: 'en-us',
  theme: 'default',
  chatId: '19:x@unq.gbl.spaces',
};

function fakeApi(overrides: Partial<TeamsApi> = {}): TeamsApi & { saved: SpeedDial[][] } {
  const saved: SpeedDial[][] = [];
  return {
    saved,
    me: async () => me,
    speedDials: async () => ({ speedDials: [], max: 12 }),
    saveSpeedDials: async (speedDials) => {
      saved.push(speedDials);
      return { speedDials, max: 12 };
    },
    contacts: async () => ({ people: [patti] }),
    searchDirectory: async () => ({ people: [megan] }),
    chatMembers: async () => ({ people: [megan] }),
    channelMembers: async () => ({ people: [] }),
    photo: async () => undefined,
    ...overrides,
  };
}

function show(host: TeamsHost, api: TeamsApi, ctx: TabContext = context) {
  localStorage.clear();
  return render(
    <TabRoot host={host} theme="default" i18n={createTabI18n(ctx.locale)}>
      <CallTab host={host} api={api} context={ctx} />
    </TabRoot>,
  );
}

// jsdom has no ResizeObserver; Fluent's MessageBar watches its own size with one.
beforeAll(() => {
  window.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
});

const consentRequired = () => new TeamsApiError('consent_required', 403, 'Authorize');

describe('the Call tab', () => {
  it('shows the chat member and the speed dials while the contacts are still loading', async () => {
    const contacts = deferred<PeopleResponse>();
    const api = fakeApi({
      contacts: () => contacts.promise,
      speedDials: async () => ({ speedDials: [{ displayName: 'Reception', address: 'reception@contoso.example' }], max: 12 }),
    });
    show(fakeHost(), api);
    const chat = await screen.findByRole('region', { name: 'In this chat' });
    await within(chat).findByRole('listitem', { name: 'Megan Bowen' });
    await screen.findByRole('listitem', { name: 'Reception' });
    fireEvent.click(screen.getByRole('tab', { name: 'Contacts' }));
    expect(screen.getByText('Loading…')).toBeTruthy();
    await act(async () => contacts.resolve({ people: [patti] }));
    await screen.findByRole('listitem', { name: 'Patti Fernandez' });
  });

  it('asks to authorize instead of staying blank, and loads everything once authorized', async () => {
    let authorized = false;
    const guard =
      <T,>(value: T) =>
      async () => {
        if (!authorized) throw consentRequired();
        return value;
      };
    const host = fakeHost();
    host.authenticate.mockImplementation(async () => {
      authorized = true;
    });
    const api = fakeApi({
      me: guard(me),
      speedDials: guard<SpeedDialsResponse>({ speedDials: [], max: 12 }),
      contacts: guard<PeopleResponse>({ people: [patti] }),
      chatMembers: guard<PeopleResponse>({ people: [megan] }),
    });
    show(host, api);
    const authorize = await screen.findByRole('button', { name: 'Authorize' });
    expect(screen.queryByRole('listitem', { name: 'Megan Bowen' })).toBeNull();
    fireEvent.click(authorize);
    await screen.findByText('Signed in as Alex Wilber');
    // The popup starts beside the tab (jsdom's page is http://localhost/), where it keeps its state.
    expect(host.authenticate).toHaveBeenCalledWith('http://localhost/teams-auth-start.html?tenant=t1&login_hint=alex%40contoso.example');
    await screen.findByRole('listitem', { name: 'Megan Bowen' });
    expect(screen.queryByRole('button', { name: 'Authorize' })).toBeNull();
  });

  it('says why when the popup was closed without authorizing', async () => {
    const host = fakeHost();
    const { HostError } = await import('../../../../src/teams/host/teams-host');
    host.authenticate.mockRejectedValue(new HostError('authentication_cancelled', 'CancelledByUser'));
    show(host, fakeApi({ me: async () => Promise.reject(consentRequired()) }));
    fireEvent.click(await screen.findByRole('button', { name: 'Authorize' }));
    await screen.findByText('Authorization was cancelled.');
  });

  it('makes someone a speed dial with the star, then moves and removes it by saving the new list', async () => {
    const api = fakeApi({
      speedDials: async () => ({ speedDials: [{ displayName: 'Reception', address: 'reception@contoso.example' }], max: 12 }),
    });
    show(fakeHost(), api);
    const chat = await screen.findByRole('region', { name: 'In this chat' });
    const row = await within(chat).findByRole('listitem', { name: 'Megan Bowen' });
    fireEvent.click(within(row).getByRole('button', { name: 'Add Megan Bowen to speed dials' }));
    await screen.findByText('Megan Bowen is now a speed dial.');
    expect(api.saved[0]).toEqual([
      { displayName: 'Reception', address: 'reception@contoso.example' },
      { displayName: 'Megan Bowen', number: '+1 425 555 0103', address: 'megan@contoso.example', userId: 'u-megan' },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Move Megan Bowen up' }));
    await waitFor(() => expect(api.saved[1]?.map((d) => d.displayName)).toEqual(['Megan Bowen', 'Reception']));
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Reception from speed dials' }));
    await screen.findByText('Reception is no longer a speed dial.');
    expect(api.saved[2]?.map((d) => d.displayName)).toEqual(['Megan Bowen']);
  });

  it('puts the list back and says so when saving fails', async () => {
    const api = fakeApi({ saveSpeedDials: async () => Promise.reject(new TeamsApiError('graph_unavailable', 503, 'busy')) });
    show(fakeHost(), api);
    const row = await within(await screen.findByRole('region', { name: 'In this chat' })).findByRole('listitem', { name: 'Megan Bowen' });
    fireEvent.click(within(row).getByRole('button', { name: 'Add Megan Bowen to speed dials' }));
    await screen.findByText(/Your speed dials could not be saved/);
    expect(screen.getByText(/No speed dials yet/)).toBeTruthy();
  });

  it('calls with the Webex App, and with the phone app once chosen', async () => {
    const host = fakeHost();
    show(host, fakeApi({ chatMembers: async () => ({ people: [patti] }) }));
    const row = await within(await screen.findByRole('region', { name: 'In this chat' })).findByRole('listitem', {
      name: 'Patti Fernandez',
    });
    const call = within(row).getByRole('button', { name: 'Call Patti Fernandez with Webex' });
    expect(call.textContent).toContain('Webex');
    fireEvent.click(call);
    expect(host.opened).toEqual(['webextel://login?telephone=%2B12065550143&x-source=Microsoft+Teams']);
    await screen.findByText('Calling Patti Fernandez at +12065550143 with Webex…');
    fireEvent.click(screen.getByText('Didn’t open? Call with your phone app'));
    expect(host.opened[1]).toBe('tel:+12065550143');
  });

  it('speaks the user’s language', async () => {
    show(fakeHost(), fakeApi(), { ...context, locale: 'de-de' });
    await screen.findByRole('region', { name: 'In diesem Chat' });
    expect(screen.getByRole('tab', { name: 'Kurzwahl' })).toBeTruthy();
  });
});
