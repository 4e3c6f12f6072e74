import type { ApiClient } from '../../../../src/addin/api/api-client';
import { AuthError } from '../../../../src/addin/auth/auth-error';
import type { TokenProvider } from '../../../../src/addin/auth/token-provider';
import type { FlowDeps } from '../../../../src/addin/flows/flow-deps';
import type { RoamingSettings } from '../../../../src/addin/office/roaming-settings';
import { createPaneServices, type PaneFlows } from '../../../../src/addin/taskpane/create-pane-services';
import { DEFAULT_SETTINGS } from '../../../../src/addin/api/api-types';

const ME = { tenantId: 't1', userId: 'u1', tenantMode: 'individual' as const, webexLinked: true, settings: { ...DEFAULT_SETTINGS } };

function setup(tokens: TokenProvider) {
  const flows = { cacheSettings: jest.fn(async () => undefined), findMeetingOnItem: jest.fn(async () => ({ meetingId: 'm1' })) };
  const loadFlows = jest.fn(async () => flows as unknown as PaneFlows);
  const api = { getMe: jest.fn(async () => ME) } as unknown as ApiClient;
  const roaming = {} as RoamingSettings;
  const services = createPaneServices({ flow: { joinLinkHosts: [] } as unknown as FlowDeps, api, tokens, roaming }, loadFlows);
  return { services, loadFlows, flows, api };
}

describe('the task pane’s services', () => {
  it('load no flows while the user still has to sign in', async () => {
    const { services, loadFlows, api } = setup({ getToken: async () => Promise.reject(new AuthError('sign_in_required', 'x')) });
    expect(loadFlows).not.toHaveBeenCalled();
    await expect(services.loadMe()).rejects.toMatchObject({ code: 'sign_in_required' });
    expect(loadFlows).not.toHaveBeenCalled();
    expect(api.getMe).not.toHaveBeenCalled();
  });

  it('tell whether sign-in surely needs the user as the token provider says, and no where it cannot say', () => {
    expect(setup({ getToken: async () => 'token', signInNeeded: () => true }).services.signInNeeded()).toBe(true);
    expect(setup({ getToken: async () => 'token', signInNeeded: () => false }).services.signInNeeded()).toBe(false);
    expect(setup({ getToken: async () => 'token' }).services.signInNeeded()).toBe(false);
  });

  it('load the flows once, as soon as a token is at hand', async () => {
    const { services, loadFlows, flows } = setup({ getToken: async () => 'token' });
    await expect(services.loadMe()).resolves.toEqual(ME);
    await expect(services.findMeeting()).resolves.toBe('m1');
    expect(loadFlows).toHaveBeenCalledTimes(1);
    expect(flows.cacheSettings).toHaveBeenCalledWith({}, ME.settings);
  });

  it('load the flows again on next use when they failed to arrive', async () => {
    const { services, loadFlows, flows } = setup({ getToken: async () => 'token' });
    loadFlows.mockRejectedValueOnce(Object.assign(new Error('chunk'), { name: 'ChunkLoadError' }));
    await expect(services.findMeeting()).rejects.toMatchObject({ name: 'ChunkLoadError' });
    await expect(services.findMeeting()).resolves.toBe('m1');
    expect(loadFlows).toHaveBeenCalledTimes(2);
    expect(flows.findMeetingOnItem).toHaveBeenCalledTimes(1);
  });
});
