import { describe, expect, it } from 'vitest';
import { goldenProvider, goldenSignal } from '../../test/golden-data.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { BacktestError } from '../errors.js';
import { evaluateBacktest } from '../metrics/evaluate.js';
import { closeReturnLabel } from '../metrics/label.js';
import { TopkDropoutStrategy } from '../strategy/topk-dropout.js';
import { ChartRenderer } from './chart-renderer.js';
import { reportCharts } from './charts.js';
import { renderSvg } from './render.js';

const SOURCE_WORKER = new URL('../../test/chart-worker-source.mjs', import.meta.url);

function charts() {
  const provider = goldenProvider();
  const signal = goldenSignal();
  const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), { start: '2020-01-03', end: '2020-02-11' });
  const { ic } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
  return reportCharts(res, { series: ic!, dates: provider.calendar.dates });
}

describe('ChartRenderer', () => {
  it('renders on worker threads the very SVGs renderSvg gives in this thread', async () => {
    const specs = charts();
    const renderer = ChartRenderer.start({ threads: 2, workerUrl: SOURCE_WORKER });
    try {
      expect(renderer.threads).toBe(2);
      const viaWorkers = await Promise.all(specs.map((c) => renderer.render(c.spec)));
      const here = [];
      for (const c of specs) here.push(await renderSvg(c.spec));
      expect(viaWorkers).toEqual(here);
      expect(viaWorkers.every((s) => s.startsWith('<svg'))).toBe(true);
    } finally {
      await renderer.close();
    }
  }, 60_000);

  it('renders in this thread when no built worker script exists (the sources) or with threads: 0', async () => {
    for (const r of [ChartRenderer.start(), ChartRenderer.start({ threads: 0, workerUrl: SOURCE_WORKER })]) {
      expect(r.threads).toBe(0);
      expect(await r.render(charts()[0]!.spec)).toMatch(/^<svg/);
      await r.close();
    }
  }, 60_000);

  it('fails a bad spec with REPORT_FAILED carrying vega’s message, and renders pending at close with REPORT_FAILED', async () => {
    const renderer = ChartRenderer.start({ threads: 1, workerUrl: SOURCE_WORKER });
    try {
      const bad = { mark: 'no-such-mark', data: { values: [] } } as never;
      const here = await renderSvg(bad).then(
        () => '',
        (e: Error) => e.message,
      );
      expect(here).not.toBe('');
      await expect(renderer.render(bad)).rejects.toThrow(BacktestError);
      await expect(renderer.render(bad)).rejects.toThrow(`a report chart failed to render: ${here}`);
      const pending = renderer.render(charts()[0]!.spec);
      await renderer.close();
      await expect(pending).rejects.toMatchObject({ code: 'REPORT_FAILED' });
    } finally {
      await renderer.close();
    }
  }, 60_000);
});
