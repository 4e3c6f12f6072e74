import type { AddinConfig } from '../../../../src/addin/config/addin-config';

/** The add-in's settings as the local stack has them, for the token providers' tests. */
export const TEST_ADDIN_CONFIG: AddinConfig = {
  clientId: 'addin',
  authority: 'https://localhost:4001/organizations',
  knownAuthorities: ['localhost:4001'],
  apiScope: 'api://localhost:3000/backend/access_as_user',
  apiBaseUrl: 'https://localhost:3001',
  joinLinkHosts: [],
};
