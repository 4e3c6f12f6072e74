import { readAlternateHosts, saveAlternateHosts } from '../../../../src/addin/flows/alternate-hosts';
import { harness, type Harness } from '../flow-harness';

let h: Harness;
afterEach(() => h.uninstall());

const attendees = {
  requiredAttendees: [
    { emailAddress: 'megan.bowen@contoso.example', displayName: 'Megan Bowen' },
    { emailAddress: 'rosa.marquez@fabrikam.example', displayName: 'Rosa Marquez' },
    { emailAddress: 'alex.wilber@contoso.example', displayName: 'Alex Wilber' },
  ],
};

describe('alternate hosts', () => {
  it('are offered among the attendees (not the organizer), each with whether Webex allows them and why not', async () => {
    h = harness(attendees);
    await expect(readAlternateHosts(h.deps)).resolves.toEqual({
      choices: [
        { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', eligible: true },
        { email: 'rosa.marquez@fabrikam.example', displayName: 'Rosa Marquez', eligible: false, reason: 'other_organization' },
      ],
      selected: [],
    });
    expect(h.api.calls).toEqual(['alternateHostCandidates']);
  });

  it('ask the backend nothing while there are no attendees', async () => {
    h = harness();
    await expect(readAlternateHosts(h.deps)).resolves.toEqual({ choices: [], selected: [] });
    expect(h.api.calls).toEqual([]);
  });

  it('are saved as the meeting’s invitees, the attendees with the alternate hosts marked, and read back', async () => {
    h = harness(attendees);
    const saved = await saveAlternateHosts(h.deps, 'm1', ['megan.bowen@contoso.example']);
    expect(h.api.invitees.get('m1')).toEqual([
      { email: 'megan.bowen@contoso.example', displayName: 'Megan Bowen', coHost: true },
      { email: 'rosa.marquez@fabrikam.example', displayName: 'Rosa Marquez', coHost: false },
    ]);
    expect(saved.selected).toEqual(['megan.bowen@contoso.example']);
  });
});
