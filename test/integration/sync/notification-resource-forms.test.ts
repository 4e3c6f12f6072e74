/**
 * End to end, the two ways Graph names the changed event in a notification's `resource` (Graph's
 * "Receive change notifications through webhooks" and its examples): "Users/{id}/Events/{id}" and
 * "users/{user-guid}@{tenant-guid}/events/{id}". The Graph emulator is told which to send
 * (POST /_emulator/notifications/settings, resourceForm); either way an edit in Outlook reaches
 * Webex. A resource whose tenant is not the notification's is refused.
 */
import { ensureCalendarSync } from '../../../src/server/sync';
import { ALEX, CONTOSO, daysAhead, local, startSyncStack, utcOf, type SyncStack } from './sync-stack';

let stack: SyncStack;
const day = daysAhead(24);

beforeAll(async () => {
  stack = await startSyncStack({ sync: { coalesceSeconds: 0 } });
  await ensureCalendarSync(stack.ctx, { tenantId: CONTOSO.id, userId: ALEX.id });
});

afterAll(async () => {
  await stack?.close();
});

async function resourceForm(form: string): Promise<void> {
  const res = await fetch(`${stack.graph.url}/_emulator/notifications/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceForm: form }),
  });
  expect(res.status).toBe(200);
}

describe.each([
  ['userId', 'Users/{id}/Events/{id}', 10],
  ['userAtTenant', 'users/{user-guid}@{tenant-guid}/events/{id}', 13],
])('notifications naming the event as %s (%s)', (form, _spelling, hour) => {
  beforeAll(() => resourceForm(form));
  afterAll(() => resourceForm('userId'));

  it('link a new event to its meeting, and carry a move to Webex', async () => {
    const subject = `Resource form ${form}`;
    const meeting = await stack.addMeeting({
      subject,
      start: utcOf(`${day}T${hour}:00`),
      end: utcOf(`${day}T${hour}:30`),
      timeZone: 'America/Los_Angeles',
    });
    const event = await stack.outlook.create(
      stack.eventBodyWith(meeting, { subject, start: local(`${day}T${hour}:00:00`), end: local(`${day}T${hour}:30:00`) }),
    );
    await stack.until(async () => expect((await stack.store.links.getByEvent(CONTOSO.id, ALEX.id, event.id))?.meetingId).toBe(meeting.id));
    await stack.outlook.update(event.id, { start: local(`${day}T${hour + 1}:00:00`), end: local(`${day}T${hour + 1}:30:00`) });
    await stack.until(() => expect(stack.webexMeeting(meeting.id)?.start).toBe(utcOf(`${day}T${hour + 1}:00`)));
    expect(stack.ctx.metrics.get('notifications_dropped', { reason: 'resource_mismatch' })).toBe(0);
    expect(stack.ctx.metrics.get('notifications_dropped', { reason: 'unsupported_resource' })).toBe(0);
  });
});

it('a users/{user}@{tenant} resource naming another tenant than the notification’s tenantId is refused', async () => {
  const before = stack.ctx.metrics.get('notifications_dropped', { reason: 'tenant_mismatch' });
  const other = '11111111-2222-4333-8444-555555555555';
  const res = await fetch(`${stack.url}/graph/notifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      value: [
        {
          subscriptionId: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
          subscriptionExpirationDateTime: '2030-11-25T18:23:45.935+00:00',
          changeType: 'updated',
          clientState: 'whatever',
          resource: `users/${ALEX.id}@${other}/events/AAMkAD-forged`,
          resourceData: { '@odata.type': '#Microsoft.Graph.Event', id: 'AAMkAD-forged' },
          tenantId: CONTOSO.id,
        },
      ],
    }),
  });
  expect(res.status).toBe(202);
  expect(stack.ctx.metrics.get('notifications_dropped', { reason: 'tenant_mismatch' })).toBe(before + 1);
});
