/**
 * The samples of a Prometheus text exposition (format 0.0.4), as the backend's /metrics writes
 * them: `name{label="value",...} number` -> { 'name{label="value",...}': number }. Comments and
 * blank lines are skipped; so is anything that is not a sample.
 */
export function parsePrometheusText(text: string): Record<string, number> {
  const samples: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{.*\})?)\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!m) continue;
    const value = Number(m[2]);
    if (Number.isFinite(value)) samples[m[1] as string] = value;
  }
  return samples;
}

/** The sum of every series of one metric (`name` or `name{...}`). */
export function metricTotal(samples: Record<string, number>, name: string): number {
  let sum = 0;
  for (const [key, value] of Object.entries(samples)) if (key === name || key.startsWith(`${name}{`)) sum += value;
  return sum;
}

/** One labelled series, labels given as an object (order does not matter). */
export function metricValue(samples: Record<string, number>, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  let sum = 0;
  for (const [key, value] of Object.entries(samples)) {
    if (key !== name && !key.startsWith(`${name}{`)) continue;
    if (wanted.every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}
