import { addinConfig, parseAddinConfig } from '../../../../src/addin/config/addin-config';

const LOCAL = {
  clientId: '5e1f0c3a-7d2b-4e6a-9c1d-0000000000ad',
  authority: 'https://localhost:4001/organizations',
  knownAuthorities: ['localhost:4001'],
  apiScope: 'api://localhost:3000/5e1f0c3a-7d2b-4e6a-9c1d-000000000b0e/access_as_user',
  apiBaseUrl: 'http://localhost:3001/',
  joinLinkHosts: [],
};

describe('the add-in configuration', () => {
  it('accepts the local settings, trimming the trailing slash of the backend URL', () => {
    expect(parseAddinConfig(LOCAL)).toEqual({ ...LOCAL, apiBaseUrl: 'http://localhost:3001' });
  });

  it('refuses a backend on plain http away from this machine, and an authority that is not https', () => {
    expect(() => parseAddinConfig({ ...LOCAL, apiBaseUrl: 'http://scheduler.example.com' })).toThrow(
      expect.objectContaining({ code: 'addin_config_invalid', field: 'apiBaseUrl' }),
    );
    expect(() => parseAddinConfig({ ...LOCAL, authority: 'http://localhost:4001/organizations' })).toThrow(
      expect.objectContaining({ field: 'authority' }),
    );
  });

  it('names the missing field', () => {
    expect(() => parseAddinConfig({ ...LOCAL, clientId: '' })).toThrow(expect.objectContaining({ field: 'clientId' }));
  });

  it('fails with addin_config_invalid when the build injected nothing', () => {
    expect(() => addinConfig()).toThrow(expect.objectContaining({ code: 'addin_config_invalid' }));
  });
});
