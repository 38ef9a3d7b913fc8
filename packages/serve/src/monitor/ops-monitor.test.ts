import { describe, expect, it } from 'vitest';
import { defaultServeConfig } from '../config/serve-config.js';
import { PredictLatencyWatch, p99, routineAlerts } from './ops-monitor.js';

const now = new Date('2026-12-01T12:00:00Z');

describe('operations alerts', () => {
  it('p99 is the nearest-rank 99th percentile', () => {
    expect(p99([])).toBeNull();
    expect(p99([5])).toBe(5);
    const xs = Array.from({ length: 200 }, (_, i) => 200 - i); // 1..200, unsorted
    expect(p99(xs)).toBe(198);
  });

  it('a predict-latency episode alerts once, and again only after the p99 came back under the threshold', () => {
    const w = new PredictLatencyWatch({ predictLatencyMs: 10, predictLatencyRequests: 4 });
    for (let i = 0; i < 3; i++) w.record(50);
    expect(w.check(1, now)).toBeNull(); // the window is not full
    w.record(50);
    expect(w.check(1, now)).toMatchObject({ kind: 'predict_latency', value: 50, threshold: 10, commit: 1 });
    expect(w.check(1, now)).toBeNull();
    for (let i = 0; i < 4; i++) w.record(1);
    expect(w.check(1, now)).toBeNull();
    w.record(30);
    expect(w.check(2, now)).toMatchObject({ value: 30, commit: 2 });
  });

  it('a failed or slow routine gives update / latency alerts keyed by the routine', () => {
    const t = defaultServeConfig().thresholds;
    expect(t.updateLatencyMs).toBe(300_000);
    const ok = {
      at: '2026-12-01T06:00:00.000Z',
      kind: 'routine' as const,
      date: '2026-11-30',
      outcome: 'ok' as const,
      durationMs: 1000,
      commit: 7,
    };
    expect(routineAlerts(ok, t, now)).toEqual([]);
    const slow = routineAlerts({ ...ok, durationMs: 301_000 }, t, now);
    expect(slow).toEqual([expect.objectContaining({ kind: 'latency', value: 301_000, cause: `latency|${ok.at}`, date: '2026-11-30' })]);
    expect(slow[0]!.message).toBe('the routine 2026-11-30 at 2026-12-01T06:00:00.000Z took 301.0 s > 300.0 s');
    const failed = routineAlerts({ ...ok, outcome: 'failed', code: 'STATE_LOCKED', message: 'locked', hint: 'wait' }, t, now);
    expect(failed).toEqual([expect.objectContaining({ kind: 'update', value: 0, threshold: 1, commit: 7, cause: `update|${ok.at}` })]);
    expect(failed[0]!.message).toBe('the routine 2026-11-30 at 2026-12-01T06:00:00.000Z failed: STATE_LOCKED: locked (hint: wait)');
  });
});
