import { verdicts } from '../../../scripts/bench/figure-targets';

describe("the bench's verdicts", () => {
  it('pass a figure that meets its documented target and miss one that does not, saying what limits it', () => {
    const out = verdicts({ ingest_ratio: 0.62, converge_ratio: 0.02, lost_changes: 0, taskpane_js_gzip_kb: 180 });
    expect(out.ingest_ratio).toEqual({ target: '>= 0.5', pass: true });
    expect(out.lost_changes).toEqual({ target: '0', pass: true });
    expect(out.converge_ratio).toMatchObject({ target: '>= 0.8', pass: false, limited_by: expect.stringContaining('coalescing window') });
    expect(out.taskpane_js_gzip_kb).toMatchObject({ pass: false, limited_by: expect.any(String) });
  });

  it('miss a figure that could not be measured, and give no verdict to a figure without a target', () => {
    const out = verdicts({ throttle_429s: null, jobs_per_second: 12 });
    expect(out.throttle_429s).toEqual({ target: '0', pass: false });
    expect(out).not.toHaveProperty('jobs_per_second');
  });
});
