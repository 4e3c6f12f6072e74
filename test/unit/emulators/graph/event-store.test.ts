import { newEventFields, parseEventInput } from '../../../../src/emulators/graph/event-input';
import { EventStore } from '../../../../src/emulators/graph/event-store';

const owner = { mailboxId: 'Mailbox-1', tenantId: 'Tenant-1' };
const fields = (subject: string) =>
  newEventFields(
    parseEventInput({
      subject,
      start: { dateTime: '2030-01-07T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2030-01-07T09:30:00', timeZone: 'UTC' },
    }),
  );

describe('the Graph emulator event store', () => {
  it('lists copies, which change nothing stored when changed', () => {
    const store = new EventStore();
    store.create(owner, fields('Planning'));
    const [copy] = store.list('mailbox-1');
    (copy as { subject: string }).subject = 'Changed by a caller';
    expect(store.list('MAILBOX-1').map((e) => e.subject)).toEqual(['Planning']);
  });

  it('lets an observer peek at the events as stored, without a copy of each, and see later changes', () => {
    const store = new EventStore();
    const created = store.create(owner, fields('Planning'));
    store.create({ mailboxId: 'mailbox-2', tenantId: 'tenant-1' }, fields('Elsewhere'));
    const first = store.peek('mailbox-1');
    expect(first.map((e) => e.subject)).toEqual(['Planning']);
    // The same stored object each time: nothing was copied.
    expect(store.peek('MAILBOX-1')[0]).toBe(first[0]);
    store.update('mailbox-1', created.key, fields('Moved'));
    expect(store.peek('mailbox-1').map((e) => e.subject)).toEqual(['Moved']);
    expect(store.peek('nobody')).toEqual([]);
  });
});
