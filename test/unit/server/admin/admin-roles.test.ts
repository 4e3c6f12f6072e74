import { holdsTenantAdminRole, TENANT_ADMIN_ROLES } from '../../../../src/server/admin/admin-roles';

const USER_ROLE = 'b79fbf4d-3ef9-4689-8143-76b194e85509';

describe('who may manage the tenant’s authorization', () => {
  it('is a Global Administrator or a Privileged Role Administrator, named in wids', () => {
    expect(holdsTenantAdminRole({ wids: [TENANT_ADMIN_ROLES.globalAdministrator, USER_ROLE] })).toBe(true);
    expect(holdsTenantAdminRole({ wids: [TENANT_ADMIN_ROLES.privilegedRoleAdministrator.toUpperCase()] })).toBe(true);
  });

  it('is not a user with the default role, nor a token without wids', () => {
    expect(holdsTenantAdminRole({ wids: [USER_ROLE] }, { name: 'x' }, undefined)).toBe(false);
  });

  it('is not a Cloud Application Administrator, who cannot grant Graph application permissions', () => {
    expect(holdsTenantAdminRole({ wids: ['158c047a-c907-4556-b7ef-446551a6b5f7'] })).toBe(false);
  });

  it('may be read from the ID token when the access token names no roles', () => {
    expect(holdsTenantAdminRole({}, { wids: [TENANT_ADMIN_ROLES.globalAdministrator] })).toBe(true);
  });
});
