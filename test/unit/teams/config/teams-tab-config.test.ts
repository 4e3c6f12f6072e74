import { parseTeamsTabConfig, teamsTabConfig } from '../../../../src/teams/config/teams-tab-config';

describe('the Teams tab configuration', () => {
  it('takes the backend the build names, without a trailing slash', () => {
    expect(parseTeamsTabConfig({ apiBaseUrl: 'https://scheduler.example.com/' })).toEqual({ apiBaseUrl: 'https://scheduler.example.com' });
    expect(parseTeamsTabConfig({ apiBaseUrl: 'http://localhost:3001' })).toEqual({ apiBaseUrl: 'http://localhost:3001' });
  });

  it('refuses a backend the token would reach in clear, or no URL at all', () => {
    for (const apiBaseUrl of ['http://scheduler.example.com', 'javascript:alert(1)', 'scheduler.example.com', '', 42]) {
      expect(() => parseTeamsTabConfig({ apiBaseUrl })).toThrow(
        expect.objectContaining({ code: 'teams_tab_config_invalid', field: 'apiBaseUrl' }),
      );
    }
  });

  it('fails with teams_tab_config_invalid when the build injected nothing', () => {
    expect(() => teamsTabConfig()).toThrow(expect.objectContaining({ code: 'teams_tab_config_invalid', field: 'config' }));
  });
});
