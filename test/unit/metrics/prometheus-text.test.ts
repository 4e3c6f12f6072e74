import { escapeHelp, escapeLabelValue, formatLabels, formatMetricFamily, formatSampleValue, isValidLabelName, isValidMetricName } from '../../../src/server/metrics';

describe('the Prometheus text format', () => {
  it('writes a family as HELP, TYPE and one line per sample, ending in a line feed', () => {
    const text = formatMetricFamily({
      name: 'jobs_total',
      help: 'Jobs run.',
      type: 'counter',
      samples: [{ labels: { queue: 'sync', state: 'done' }, value: 3 }, { value: 1 }],
    });
    expect(text).toBe('# HELP jobs_total Jobs run.\n# TYPE jobs_total counter\njobs_total{queue="sync",state="done"} 3\njobs_total 1\n');
  });

  it('sorts label names, so that one series always reads the same', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('{a="1",b="2"}');
    expect(formatLabels({})).toBe('');
  });

  it('escapes backslash, double quote and line feed in label values, and backslash and line feed in help', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeHelp('a\\b\nc "d"')).toBe('a\\\\b\\nc "d"');
  });

  it('writes NaN and the infinities as Prometheus reads them', () => {
    expect([formatSampleValue(NaN), formatSampleValue(Infinity), formatSampleValue(-Infinity), formatSampleValue(0.25)]).toEqual(['NaN', '+Inf', '-Inf', '0.25']);
  });

  it('accepts the metric and label names Prometheus accepts, and no others', () => {
    expect(['a', 'a_b:c', '_x1'].every(isValidMetricName)).toBe(true);
    expect(['1a', 'a-b', ''].some(isValidMetricName)).toBe(false);
    expect(isValidLabelName('queue')).toBe(true);
    expect(['__reserved', 'a:b', '9'].some(isValidLabelName)).toBe(false);
  });
});
