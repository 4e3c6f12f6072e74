/**
 * A collector that runs at most once per `ttlMs`; between runs its gauges keep the values it last
 * set. Each run of the backend's database collectors is several statements, and /metrics may be
 * scraped by several Prometheus servers, dashboards refreshed by hand, or anyone who holds the
 * token: without this, each scrape would cost the database those statements again.
 *
 * Scrapes arriving while a run is under way wait for it instead of starting another, so a burst
 * costs one run. A run that fails is not remembered: the next scrape tries again.
 */
/** Something that brings gauges up to date before a scrape; it may read the database. */
export type Collector = () => Promise<void> | void;

export function cachedCollector(collect: Collector, ttlMs: number, now: () => number): Collector {
  let freshUntil = -Infinity;
  let running: Promise<void> | undefined;
  return () => {
    if (now() < freshUntil) return undefined;
    running ??= (async () => {
      // Fresh from when the values were read, not from when the run ended.
      const startedAt = now();
      await collect();
      freshUntil = startedAt + ttlMs;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
}
