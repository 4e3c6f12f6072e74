import { webexFailureToApiError } from '../../../src/server/meetings/webex-failure';
import { createWebexActorResolver } from '../../../src/server/meetings/webex-actor';

const tenantIn = (mode: 'admin' | 'individual') => ({
  getTenant: async (id: string) => ({ id, mode, adminConsentedAt: null, createdAt: new Date(0), updatedAt: new Date(0) }),
});

describe('who acts in Webex for a user', () => {
  it('is the organization’s token, for the user’s email, in an admin-mode tenant', async () => {
    const resolve = createWebexActorResolver({ store: tenantIn('admin'), serviceToken: 'org', hostEmailFor: async () => 'alex@contoso.example', personalToken: async () => 'personal' });
    expect(await resolve('t', 'u')).toEqual({ kind: 'organization', token: 'org', hostEmail: 'alex@contoso.example' });
  });

  it('is the user’s own token in an individual-mode tenant, or without an organization token', async () => {
    const personal = async () => 'personal';
    expect(await createWebexActorResolver({ store: tenantIn('individual'), serviceToken: 'org', hostEmailFor: async () => 'x', personalToken: personal })('t', 'u')).toEqual({ kind: 'personal', token: 'personal' });
    expect(await createWebexActorResolver({ store: tenantIn('admin'), personalToken: personal })('t', 'u')).toEqual({ kind: 'personal', token: 'personal' });
  });

  it('turns a refusal of the organization’s token into the deployment’s problem, not the user’s link', () => {
    const unauthorized = { code: 'webex_unauthorized' };
    expect(webexFailureToApiError(unauthorized, { actor: 'organization' })).toMatchObject({ statusCode: 502, code: 'webex_service_token_rejected' });
    expect(webexFailureToApiError(unauthorized, { actor: 'personal' })).toMatchObject({ statusCode: 409, code: 'webex_reauthorization_required' });
    expect(webexFailureToApiError({ code: 'webex_forbidden' }, { actor: 'organization' })).toMatchObject({ statusCode: 403, code: 'webex_host_not_allowed' });
  });
});
