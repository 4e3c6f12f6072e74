/**
 * The backend's metrics, for GET /metrics: counters (they only grow, from the start of the
 * process, per replica) and gauges (a value now, often read from the database by a collector just
 * before the answer). Anyone may register a family; every name is checked once, at registration,
 * so a scrape cannot fail on a bad name.
 *
 * Labels carry kinds, states and error codes, never an id, a name or an address
 * (docs/architecture.md#data-and-privacy: no personal data leaves the product), and every label set
 * a family may have is bounded.
 */
import { formatMetricFamily, isValidLabelName, isValidMetricName, type LabelValues, type MetricFamily, type MetricType, type Sample } from './prometheus-text';

export class MetricsError extends Error {
  readonly code = 'metrics_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'MetricsError';
  }
}

export interface Counter {
  /** Adds `by` (default 1, never negative) to the series of these labels. */
  inc(labels?: LabelValues, by?: number): void;
  get(labels?: LabelValues): number;
}

export interface Gauge {
  set(value: number, labels?: LabelValues): void;
  inc(labels?: LabelValues, by?: number): void;
  get(labels?: LabelValues): number;
  /** Forgets every series (a collector that rebuilds the gauge from scratch calls it first). */
  reset(): void;
}

/** Something that brings gauges up to date before an exposition; it may read the database. */
export type Collector = () => Promise<void> | void;

export interface MetricsRegistry {
  counter(name: string, help: string, labelNames?: readonly string[]): Counter;
  gauge(name: string, help: string, labelNames?: readonly string[]): Gauge;
  addCollector(name: string, collect: Collector): void;
  /** Text already in the exposition format, made elsewhere (the sync engine's counters). */
  addExposition(source: () => string): void;
  /** Runs the collectors, then renders every family. A collector that fails is counted, not fatal. */
  render(): Promise<string>;
}

export interface MetricsRegistryOptions {
  /** Prefix of the registry's own families (the collector failure counter). */
  prefix?: string;
  /** How long one collector may take (default 2 s): a slow database must not hang the scrape. */
  collectorTimeoutMs?: number;
}

interface Family {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  series: Map<string, { labels: LabelValues | undefined; value: number }>;
}

function seriesKey(labels: LabelValues | undefined): string {
  if (!labels) return '';
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function withTimeout(run: Collector, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new MetricsError('collector timed out')), ms);
    Promise.resolve()
      .then(run)
      .then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (thrown: unknown) => {
          clearTimeout(timer);
          reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
        },
      );
  });
}

export function createMetricsRegistry(options: MetricsRegistryOptions = {}): MetricsRegistry {
  const families = new Map<string, Family>();
  const collectors = new Map<string, Collector>();
  const expositions: Array<() => string> = [];
  const prefix = options.prefix ?? 'webex_scheduler_';
  const timeoutMs = options.collectorTimeoutMs ?? 2_000;

  function register(name: string, help: string, type: MetricType, labelNames: readonly string[]): Family {
    if (!isValidMetricName(name)) throw new MetricsError(`"${name}" is not a valid metric name`);
    for (const l of labelNames) if (!isValidLabelName(l)) throw new MetricsError(`"${l}" is not a valid label name (${name})`);
    if (families.has(name)) throw new MetricsError(`the metric ${name} is registered twice`);
    const family: Family = { name, help, type, labelNames, series: new Map() };
    families.set(name, family);
    return family;
  }

  function checkLabels(family: Family, labels: LabelValues | undefined): void {
    const given = Object.keys(labels ?? {});
    if (given.length !== family.labelNames.length || given.some((l) => !family.labelNames.includes(l))) {
      throw new MetricsError(`${family.name} takes the labels [${family.labelNames.join(', ')}], got [${given.join(', ')}]`);
    }
  }

  function add(family: Family, labels: LabelValues | undefined, by: number): void {
    checkLabels(family, labels);
    const key = seriesKey(labels);
    const current = family.series.get(key);
    family.series.set(key, { labels: labels && { ...labels }, value: (current?.value ?? 0) + by });
  }

  function read(family: Family, labels: LabelValues | undefined): number {
    return family.series.get(seriesKey(labels))?.value ?? 0;
  }

  const collectorFailures = register(`${prefix}metrics_collector_failures_total`, 'Collectors that failed or timed out while answering /metrics, by collector.', 'counter', ['collector']);

  return {
    counter(name, help, labelNames = []) {
      const family = register(name, help, 'counter', labelNames);
      return {
        inc(labels, by = 1) {
          if (!(by >= 0)) throw new MetricsError(`${name}: a counter only grows`);
          add(family, labels, by);
        },
        get: (labels) => read(family, labels),
      };
    },

    gauge(name, help, labelNames = []) {
      const family = register(name, help, 'gauge', labelNames);
      return {
        set(value, labels) {
          checkLabels(family, labels);
          family.series.set(seriesKey(labels), { labels: labels && { ...labels }, value });
        },
        inc: (labels, by = 1) => add(family, labels, by),
        get: (labels) => read(family, labels),
        reset: () => family.series.clear(),
      };
    },

    addCollector(name, collect) {
      if (collectors.has(name)) throw new MetricsError(`the collector ${name} is registered twice`);
      collectors.set(name, collect);
    },

    addExposition(source) {
      expositions.push(source);
    },

    async render() {
      const names = [...collectors.keys()];
      const outcomes = await Promise.allSettled(names.map((n) => withTimeout(collectors.get(n) as Collector, timeoutMs)));
      outcomes.forEach((o, i) => {
        if (o.status === 'rejected') add(collectorFailures, { collector: names[i] as string }, 1);
      });
      const parts: string[] = [];
      for (const family of families.values()) {
        const samples: Sample[] = [...family.series.values()].map((s) => ({ labels: s.labels, value: s.value }));
        // A family without labels shows its zero, so that dashboards see it before its first event.
        if (samples.length === 0 && family.labelNames.length === 0) samples.push({ value: 0 });
        const rendered: MetricFamily = { name: family.name, help: family.help, type: family.type, samples };
        parts.push(formatMetricFamily(rendered));
      }
      for (const source of expositions) {
        const text = source();
        if (text) parts.push(text.endsWith('\n') ? text : `${text}\n`);
      }
      return parts.join('');
    },
  };
}
