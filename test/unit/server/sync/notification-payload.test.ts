import { changeKeyOfEtag, parseEventResource, parseNotifications } from '../../../../src/server/sync/notification-payload';

const change = (overrides: Record<string, unknown> = {}) => ({
  subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  subscriptionExpirationDateTime: '2030-11-25T18:23:45.9356913+00:00',
  changeType: 'updated',
  resource: 'Users/00000000-0000-4000-8000-000000000002/Events/AAMkAD-1',
  resourceData: {
    '@odata.type': '#Microsoft.Graph.Event',
    '@odata.id': 'Users/x/Events/AAMkAD-1',
    '@odata.etag': 'W/"DwAAABYAAAA1"',
    id: 'AAMkAD-1',
  },
  clientState: 'secret',
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  ...overrides,
});

describe('parseNotifications', () => {
  it('reads a change notification: mailbox, event, changeKey', () => {
    const parsed = parseNotifications({ value: [change()] });
    expect(parsed?.notifications).toEqual([
      {
        kind: 'change',
        subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
        clientState: 'secret',
        changeType: 'updated',
        userId: '00000000-0000-4000-8000-000000000002',
        eventId: 'AAMkAD-1',
        changeKey: 'DwAAABYAAAA1',
        tenantId: '72f988bf-0000-4000-8000-00000000c0de',
      },
    ]);
  });

  it('reads a lifecycle notification', () => {
    const parsed = parseNotifications({ value: [{ subscriptionId: 's', clientState: 'c', lifecycleEvent: 'missed' }] });
    expect(parsed?.notifications).toEqual([{ kind: 'lifecycle', subscriptionId: 's', clientState: 'c', lifecycleEvent: 'missed' }]);
  });

  it('refuses items without clientState, with an unknown lifecycle event or another resource, keeping the rest', () => {
    const parsed = parseNotifications({
      value: [
        change({ clientState: undefined }),
        { subscriptionId: 's', clientState: 'c', lifecycleEvent: 'surprise' },
        change({ resource: 'Users/x/Messages/1', resourceData: {} }),
        change(),
      ],
    });
    expect(parsed?.refused).toEqual(['missing_client_state', 'unknown_lifecycle_event', 'unsupported_resource']);
    expect(parsed?.notifications).toHaveLength(1);
  });

  it("reads the resource in Graph's users/{user-guid}@{tenant-guid}/... form as the user, the tenant part matching tenantId", () => {
    const user = '00000000-0000-4000-8000-000000000002';
    const tenant = '72f988bf-0000-4000-8000-00000000c0de';
    const parsed = parseNotifications({
      value: [change({ resource: `users/${user}@${tenant}/events/AAMkAD-1`, tenantId: tenant.toUpperCase() })],
    });
    expect(parsed?.refused).toEqual([]);
    expect(parsed?.notifications).toEqual([
      expect.objectContaining({ kind: 'change', userId: user, eventId: 'AAMkAD-1', tenantId: tenant.toUpperCase() }),
    ]);
  });

  it('refuses a users/{user}@{tenant} resource whose tenant is not the notification’s, or that comes without a tenantId', () => {
    const user = '00000000-0000-4000-8000-000000000002';
    const other = '11111111-0000-4000-8000-00000000c0de';
    const parsed = parseNotifications({
      value: [
        change({ resource: `users/${user}@${other}/events/AAMkAD-1` }),
        change({ resource: `Users/${user}@${other}/Events/AAMkAD-1`, tenantId: undefined }),
      ],
    });
    expect(parsed?.notifications).toEqual([]);
    expect(parsed?.refused).toEqual(['tenant_mismatch', 'tenant_mismatch']);
  });

  it('refuses what is not a collection of notifications', () => {
    expect(parseNotifications({ values: [] })).toBeUndefined();
    expect(parseNotifications([change()])).toBeUndefined();
  });
});

describe('parseEventResource', () => {
  it("reads Graph's spelling and the OData key spelling", () => {
    expect(parseEventResource('Users/u1/Events/e1')).toEqual({ userId: 'u1', eventId: 'e1' });
    expect(parseEventResource("users('u1')/events('e1')")).toEqual({ userId: 'u1', eventId: 'e1' });
  });

  it('splits {user-guid}@{tenant-guid} into the user and the tenant, in either spelling', () => {
    const user = '00000000-0000-4000-8000-000000000002';
    const tenant = '72f988bf-0000-4000-8000-00000000c0de';
    expect(parseEventResource(`users/${user}@${tenant}/events/e1`)).toEqual({ userId: user, tenantId: tenant, eventId: 'e1' });
    expect(parseEventResource(`Users/${user}@${tenant}/Events/e1`)).toEqual({ userId: user, tenantId: tenant, eventId: 'e1' });
    expect(parseEventResource(`users('${user}@${tenant}')/events('e1')`)).toEqual({ userId: user, tenantId: tenant, eventId: 'e1' });
    // A user principal name is not split: its domain is not a tenant id.
    expect(parseEventResource('users/alex@contoso.example/events/e1')).toEqual({ userId: 'alex@contoso.example', eventId: 'e1' });
  });

  it('refuses resources that name no user', () => {
    expect(parseEventResource('me/events/e1')).toBeUndefined();
  });

  it('reads a resource with leading, doubled or trailing slashes as without them', () => {
    for (const resource of ['/Users/u1/Events/e1', '//users/u1//events/e1', 'Users/u1/Events/e1/', 'users/u1/calendar/events/e1'])
      expect(parseEventResource(resource)).toEqual({ userId: 'u1', eventId: 'e1' });
    expect(parseEventResource('Users/u1/Events')).toEqual({ userId: 'u1' });
    expect(parseEventResource('Users/u1/Events/e1/extra')).toBeUndefined();
  });
});

describe('changeKeyOfEtag', () => {
  it('unwraps a weak etag', () => {
    expect(changeKeyOfEtag('W/"DwAAABYAAAA1"')).toBe('DwAAABYAAAA1');
    expect(changeKeyOfEtag(undefined)).toBeUndefined();
  });
});
