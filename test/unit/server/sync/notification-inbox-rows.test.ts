import { randomBytes, randomUUID } from 'node:crypto';
import { decodeEntries, encodeEntries, type InboxEntry } from '../../../../src/server/sync/notification-inbox';

const TENANT = '72f988bf-0000-4000-8000-0000000ab0c5';

/** A Graph-like event id (about 150 characters of base64) and changeKey. */
const eventId = () => `AAMkA${randomBytes(108).toString('base64url')}`;
const changeKey = () => randomBytes(21).toString('base64');

function burst(mailboxes: number, entries: number): InboxEntry[] {
  const users = Array.from({ length: mailboxes }, () => randomUUID());
  return Array.from({ length: entries }, (_, i) => ({
    kind: 'change' as const,
    tenantId: TENANT,
    userId: users[i % mailboxes] as string,
    eventId: eventId(),
    changeType: 'updated' as const,
    changeKey: changeKey(),
  }));
}

const sorted = (entries: readonly unknown[]) => [...entries].map((e) => JSON.stringify(e)).sort();

describe('the inbox row form', () => {
  it('gives back every entry it was given: changes of several mailboxes, with and without a changeKey, and lifecycle events', () => {
    const entries: InboxEntry[] = [
      ...burst(3, 7),
      { kind: 'change', tenantId: TENANT, userId: 'u-1', eventId: 'e-1', changeType: 'deleted' },
      { kind: 'lifecycle', subscriptionId: 'sub-1', lifecycleEvent: 'missed' },
      { kind: 'lifecycle', subscriptionId: 'sub-2', lifecycleEvent: 'reauthorizationRequired' },
    ];
    const stored = JSON.parse(encodeEntries(entries)) as unknown;
    expect(stored).toMatchObject({ v: 2 });
    expect(sorted(decodeEntries(stored) ?? [])).toEqual(sorted(entries));
  });

  it('writes a burst in three quarters of the bytes of plain objects at most', () => {
    const entries = burst(100, 320);
    expect(encodeEntries(entries).length).toBeLessThan(0.75 * JSON.stringify(entries).length);
  });

  it('reads the older form (a plain array of entries) as it is', () => {
    const entries = burst(2, 3);
    expect(decodeEntries(JSON.parse(JSON.stringify(entries)))).toEqual(entries);
  });

  it('reads nothing from a row of neither form, and marks each part written wrong', () => {
    expect(decodeEntries('text')).toBeUndefined();
    expect(decodeEntries(null)).toBeUndefined();
    expect(decodeEntries({ v: 3, changes: [], lifecycle: [] })).toBeUndefined();
    expect(decodeEntries({ v: 2, changes: {}, lifecycle: [] })).toBeUndefined();
    expect(decodeEntries({ v: 2, changes: [[TENANT, 'u', [['e', 'updated'], 5]], 'x'], lifecycle: [['s', 'missed'], {}] })).toEqual([
      { kind: 'change', tenantId: TENANT, userId: 'u', eventId: 'e', changeType: 'updated' },
      null,
      null,
      { kind: 'lifecycle', subscriptionId: 's', lifecycleEvent: 'missed' },
      null,
    ]);
  });
});
