import { idealEngine, type IdealEngineInputs } from '../../../../scripts/bench/ideal-engine';

const base: Omit<IdealEngineInputs, 'events'> = {
  burstStartMs: 1_000,
  coalescingWindowMs: 2_500,
  graphReadMs: 100,
  webexCallMs: 150,
  perMailboxConcurrency: 4,
};

describe('the ideal engine of converge_ratio', () => {
  it('syncs an event one coalescing window after its last notification, with one Graph read and one Webex call', () => {
    const out = idealEngine({ ...base, events: [{ mailboxId: 'a', notifiedAtMs: [1_300, 1_200, 1_100] }] });
    // Last notification 300 ms into the burst, + 2,500 window, + 100 read + 150 call.
    expect(out.idealMs).toBe(3_050);
    expect(out.lastNotificationMs).toBe(300);
  });

  it('needs ceil(events / 4) rounds of read and call for a mailbox whose events are ready together', () => {
    const events = Array.from({ length: 9 }, () => ({ mailboxId: 'busy', notifiedAtMs: [1_000] }));
    const out = idealEngine({ ...base, events });
    expect(out.idealMs).toBe(2_500 + 3 * 250);
    expect(out.lastMailbox).toEqual({ mailboxId: 'busy', events: 9, finishesAtMs: 3_250 });
  });

  it('lets mailboxes run side by side: the burst takes as long as its slowest mailbox', () => {
    const events = [
      ...Array.from({ length: 5 }, () => ({ mailboxId: 'five', notifiedAtMs: [1_000] })),
      { mailboxId: 'late', notifiedAtMs: [1_400] },
      { mailboxId: 'early', notifiedAtMs: [1_000] },
    ];
    const out = idealEngine({ ...base, events });
    // 'five': two rounds after 2,500 = 3,000; 'late': 400 + 2,500 + 250 = 3,150.
    expect(out.idealMs).toBe(3_150);
    expect(out.lastMailbox?.mailboxId).toBe('late');
  });

  it('starts an event ready later as soon as one of its mailbox slots is free, not after the whole round', () => {
    const events = [
      ...Array.from({ length: 4 }, () => ({ mailboxId: 'm', notifiedAtMs: [1_000] })),
      { mailboxId: 'm', notifiedAtMs: [1_100] },
    ];
    const out = idealEngine({ ...base, perMailboxConcurrency: 4, events });
    // Four slots busy until 2,750; the fifth event, ready at 2,600, starts then and ends at 3,000.
    expect(out.idealMs).toBe(3_000);
  });

  it('leaves out events no notification announced, and counts them', () => {
    const out = idealEngine({
      ...base,
      events: [
        { mailboxId: 'a', notifiedAtMs: [] },
        { mailboxId: 'b', notifiedAtMs: [1_000] },
      ],
    });
    expect(out.eventsWithoutNotification).toBe(1);
    expect(out.idealMs).toBe(2_750);
  });

  it('takes nothing for a burst with no notified event', () => {
    expect(idealEngine({ ...base, events: [] })).toEqual({
      idealMs: 0,
      lastMailbox: null,
      lastNotificationMs: 0,
      eventsWithoutNotification: 0,
    });
  });
});
