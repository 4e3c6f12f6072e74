import { productRegistrations } from '../../../../src/emulators/identity/product-registrations';
import { TEAMS_CLIENT_IDS, withTeamsCalling } from '../../../../src/emulators/identity/teams-registration';

const ids = {
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  backendClientId: '5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e',
  backendClientSecret: 's',
  addinClientId: '5e1f0c3a-7d2b-4e6a-9c1d-0000000000ad',
  addinBaseUrl: 'https://localhost:3000',
  backendBaseUrl: 'http://localhost:3001',
};

describe('the app registrations with the Teams calling tab', () => {
  const base = productRegistrations(ids);
  const withTeams = withTeamsCalling(base, { backendClientId: ids.backendClientId, tabBaseUrl: 'https://localhost:3000/' });
  const backend = withTeams.find((r) => r.clientId === ids.backendClientId)!;

  it('pre-authorize Teams’ own clients for the backend’s API, so SSO needs no prompt', () => {
    for (const appId of Object.values(TEAMS_CLIENT_IDS))
      expect(backend.preAuthorizedApplications).toContainEqual({ appId, scopes: ['access_as_user'] });
    expect(backend.preAuthorizedApplications).toContainEqual({ appId: ids.addinClientId, scopes: ['access_as_user'] });
  });

  it('accept the consent popup’s redirect on the tab’s origin', () => {
    expect(backend.redirectUris?.web).toContain('https://localhost:3000/teams-auth.html');
  });

  it('do not add the tab’s Graph permissions to what consenting to the scheduler grants', () => {
    const before = base.find((r) => r.clientId === ids.backendClientId)!;
    expect(backend.requiredResourceAccess).toEqual(before.requiredResourceAccess);
  });

  it('add stand-ins for Teams’ clients that may use the password grant', () => {
    const clients = withTeams.filter((r) => Object.values<string>(TEAMS_CLIENT_IDS).includes(r.clientId));
    expect(clients).toHaveLength(2);
    expect(clients.every((c) => c.allowPublicClient)).toBe(true);
  });

  it('leave the input unchanged', () => {
    expect(base.find((r) => r.clientId === ids.backendClientId)!.preAuthorizedApplications).toEqual(
      productRegistrations(ids).find((r) => r.clientId === ids.backendClientId)!.preAuthorizedApplications,
    );
    expect(
      base
        .find((r) => r.clientId === ids.backendClientId)!
        .preAuthorizedApplications!.some((p) => Object.values<string>(TEAMS_CLIENT_IDS).includes(p.appId)),
    ).toBe(false);
  });

  it('need the backend’s registration to be there', () => {
    expect(() => withTeamsCalling([], { backendClientId: ids.backendClientId, tabBaseUrl: 'https://x' })).toThrow();
  });
});
