/**
 * The Teams dev host's stand-in (src/emulators/teams/) and the tab's bridge to it
 * (src/teams/host/dev-host-bridge.ts) share no code; this checks they agree on the contract.
 */
import { createStandIn } from '../../../../src/emulators/teams/devhost-stand-in';
import { popupOutcome } from '../../../../src/teams/auth/popup-outcome';
import { createDevHostBridge, createDevHostPopupBridge, findDevHost } from '../../../../src/teams/host/dev-host-bridge';
import { HostError } from '../../../../src/teams/host/teams-host';

function fakePopup(): Window & { closed: boolean } {
  const popup = {
    closed: false,
    close() {
      popup.closed = true;
    },
  };
  return popup as unknown as Window & { closed: boolean };
}

function standIn(popup = fakePopup()) {
  const launched: string[] = [];
  const s = createStandIn({
    context: () => ({
      hostName: 'devhost',
      tenantId: 't1',
      userObjectId: 'u1',
      loginHint: 'alex@contoso.example',
      locale: 'de-de',
      theme: 'dark',
      chatId: '19:a_b@unq.gbl.spaces',
    }),
    ssoToken: async (force) => (force ? 'fresh' : 'cached'),
    openPopup: () => popup,
    onLaunch: (uri) => launched.push(uri),
    pollMs: 10,
  });
  return { s, launched, popup };
}

describe('the dev host’s stand-in, seen through the tab’s bridge', () => {
  it('gives the context, tokens and theme changes as Teams would', async () => {
    const { s } = standIn();
    const host = createDevHostBridge(s);
    await expect(host.getContext()).resolves.toEqual({
      hostName: 'devhost',
      tenantId: 't1',
      userObjectId: 'u1',
      loginHint: 'alex@contoso.example',
      locale: 'de-de',
      theme: 'dark',
      chatId: '19:a_b@unq.gbl.spaces',
      channel: undefined,
    });
    await expect(host.getSsoToken()).resolves.toBe('cached');
    await expect(host.getSsoToken({ forceRefresh: true })).resolves.toBe('fresh');
    const themes: string[] = [];
    host.onThemeChange((t) => themes.push(t));
    s.setTheme('contrast');
    expect(themes).toEqual(['contrast']);
  });

  it('hands call URIs to the dev host instead of the operating system', () => {
    const { s, launched } = standIn();
    createDevHostBridge(s).openExternal('tel:+14255550103');
    expect(launched).toEqual(['tel:+14255550103']);
  });

  it('resolves authenticate when the popup reports success, and closes it', async () => {
    const { s, popup } = standIn();
    const host = createDevHostBridge(s);
    const done = host.authenticate('https://backend/teams/consent');
    createDevHostPopupBridge(s).notifySuccess();
    await expect(done).resolves.toBeUndefined();
    expect(popup.closed).toBe(true);
  });

  it('rejects authenticate with the popup’s failure, or as cancelled when the user closes it', async () => {
    const first = standIn();
    const failed = createDevHostBridge(first.s).authenticate('u');
    createDevHostPopupBridge(first.s).notifyFailure('access_denied: AADSTS90094: Need admin approval');
    await expect(failed).rejects.toMatchObject({
      code: 'authentication_failed',
      reason: 'access_denied: AADSTS90094: Need admin approval',
    });

    const second = standIn();
    const closed = createDevHostBridge(second.s).authenticate('u');
    second.popup.closed = true;
    const error = await closed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).code).toBe('authentication_cancelled');
  });

  it('is found only in a frame whose parent publishes a stand-in of the right shape', () => {
    const { s } = standIn();
    const parent = { webexTeamsDevHost: s } as unknown as Window;
    expect(findDevHost({ parent } as unknown as Window)).toBe(s);
    expect(findDevHost({ parent: { webexTeamsDevHost: { version: 2 } } } as unknown as Window)).toBeUndefined();
    const self = {} as Window & { parent: Window };
    self.parent = self;
    expect(findDevHost(self)).toBeUndefined();
  });
});

describe('the authorization popup’s last page', () => {
  it('reads consent from the code and refusal from the error, of an answer carrying its state', () => {
    expect(popupOutcome('?code=abc&state=s', 's')).toEqual({ ok: true });
    expect(popupOutcome('?error=access_denied&error_description=AADSTS90094%3A%20Need%20admin%20approval%0Atrace&state=s', 's')).toEqual({
      ok: false,
      reason: 'access_denied: AADSTS90094: Need admin approval',
    });
    expect(popupOutcome('?state=s', 's')).toEqual({ ok: false, reason: 'no_answer' });
  });
});
