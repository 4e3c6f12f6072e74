/**
 * The ideal engine that converge_ratio compares the real one with (docs/architecture.md#bench-figures):
 * it knows of a change the moment Graph's notification is acknowledged, starts the event's sync the
 * moment the coalescing window closes after the event's LAST notification, and each sync costs
 * exactly one Graph read and one Webex call at the emulators' configured latencies, with no other
 * cost (no database, no queue, no CPU). The only limit it keeps is Outlook's: at most
 * `perMailboxConcurrency` requests at once per mailbox. So a mailbox whose changed events are all
 * ready at once needs ceil(events ÷ 4) × (read + call) after that moment; events ready at different
 * moments start as soon as both they and one of the mailbox's slots are.
 *
 * Pure: the bench gives it the notification times it measured.
 */

export interface IdealEngineEvent {
  mailboxId: string;
  /** When each of its notifications was acknowledged (ms, the same origin as the burst's start). */
  notifiedAtMs: readonly number[];
}

export interface IdealEngineInputs {
  /** When the burst began (its first edit). */
  burstStartMs: number;
  events: readonly IdealEngineEvent[];
  /** From a notification until its job may start: coalesceSeconds and the job's start delay. */
  coalescingWindowMs: number;
  graphReadMs: number;
  webexCallMs: number;
  perMailboxConcurrency: number;
}

export interface IdealEngineResult {
  /** From the burst's start until the ideal engine has brought every event in step. */
  idealMs: number;
  /** The mailbox that finishes last, and when (from the burst's start). */
  lastMailbox: { mailboxId: string; events: number; finishesAtMs: number } | null;
  /** From the burst's start to the last notification of any event (what no engine can beat). */
  lastNotificationMs: number;
  /** Events with no acknowledged notification: no engine driven by notifications can sync them, so they are left out. */
  eventsWithoutNotification: number;
}

export function idealEngine(inputs: IdealEngineInputs): IdealEngineResult {
  if (!(inputs.perMailboxConcurrency >= 1)) throw new Error('perMailboxConcurrency must be at least 1');
  const syncMs = inputs.graphReadMs + inputs.webexCallMs;
  const readyByMailbox = new Map<string, number[]>();
  let eventsWithoutNotification = 0;
  let lastNotification = inputs.burstStartMs;
  for (const event of inputs.events) {
    if (event.notifiedAtMs.length === 0) {
      eventsWithoutNotification += 1;
      continue;
    }
    const last = Math.max(...event.notifiedAtMs);
    lastNotification = Math.max(lastNotification, last);
    const ready = readyByMailbox.get(event.mailboxId) ?? [];
    ready.push(last + inputs.coalescingWindowMs);
    readyByMailbox.set(event.mailboxId, ready);
  }
  let lastMailbox: IdealEngineResult['lastMailbox'] = null;
  for (const [mailboxId, ready] of readyByMailbox) {
    // Earliest ready first, each on the slot that frees first: no schedule under the limit ends sooner.
    const slots = new Array<number>(Math.min(inputs.perMailboxConcurrency, ready.length)).fill(-Infinity);
    let finishes = -Infinity;
    for (const at of [...ready].sort((a, b) => a - b)) {
      let slot = 0;
      for (let i = 1; i < slots.length; i++) if ((slots[i] as number) < (slots[slot] as number)) slot = i;
      const end = Math.max(at, slots[slot] as number) + syncMs;
      slots[slot] = end;
      finishes = Math.max(finishes, end);
    }
    const finishesAtMs = finishes - inputs.burstStartMs;
    if (!lastMailbox || finishesAtMs > lastMailbox.finishesAtMs) lastMailbox = { mailboxId, events: ready.length, finishesAtMs };
  }
  return {
    idealMs: lastMailbox?.finishesAtMs ?? 0,
    lastMailbox,
    lastNotificationMs: lastNotification - inputs.burstStartMs,
    eventsWithoutNotification,
  };
}
