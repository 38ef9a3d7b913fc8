import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeFeatures, type QlibProvider, toPredictionColumns, toTable } from '@rollq/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultServeConfig } from '../config/serve-config.js';
import { DayIndex } from '../state/day-index.js';
import { buildSmallState } from '../testing/small-state.js';
import { LABEL_EXPR, qualityAlerts, signalQuality } from './signal-monitor.js';

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('signal quality of a real blended signal', () => {
  let root: string;
  let provider: QlibProvider;
  let signals: DayIndex;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-serve-monitor-'));
    const built = await buildSmallState(join(root, 'state'));
    provider = built.provider;
    signals = new DayIndex(toPredictionColumns((await built.manager.getSignals())!));
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("gives the last labelled day's IC (as Pearson of score and label), the window mean and a TopK drawdown", () => {
    const q = signalQuality(provider, signals, { windowDays: 5, topk: 3 });
    expect(q.date).toBe(signals.lastDay); // the data runs to 2018: every signal day has its label
    expect(q.days).toBe(5);
    const rows = signals.day(q.date!)!;
    const label = toTable(
      computeFeatures(provider, {
        fields: [{ name: 'LABEL0', expr: LABEL_EXPR }],
        instruments: [...rows.instruments],
        start: q.date!,
        end: q.date!,
      }),
    );
    const byName = new Map((label.objects() as Array<{ instrument: string; LABEL0: number }>).map((r) => [r.instrument, r.LABEL0]));
    const x = rows.instruments.map((_, i) => rows.scores[i]!);
    const y = rows.instruments.map((n) => byName.get(n)!);
    expect(q.ic).toBeCloseTo(pearson(x, y), 6);
    expect(q.rankIc).not.toBeNull();
    expect(q.icMean).toBeGreaterThanOrEqual(-1);
    expect(q.icMean).toBeLessThanOrEqual(1);
    expect(q.drawdown).toBeGreaterThanOrEqual(0);
    expect(q.drawdown).toBeLessThan(1);
  });

  it('raises an alert for each threshold crossed', () => {
    const q = { date: '2016-11-11', ic: 0.01, rankIc: 0.02, icMean: 0.03, drawdown: 0.12, days: 20 };
    const m = defaultServeConfig().monitor;
    const alerts = qualityAlerts(q, m, 7, new Date('2026-01-01T00:00:00Z'));
    expect(alerts.map((a) => [a.kind, a.value, a.threshold, a.commit])).toEqual([
      ['ic', 0.01, 0.05, 7],
      ['drawdown', 0.12, 0.1, 7],
    ]);
    expect(alerts[1]!.message).toBe('TopK drawdown over the last 20 days to 2016-11-11 is 12.0 % > 10.0 %');
    expect(qualityAlerts({ ...q, ic: 0.2, drawdown: 0.05 }, m, 7, new Date())).toEqual([]);
  });
});
