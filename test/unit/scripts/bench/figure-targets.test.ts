import { FIGURE_TARGETS, KNOWN_LIMITS, verdicts } from '../../../../scripts/bench/figure-targets';

describe("the bench's verdicts", () => {
  it('pass a figure that meets its documented target and miss one that does not, saying what limits it', () => {
    const out = verdicts({ ingest_ratio: 0.62, converge_ratio: 0.02, lost_changes: 0, taskpane_js_gzip_kb: 121 });
    expect(out.ingest_ratio).toEqual({ target: '>= 0.5', pass: true });
    expect(out.lost_changes).toEqual({ target: '0', pass: true });
    expect(out.converge_ratio).toMatchObject({
      target: '>= 0.8 on both databases',
      pass: false,
      limited_by: expect.stringContaining('ideal engine'),
    });
    expect(out.taskpane_js_gzip_kb).toMatchObject({ target: '<= 120, aim 100', pass: false, limited_by: expect.any(String) });
  });

  it('judge the figures the project targets by their thresholds', () => {
    const out = verdicts({
      ack_p99_ms: 300,
      graph_gets_per_notification: 1.0,
      db_statements_per_sync_job: 4,
      db_statements_per_sync_job_postgres: 4.01,
      renewals_per_sub_day: 0.25,
      launchevent_js_gzip_kb: 40.1,
      pane_to_bare_fluent_ratio: 1.1,
      ingest_ratio_20: 0.49,
      converge_ratio_embedded: 0.8,
    });
    expect(out.ack_p99_ms?.pass).toBe(false);
    expect(out.graph_gets_per_notification).toEqual({ target: '<= 1.0, aim 0.3', pass: true });
    expect(out.db_statements_per_sync_job?.pass).toBe(true);
    expect(out.db_statements_per_sync_job_postgres?.pass).toBe(false);
    expect(out.renewals_per_sub_day?.pass).toBe(true);
    expect(out.launchevent_js_gzip_kb).toMatchObject({ target: '<= 40', pass: false });
    expect(out.pane_to_bare_fluent_ratio).toEqual({ target: '<= 1.1', pass: true });
    expect(out.ingest_ratio_20?.pass).toBe(false);
    expect(out.converge_ratio_embedded?.pass).toBe(true);
  });

  it('miss a figure that could not be measured, saying why when the run knows, and give no verdict to a figure without a target', () => {
    const out = verdicts(
      { throttle_429s: null, converge_ratio_postgres: null, jobs_per_second: 12 },
      { converge_ratio_postgres: 'no Postgres server' },
    );
    expect(out.throttle_429s).toEqual({ target: '0', pass: false });
    expect(out.converge_ratio_postgres).toEqual({ target: '>= 0.8', pass: false, unmeasured: 'no Postgres server' });
    expect(out).not.toHaveProperty('jobs_per_second');
  });

  it('say what limits every figure that can miss a target other than zero', () => {
    const nonZero = Object.entries(FIGURE_TARGETS)
      .filter(([, target]) => target.text !== '0')
      .map(([name]) => name);
    const unexplained = nonZero.filter((name) => !KNOWN_LIMITS[name]);
    expect(unexplained).toEqual([]);
  });
});
