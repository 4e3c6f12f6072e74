import { LOCAL_APP, loadConfig } from '../../../../src/server/config';
import { GraphError, GraphTokenError, type GraphCall } from '../../../../src/server/graph';
import { createDelegation, type DelegationDeps } from '../../../../src/server/meetings/delegation';

const config = loadConfig({ DATA_DIR: '/nonexistent', TOKEN_ENCRYPTION_KEY: 'a'.repeat(64) });
const TENANT = LOCAL_APP.tenantId;
const MEGAN = { tenantId: TENANT, userId: '00000000-0000-4000-8000-000000000003' };
const ALEX_ID = '00000000-0000-4000-8000-000000000002';

/** Graph as the check sees it: users by id or principal name, a list by mail, and calendars. */
function fakeGraph(options: { canEdit?: boolean; byMailOnly?: boolean; calendarStatus?: number } = {}) {
  const calls: GraphCall[] = [];
  const request = async <T>(_tenantId: string, call: GraphCall): Promise<T> => {
    calls.push(call);
    await call.auth?.getAccessToken();
    if (call.path === '/users') return { value: [{ id: ALEX_ID, displayName: 'Alex Wilber' }] } as T;
    if (call.path.endsWith('/calendar')) {
      if (options.calendarStatus) throw new GraphError({ status: options.calendarStatus, serviceCode: 'ErrorAccessDenied' });
      return { id: 'cal', canEdit: options.canEdit ?? true } as T;
    }
    if (options.byMailOnly) throw new GraphError({ status: 404, serviceCode: 'Request_ResourceNotFound' });
    return { id: ALEX_ID, displayName: 'Alex Wilber' } as T;
  };
  return { calls, request };
}

function delegation(graph: ReturnType<typeof fakeGraph>, extra: Partial<DelegationDeps> = {}) {
  const scopes: string[][] = [];
  return {
    scopes,
    check: createDelegation({
      microsoft: config.microsoft,
      graph,
      store: {
        tenants: { get: async () => undefined },
        users: { get: async () => undefined },
      },
      webexServiceToken: false,
      hasCalendarAuthorization: async () => false,
      onBehalfOf: {
        getAccessToken: async (_tenantId, assertion, asked) => {
          scopes.push(asked ?? []);
          return `graph-token-for-${assertion}`;
        },
      },
      ...extra,
    }),
  };
}

describe('a delegate’s right', () => {
  it('is checked with the delegate’s own token and the sharing permission, and the meeting is the owner’s', async () => {
    const graph = fakeGraph();
    const { check, scopes } = delegation(graph);
    expect(await check.actingFor(MEGAN, 'megan-api-token', 'alex.wilber@contoso.example')).toEqual({
      identity: { tenantId: TENANT, userId: ALEX_ID },
      delegated: true,
    });
    expect(scopes[0]).toEqual(['https://graph.microsoft.com/Calendars.ReadWrite.Shared', 'https://graph.microsoft.com/User.ReadBasic.All']);
    expect(graph.calls.map((c) => c.path)).toEqual(['/users/alex.wilber%40contoso.example', `/users/${ALEX_ID}/calendar`]);
  });

  it('finds an owner Office names by a mail that is not their principal name', async () => {
    const graph = fakeGraph({ byMailOnly: true });
    const { check } = delegation(graph);
    expect((await check.actingFor(MEGAN, 't', "o'neil@contoso.example")).identity.userId).toBe(ALEX_ID);
    expect(graph.calls[1]?.query?.$filter).toBe("mail eq 'o''neil@contoso.example'");
  });

  it('is the caller’s own when nobody else is named', async () => {
    const graph = fakeGraph();
    const { check } = delegation(graph);
    expect(await check.actingFor(MEGAN, 't', undefined)).toEqual({ identity: MEGAN, delegated: false });
    expect(await check.actingFor(MEGAN, 't', MEGAN.userId.toUpperCase())).toEqual({ identity: MEGAN, delegated: false });
    expect(graph.calls).toEqual([]);
  });

  it('is refused without edit rights, when Exchange denies the calendar, or for a name that is not a mailbox', async () => {
    await expect(delegation(fakeGraph({ canEdit: false })).check.actingFor(MEGAN, 't', ALEX_ID)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'delegate_access_required',
    });
    await expect(delegation(fakeGraph({ calendarStatus: 403 })).check.actingFor(MEGAN, 't', ALEX_ID)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'delegate_access_required',
    });
    await expect(delegation(fakeGraph()).check.actingFor(MEGAN, 't', 'alex/../../me')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'invalid_owner',
    });
  });

  it('asks for consent again when Microsoft has none for the sharing permission', async () => {
    const { check } = delegation(fakeGraph(), {
      onBehalfOf: {
        getAccessToken: async () => {
          throw new GraphTokenError('graph_consent_required', { aadsts: '65001' });
        },
      },
    });
    await expect(check.actingFor(MEGAN, 't', ALEX_ID)).rejects.toMatchObject({ kind: 'conflict', code: 'delegate_consent_required' });
  });

  it('tells the delegate what the owner must do, in individual mode', async () => {
    const { check } = delegation(fakeGraph(), {
      store: {
        tenants: {
          get: async () => undefined,
        },
        users: {
          get: async () => ({
            tenantId: TENANT,
            userId: ALEX_ID,
            settings: { allowDelegates: true },
            createdAt: new Date(0),
            webexLinked: true,
            calendarSyncedAt: null,
          }),
        },
      },
    });
    expect(await check.status(MEGAN, 't', ALEX_ID)).toEqual({
      owner: { userId: ALEX_ID, displayName: 'Alex Wilber' },
      webexScheduling: 'personal',
      ready: true,
      ownerActions: ['authorize_calendar'],
    });
  });
});
