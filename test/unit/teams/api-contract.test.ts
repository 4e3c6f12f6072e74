/**
 * The tab's copy of the /api/teams wire types and the backend's are the same shape: each
 * assigns to the other (checked by the type-checker), and a sample of each passes for the other.
 */
import type * as Server from '../../../src/server/teams/teams-api-types';
import type * as Tab from '../../../src/teams/api/teams-api-types';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: Array<true> = [
  true satisfies Same<Server.Person, Tab.Person>,
  true satisfies Same<Server.SpeedDial, Tab.SpeedDial>,
  true satisfies Same<Server.PeopleResponse, Tab.PeopleResponse>,
  true satisfies Same<Server.SpeedDialsResponse, Tab.SpeedDialsResponse>,
  true satisfies Same<Server.SpeedDialsUpdate, Tab.SpeedDialsUpdate>,
  true satisfies Same<Server.TeamsErrorCode, Tab.TeamsErrorCode>,
];

describe('the /api/teams contract', () => {
  it('is the same on both sides', () => {
    const fromServer: Server.PeopleResponse = { people: [{ kind: 'user', id: 'u', displayName: 'U', phones: [{ kind: 'mobile', number: '1' }] }], next: '50' };
    const asTab: Tab.PeopleResponse = fromServer;
    expect(asTab).toBe(fromServer);
    expect(checks.every(Boolean)).toBe(true);
  });
});
