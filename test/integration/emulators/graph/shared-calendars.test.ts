/**
 * Delegation in the Graph emulator, as Microsoft's "Get shared or delegated Outlook calendar and its
 * events" and "Create Outlook events in a shared or delegated calendar" describe it: an owner gives
 * a delegate access to their calendar in Outlook (here, the control surface); with the delegated
 * Calendars.Read.Shared or Calendars.ReadWrite.Shared permission the delegate then reads (and with
 * write access writes) events through /users/{owner}/..., and reads the calendar itself, whose
 * canEdit says whether they may write. Without access, or without the shared permission, Exchange
 * answers ErrorAccessDenied. The sharing permissions do not allow change notifications on someone
 * else's folders: such a subscription is refused. Taking the delegate away takes the access away.
 *
 * The seed already makes Megan Alex's delegate with write access.
 */
import {
  alex,
  adele,
  call,
  contoso,
  eventBody,
  megan,
  startGraph,
  startReceiver,
  subscribe,
  type GraphErrorShape,
  type GraphKit,
  type Receiver,
} from './graph-test-kit';

const irina = contoso.users[3]!;
const SHARED_RW = 'openid profile User.Read Calendars.ReadWrite Calendars.ReadWrite.Shared';
const SHARED_READ = 'openid profile User.Read Calendars.Read.Shared';

let kit: GraphKit;
let receiver: Receiver;

beforeAll(async () => {
  kit = await startGraph({ validateEndpoint: async () => undefined });
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
  await kit.close();
});

const permissionsOf = (owner: string) => `/_emulator/users/${encodeURIComponent(owner)}/calendarPermissions`;

describe('a delegate of a calendar', () => {
  it('is in the seed: Megan may write to Alex’s calendar', async () => {
    const listed = await call<{ value: Array<{ delegate: string; role: string }> }>(kit.url, permissionsOf(alex.userPrincipalName));
    expect(listed.status).toBe(200);
    expect(listed.body.value).toEqual([expect.objectContaining({ delegate: megan.id, role: 'delegateWithoutPrivateEventAccess' })]);
  });

  it('reads the owner’s calendar, which says they may edit it and whose it is', async () => {
    const token = await kit.userToken(megan.id, SHARED_RW);
    const calendar = await call<{ canEdit: boolean; owner: { address: string }; isDefaultCalendar: boolean }>(
      kit.url,
      `/v1.0/users/${alex.userPrincipalName}/calendar`,
      { token },
    );
    expect(calendar.status).toBe(200);
    expect(calendar.body).toMatchObject({ canEdit: true, isDefaultCalendar: true, owner: { address: alex.mail } });
    // The owner reads their own calendar with their ordinary permission.
    const own = await call<{ canEdit: boolean }>(kit.url, '/v1.0/me/calendar', { token: await kit.userToken(alex.id) });
    expect(own.body.canEdit).toBe(true);
  });

  it('creates, reads and changes events in the owner’s calendar, which stay the owner’s', async () => {
    const token = await kit.userToken(megan.id, SHARED_RW);
    const created = await call<{ id: string; organizer: { emailAddress: { address: string } } }>(kit.url, `/v1.0/users/${alex.id}/events`, {
      method: 'POST',
      token,
      body: eventBody('Planning for Alex', '2031-05-01T10:00:00', '2031-05-01T11:00:00'),
    });
    expect(created.status).toBe(201);
    expect(created.body.organizer.emailAddress.address).toBe(alex.mail);
    expect(kit.emulator.events.list(alex.id).map((e) => e.subject)).toContain('Planning for Alex');
    expect(kit.emulator.events.list(megan.id).map((e) => e.subject)).not.toContain('Planning for Alex');

    const read = await call<{ subject: string }>(kit.url, `/v1.0/users/${alex.userPrincipalName}/events/${created.body.id}`, { token });
    expect(read.body.subject).toBe('Planning for Alex');
    const patched = await call(kit.url, `/v1.0/users/${alex.id}/events/${created.body.id}`, {
      method: 'PATCH',
      token,
      body: { subject: 'Planning (moved)' },
    });
    expect(patched.status).toBe(200);
  });

  it('needs the shared permission: Calendars.ReadWrite alone reaches only their own calendar', async () => {
    const token = await kit.userToken(megan.id, 'openid User.Read Calendars.ReadWrite');
    const denied = await call<GraphErrorShape>(kit.url, `/v1.0/users/${alex.id}/events`, { token });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('ErrorAccessDenied');
    expect((await call(kit.url, `/v1.0/users/${alex.id}/calendar`, { token })).status).toBe(403);
  });

  it('with read access reads but does not write, and the calendar says so', async () => {
    const granted = await call(kit.url, permissionsOf(adele.userPrincipalName), {
      method: 'POST',
      body: { delegate: megan.userPrincipalName, role: 'read' },
    });
    expect(granted.status).toBe(201);
    const token = await kit.userToken(megan.id, SHARED_RW);
    expect((await call<{ canEdit: boolean }>(kit.url, `/v1.0/users/${adele.id}/calendar`, { token })).body.canEdit).toBe(false);
    expect((await call(kit.url, `/v1.0/users/${adele.id}/events`, { token: await kit.userToken(megan.id, SHARED_READ) })).status).toBe(200);
    const write = await call<GraphErrorShape>(kit.url, `/v1.0/users/${adele.id}/events`, {
      method: 'POST',
      token,
      body: eventBody('Nope', '2031-05-02T10:00:00', '2031-05-02T11:00:00'),
    });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('ErrorAccessDenied');
    // Calendars.Read.Shared never writes, whatever the owner granted.
    const readOnly = await call(kit.url, `/v1.0/users/${alex.id}/events`, {
      method: 'POST',
      token: await kit.userToken(megan.id, SHARED_READ),
      body: eventBody('Nope', '2031-05-02T10:00:00', '2031-05-02T11:00:00'),
    });
    expect(readOnly.status).toBe(403);
  });
});

describe('someone who is not a delegate', () => {
  it('is refused the calendar and its events, with the shared permission too', async () => {
    const token = await kit.userToken(irina.id, SHARED_RW);
    for (const path of [`/v1.0/users/${alex.id}/calendar`, `/v1.0/users/${alex.id}/events`]) {
      const denied = await call<GraphErrorShape>(kit.url, path, { token });
      expect(denied.status).toBe(403);
      expect(denied.body.error.code).toBe('ErrorAccessDenied');
    }
  });
});

describe('subscriptions through the sharing permissions', () => {
  it('are refused on the owner’s events, as Graph refuses them; the delegate may still subscribe to their own', async () => {
    const token = await kit.userToken(megan.id, SHARED_RW);
    const refused = await subscribe(kit, token, receiver, { resource: `users/${alex.id}/events` });
    expect(refused.status).toBe(403);
    expect(kit.emulator.subscriptions.all().filter((s) => s.mailboxId === alex.id.toLowerCase())).toEqual([]);
    const own = await subscribe(kit, token, receiver, { resource: 'me/events' });
    expect(own.status).toBe(201);
  });
});

describe('taking the delegate away', () => {
  it('takes the access away at once, and the seed comes back with a reset', async () => {
    const removed = await call(kit.url, `${permissionsOf(alex.id)}/${encodeURIComponent(megan.userPrincipalName)}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    const token = await kit.userToken(megan.id, SHARED_RW);
    expect((await call(kit.url, `/v1.0/users/${alex.id}/calendar`, { token })).status).toBe(403);
    expect((await call(kit.url, `/v1.0/users/${alex.id}/events`, { token })).status).toBe(403);
    expect((await call<{ value: unknown[] }>(kit.url, permissionsOf(alex.id))).body.value).toEqual([]);

    expect((await call(kit.url, '/_emulator/reset', { method: 'POST' })).status).toBe(204);
    expect((await call(kit.url, `/v1.0/users/${alex.id}/calendar`, { token })).status).toBe(200);
  });

  it('refuses an unknown delegate or role', async () => {
    expect(
      (await call(kit.url, permissionsOf(alex.id), { method: 'POST', body: { delegate: 'nobody@contoso.example', role: 'write' } })).status,
    ).toBe(404);
    expect((await call(kit.url, permissionsOf(alex.id), { method: 'POST', body: { delegate: irina.id, role: 'owner' } })).status).toBe(400);
  });
});
