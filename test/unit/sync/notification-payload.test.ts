import { changeKeyOfEtag, parseEventResource, parseNotifications } from '../../../src/server/sync/notification-payload';

const change = (overrides: Record<string, unknown> = {}) => ({
  subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  subscriptionExpirationDateTime: '2030-11-25T18:23:45.9356913+00:00',
  changeType: 'updated',
  resource: 'Users/00000000-0000-4000-8000-000000000002/Events/AAMkAD-1',
  resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': 'Users/x/Events/AAMkAD-1', '@odata.etag': 'W/"DwAAABYAAAA1"', id: 'AAMkAD-1' },
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
      value: [change({ clientState: undefined }), { subscriptionId: 's', clientState: 'c', lifecycleEvent: 'surprise' }, change({ resource: 'Users/x/Messages/1', resourceData: {} }), change()],
    });
    expect(parsed?.refused).toEqual(['missing_client_state', 'unknown_lifecycle_event', 'unsupported_resource']);
    expect(parsed?.notifications).toHaveLength(1);
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

  it('refuses resources that name no user', () => {
    expect(parseEventResource('me/events/e1')).toBeUndefined();
  });
});

describe('changeKeyOfEtag', () => {
  it('unwraps a weak etag', () => {
    expect(changeKeyOfEtag('W/"DwAAABYAAAA1"')).toBe('DwAAABYAAAA1');
    expect(changeKeyOfEtag(undefined)).toBeUndefined();
  });
});
