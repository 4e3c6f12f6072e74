/**
 * The Graph emulator's subscriptions expire by its clock: a sweep (which every read makes) removes
 * exactly those whose expiration has passed, whether the expiration was set at creation, moved
 * later or earlier by an update, or restored from a saved state.
 */
import { SubscriptionStore, type NewSubscription, type Subscription } from '../../../../src/emulators/graph/subscription-store';

const MINUTE = 60_000;

function fields(mailbox: string, expiration: number): NewSubscription {
  return {
    tenantId: 'tenant',
    applicationId: 'app',
    creatorId: 'creator',
    resource: `users/${mailbox}/events`,
    mailboxId: mailbox,
    changeTypes: ['created'],
    clientState: null,
    notificationUrl: 'https://receiver.invalid/notifications',
    lifecycleNotificationUrl: null,
    expiration,
    latestSupportedTlsVersion: 'v1_2',
    includeResourceData: false,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationQueryOptions: null,
    notificationUrlAppId: null,
    idType: 'rest',
    createdAt: 0,
  };
}

describe('SubscriptionStore expiry', () => {
  let now: number;
  let store: SubscriptionStore;
  const mailboxesOf = (subs: Subscription[]) => subs.map((s) => s.mailboxId).sort();

  beforeEach(() => {
    now = 0;
    store = new SubscriptionStore(() => now);
  });

  it('removes each subscription once its expiration has passed, and only then', () => {
    store.add(fields('a', 10 * MINUTE));
    store.add(fields('b', 20 * MINUTE));
    now = 10 * MINUTE - 1;
    expect(store.sweep()).toEqual([]);
    now = 10 * MINUTE;
    expect(mailboxesOf(store.sweep())).toEqual(['a']);
    now = 20 * MINUTE - 1;
    expect(store.sweep()).toEqual([]);
    expect(mailboxesOf(store.all())).toEqual(['b']);
    now = 20 * MINUTE;
    expect(mailboxesOf(store.sweep())).toEqual(['b']);
  });

  it('follows an expiration moved later (a renewal) or earlier', () => {
    const later = store.add(fields('later', 10 * MINUTE));
    const earlier = store.add(fields('earlier', 30 * MINUTE));
    store.update(later.id, { expiration: 40 * MINUTE });
    store.update(earlier.id, { expiration: 5 * MINUTE });
    now = 5 * MINUTE;
    expect(mailboxesOf(store.sweep())).toEqual(['earlier']);
    now = 39 * MINUTE;
    expect(store.get(later.id)?.mailboxId).toBe('later');
    now = 40 * MINUTE;
    expect(store.get(later.id)).toBeUndefined();
  });

  it('a subscription added after a sweep found none due expires on time', () => {
    store.add(fields('a', 60 * MINUTE));
    now = 10 * MINUTE;
    expect(store.sweep()).toEqual([]);
    store.add(fields('b', 15 * MINUTE));
    now = 15 * MINUTE;
    expect(mailboxesOf(store.sweep())).toEqual(['b']);
  });

  it('restored subscriptions expire by their saved expiration; cleared ones are gone', () => {
    const saved = [store.add(fields('a', 10 * MINUTE)), store.add(fields('b', 20 * MINUTE))];
    store.clear();
    expect(store.sweep()).toEqual([]);
    store.importData(saved);
    now = 10 * MINUTE;
    expect(mailboxesOf(store.sweep())).toEqual(['a']);
    expect(mailboxesOf(store.all())).toEqual(['b']);
  });
});
