import { addressKey, createReceiverFailureLimiter } from '../../../../src/server/sync/receiver-failure-limiter';

describe("the Graph receiver's failure limiter", () => {
  const limiter = (options: { limit?: number; maxAddresses?: number } = {}) => {
    let now = 0;
    const l = createReceiverFailureLimiter({
      now: () => now,
      limit: options.limit ?? 3,
      windowMs: 60_000,
      maxAddresses: options.maxAddresses,
    });
    return { l, move: (ms: number) => (now += ms) };
  };

  it('refuses an address once it has failed `limit` times in its window, and until the window ends', () => {
    const { l, move } = limiter();
    l.failed('192.0.2.1');
    l.failed('192.0.2.1');
    expect(l.refusedFor('192.0.2.1')).toBe(0);
    l.failed('192.0.2.1');
    expect(l.refusedFor('192.0.2.1')).toBe(60);
    expect(l.refusedFor('192.0.2.2')).toBe(0);
    move(59_001);
    expect(l.refusedFor('192.0.2.1')).toBe(1);
    move(999);
    expect(l.refusedFor('192.0.2.1')).toBe(0);
    // A new window: one failure is not enough again.
    l.failed('192.0.2.1');
    expect(l.refusedFor('192.0.2.1')).toBe(0);
  });

  it('counts an IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 one', () => {
    const { l } = limiter();
    l.failed('2001:db8:0:1::1');
    l.failed('2001:db8:0:1:ffff:ffff:ffff:fffe');
    l.failed('2001:db8:0:1::2');
    expect(l.refusedFor('2001:0db8:0000:0001::99')).toBeGreaterThan(0);
    expect(l.refusedFor('2001:db8:0:2::1')).toBe(0);
    l.failed('::ffff:198.51.100.7');
    l.failed('198.51.100.7');
    l.failed('::FFFF:198.51.100.7');
    expect(l.refusedFor('198.51.100.7')).toBeGreaterThan(0);
  });

  it('keys addresses as it counts them', () => {
    expect(['203.0.113.5', '::ffff:203.0.113.5', '2001:db8::1', '2001:0db8:0:0:1:2:3:4', 'fe80::1%eth0', '::1'].map(addressKey)).toEqual([
      '203.0.113.5',
      '203.0.113.5',
      '2001:db8:0:0::/64',
      '2001:db8:0:0::/64',
      'fe80:0:0:0::/64',
      '0:0:0:0::/64',
    ]);
  });

  it('remembers at most maxAddresses, forgetting the least recently failing first', () => {
    const { l } = limiter({ limit: 1, maxAddresses: 2 });
    l.failed('192.0.2.1');
    l.failed('192.0.2.2');
    l.failed('192.0.2.1');
    l.failed('192.0.2.3');
    expect(['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((a) => l.refusedFor(a) > 0)).toEqual([true, false, true]);
  });
});
