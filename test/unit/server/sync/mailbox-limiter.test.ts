import { MailboxLimiter } from '../../../../src/server/sync/mailbox-limiter';
import { mailboxOfPath } from '../../../../src/server/sync/limited-graph';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('MailboxLimiter', () => {
  it('lets at most four requests run at once for one mailbox, and more for others', async () => {
    const limiter = new MailboxLimiter();
    const gates = Array.from({ length: 6 }, deferred);
    let peak = 0;
    const runs = gates.map((gate) =>
      limiter.run('alex', async () => {
        peak = Math.max(peak, limiter.inFlight('alex'));
        await gate.promise;
      }),
    );
    const other = limiter.run('megan', async () => limiter.inFlight('megan'));
    await expect(other).resolves.toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(limiter.inFlight('alex')).toBe(4);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(peak).toBe(4);
  });

  it('divides the limits between replicas', () => {
    const limiter = new MailboxLimiter({ replicas: 2 });
    expect(limiter.concurrency).toBe(2);
    expect(limiter.budget).toBe(5000);
  });

  it('refuses a request the spent budget would hold longer than maxWaitMs, saying when to come back', async () => {
    let now = 1_000_000;
    const limiter = new MailboxLimiter({ budget: 3, windowMs: 60_000, maxWaitMs: 1_000, now: () => now });
    for (let i = 0; i < 3; i++) await limiter.run('alex', async () => undefined);
    expect(limiter.used('alex')).toBe(3);
    await expect(limiter.run('alex', async () => undefined)).rejects.toMatchObject({
      code: 'mailbox_budget_exhausted',
      retryAfterMs: expect.any(Number),
    });
    now += 62_000;
    await expect(limiter.run('alex', async () => 'sent')).resolves.toBe('sent');
  });

  it('holds a mailbox paused by a Retry-After', async () => {
    const limiter = new MailboxLimiter({ maxWaitMs: 10 });
    limiter.pause('alex', 60_000);
    await expect(limiter.run('alex', async () => undefined)).rejects.toMatchObject({ code: 'mailbox_budget_exhausted' });
  });
});

describe('mailboxOfPath', () => {
  it('finds the mailbox in paths and next links, and none in /subscriptions', () => {
    expect(mailboxOfPath('/users/ABC%40contoso.com/events/1')).toBe('abc@contoso.com');
    expect(mailboxOfPath("https://graph.microsoft.com/v1.0/users('u1')/calendarView/delta?$deltatoken=x")).toBe('u1');
    expect(mailboxOfPath('/subscriptions/1')).toBeUndefined();
  });
});
