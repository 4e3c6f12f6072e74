import { webexFailureToDomainError } from '../../../../src/server/meetings/webex-failure';
import { createWebexActorResolver } from '../../../../src/server/meetings/webex-actor';

const tenantIn = (mode: 'admin' | 'individual') => ({
  tenants: {
    get: async (id: string) => ({
      id,
      mode,
      adminConsentedAt: null,
      defaultTemplateId: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    }),
  },
});

describe('who acts in Webex for a user', () => {
  it('is the organization’s token, for the user’s email, in an admin-mode tenant', async () => {
    const resolve = createWebexActorResolver({
      store: tenantIn('admin'),
      serviceToken: 'org',
      hostEmailFor: async () => 'alex@contoso.example',
      personalToken: async () => 'personal',
    });
    expect(await resolve('t', 'u')).toEqual({ kind: 'organization', token: 'org', hostEmail: 'alex@contoso.example' });
  });

  it('is the user’s own token in an individual-mode tenant, or without an organization token', async () => {
    const personal = async () => 'personal';
    expect(
      await createWebexActorResolver({
        store: tenantIn('individual'),
        serviceToken: 'org',
        hostEmailFor: async () => 'x',
        personalToken: personal,
      })('t', 'u'),
    ).toEqual({ kind: 'personal', token: 'personal' });
    expect(await createWebexActorResolver({ store: tenantIn('admin'), personalToken: personal })('t', 'u')).toEqual({
      kind: 'personal',
      token: 'personal',
    });
  });

  it('turns a refusal of the organization’s token into the deployment’s problem, not the user’s link', () => {
    const unauthorized = { code: 'webex_unauthorized' };
    expect(webexFailureToDomainError(unauthorized, { actor: 'organization' })).toMatchObject({
      kind: 'upstream_failed',
      code: 'webex_service_token_rejected',
    });
    expect(webexFailureToDomainError(unauthorized, { actor: 'personal' })).toMatchObject({
      kind: 'conflict',
      code: 'webex_reauthorization_required',
    });
    expect(webexFailureToDomainError({ code: 'webex_forbidden' }, { actor: 'organization' })).toMatchObject({
      kind: 'forbidden',
      code: 'webex_host_not_allowed',
    });
  });

  describe('for a delegate, in the calendar’s owner’s name', () => {
    const owner = (row: { webexLinked: boolean; settings?: Record<string, unknown> } | undefined) => ({
      ...tenantIn('individual'),
      users: {
        get: async (tenantId: string, userId: string) =>
          row && { tenantId, userId, createdAt: new Date(0), calendarSyncedAt: null, settings: {}, ...row },
      },
    });

    it('is the organization’s token for the owner in admin mode, whatever the owner’s setting', async () => {
      const resolve = createWebexActorResolver({
        store: { ...owner(undefined), ...tenantIn('admin') },
        serviceToken: 'org',
        hostEmailFor: async () => 'alex@contoso.example',
        personalToken: async () => 'personal',
      });
      expect(await resolve('t', 'owner', { delegated: true })).toEqual({
        kind: 'organization',
        token: 'org',
        hostEmail: 'alex@contoso.example',
      });
    });

    it('is the owner’s own grant only when the owner linked Webex and lets delegates use it', async () => {
      const personal = jest.fn(async () => 'owner-token');
      const resolve = (row: Parameters<typeof owner>[0]) =>
        createWebexActorResolver({ store: owner(row), personalToken: personal })('t', 'owner', { delegated: true });
      await expect(resolve(undefined)).rejects.toMatchObject({ kind: 'conflict', code: 'owner_webex_not_linked' });
      await expect(resolve({ webexLinked: false, settings: { allowDelegates: true } })).rejects.toMatchObject({
        kind: 'conflict',
        code: 'owner_webex_not_linked',
      });
      await expect(resolve({ webexLinked: true })).rejects.toMatchObject({ kind: 'forbidden', code: 'owner_delegation_disabled' });
      expect(personal).not.toHaveBeenCalled();
      expect(await resolve({ webexLinked: true, settings: { allowDelegates: true } })).toEqual({ kind: 'personal', token: 'owner-token' });
    });

    it('names the owner’s expired link as the owner’s, not the delegate’s', async () => {
      const expired = async () => {
        throw Object.assign(new Error('expired'), { code: 'webex_reauthorization_required' });
      };
      const resolve = createWebexActorResolver({
        store: owner({ webexLinked: true, settings: { allowDelegates: true } }),
        personalToken: expired,
      });
      await expect(resolve('t', 'owner', { delegated: true })).rejects.toMatchObject({
        kind: 'conflict',
        code: 'owner_webex_reauthorization_required',
      });
    });
  });
});
