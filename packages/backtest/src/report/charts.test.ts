import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { goldenProvider, goldenSignal } from '../../test/golden-data.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { evaluateBacktest } from '../metrics/evaluate.js';
import { closeReturnLabel } from '../metrics/label.js';
import { TopkDropoutStrategy } from '../strategy/topk-dropout.js';
import { reportCharts } from './charts.js';
import { renderChartSvg, renderSvg } from './render.js';

function charts() {
  const provider = goldenProvider();
  const signal = goldenSignal();
  const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), { start: '2020-01-03', end: '2020-02-11' });
  const { ic } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
  return reportCharts(res, { series: ic!, dates: provider.calendar.dates });
}

describe('report charts', () => {
  it("ship the vega compilation of today's templates (regenerate: npx vitest run src/report/charts.test.ts -u)", async () => {
    const compiled = Object.fromEntries(charts().map((c) => [c.name, { template: c.template, vega: compile(c.template).spec }]));
    const text = `${JSON.stringify({ $comment: 'vega-lite templates of reportCharts compiled to vega: see charts.test.ts', charts: compiled })}\n`;
    await expect(text).toMatchFileSnapshot('./compiled-charts.json');
  });

  it('render from the shipped compilation the very SVGs that compiling each spec now gives', async () => {
    const all = charts();
    expect(all.map((c) => c.name)).toEqual(['cumulative-return', 'excess-return', 'drawdown', 'turnover', 'ic-by-month']);
    for (const c of all) {
      const svg = await renderChartSvg(c);
      expect(svg).toBe(await renderSvg(c.spec));
      expect(svg).toMatch(/^<svg/);
    }
    // a chart whose template is not the shipped one is compiled now
    const [first] = all;
    const changed = { ...first!, template: { ...first!.template, height: 100 }, spec: { ...first!.spec, height: 100 } };
    expect(await renderChartSvg(changed)).toBe(await renderSvg(changed.spec));
    expect(await renderChartSvg(changed)).not.toBe(await renderChartSvg(first!));
  }, 60_000);
});
