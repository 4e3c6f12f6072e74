/**
 * Waits for a synced world (scripts/bench/sync-world.ts) to converge: every event equal to its
 * Webex meeting (scripts/bench/outlook-driver.ts), delivering Graph's queued notifications
 * meanwhile. Returns the last report either way, so that a test failing on it shows what differed.
 */
import { sleep } from '../../scripts/bench/bounded';
import { convergenceReport, type ConvergenceReport } from '../../scripts/bench/outlook-driver';
import type { SyncWorld } from '../../scripts/bench/sync-world';

export async function convergedWithin(sync: SyncWorld, timeoutMs: number): Promise<ConvergenceReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sync.world.graph.notifier.flush();
    const report = convergenceReport(sync.world.graph, sync.world.webex, sync.driver, sync.mailboxIds);
    if (report.converged || Date.now() > deadline) return report;
    await sleep(250);
  }
}
