import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { Spec } from 'vega';
import { describe, expect, it, vi } from 'vitest';
import { goldenProvider, goldenSignal } from '../../test/golden-data.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { evaluateBacktest } from '../metrics/evaluate.js';
import { closeReturnLabel } from '../metrics/label.js';
import { TopkDropoutStrategy } from '../strategy/topk-dropout.js';
import { reportCharts } from './charts.js';
import { renderChartSvg, renderVegaSvg, vegaBrowserScript } from './render.js';
import { writeReport } from './write-report.js';

describe('writeReport', () => {
  it('writes Qlib report columns, positions, an HTML page with SVG charts and PNGs', async () => {
    const provider = goldenProvider();
    const signal = goldenSignal();
    const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), {
      start: '2020-01-03',
      end: '2020-02-11',
      account: 1e6,
    });
    const { metrics, ic } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
    const dir = mkdtempSync(join(tmpdir(), 'rollq-report-'));
    const written = await writeReport(dir, res, metrics, { ic: { series: ic!, dates: provider.calendar.dates }, png: true });
    const report = readFileSync(join(dir, 'report.csv'), 'utf8').split('\n');
    expect(report[0]).toBe('datetime,account,return,total_turnover,turnover,total_cost,cost,value,cash,bench');
    expect(report[1]!.startsWith('2020-01-03,999685.17')).toBe(true);
    const positions = readFileSync(join(dir, 'positions.csv'), 'utf8').split('\n');
    expect(positions[0]).toBe('datetime,instrument,amount,price,count,weight');
    expect(positions[1]).toMatch(/^2020-01-03,SH60000[34],/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(5);
    expect(html).toContain('excess_return_with_cost');
    const png = readFileSync(join(dir, 'cumulative-return.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(existsSync(join(dir, 'ic-by-month.png'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).ic.IC).toBeCloseTo(-0.068752, 5);
    // the paths in order: tables, metrics, the PNGs, the page; every one there, no temp file left beside them
    const names = written.map((p) => p.slice(dir.length + 1));
    expect(names.slice(0, 4)).toEqual(['report.csv', 'positions.csv', 'trades.csv', 'metrics.json']);
    expect(names.at(-1)).toBe('report.html');
    expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(5);
    expect(readdirSync(dir).sort()).toEqual([...names].sort());
  });
});

describe('report.html without PNGs', () => {
  it("carries each chart's vega spec and vega's browser build, which draw the very SVGs a render here gives", async () => {
    const provider = goldenProvider();
    const signal = goldenSignal();
    const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), { start: '2020-01-03', end: '2020-02-11' });
    const { metrics, ic } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
    const dir = mkdtempSync(join(tmpdir(), 'rollq-report-'));
    const written = await writeReport(dir, res, metrics, { ic: { series: ic!, dates: provider.calendar.dates } });
    expect(written.some((p) => p.endsWith('.png'))).toBe(false);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<svg');
    expect(html.match(/<div class="chart" id="chart-\d"/g)).toHaveLength(5);
    expect(html).toContain(`<script>/*! vega`);
    expect(html).toContain(vegaBrowserScript());
    const json = /<script type="application\/json" id="rollq-charts">(.*)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('<');
    const specs = JSON.parse(json) as Record<string, Spec>;
    const charts = reportCharts(res, { series: ic!, dates: provider.calendar.dates });
    expect(Object.keys(specs)).toEqual(charts.map((_, k) => `chart-${k}`));
    const svgs = await Promise.all(charts.map((c) => renderChartSvg(c)));
    for (const k of charts.keys()) expect(await renderVegaSvg(specs[`chart-${k}`]!)).toBe(svgs[k]);

    // the page in a DOM (jsdom runs its scripts): each chart element gets the SVG, mark for mark as drawn here
    const errors: string[] = [];
    const console = new VirtualConsole().on('jsdomError', (e) => {
      if (!/HTMLCanvasElement.prototype.getContext/.test(e.message)) errors.push(e.message); // vega then estimates text widths
    });
    const page = new JSDOM(html, { runScripts: 'dangerously', virtualConsole: console }).window.document;
    const drawn = () => [...page.querySelectorAll('div.chart')].map((d) => d.querySelector('svg')?.outerHTML ?? '');
    const count = (markup: string, tag: string) => markup.split(`<${tag}`).length - 1;
    const marks = (markups: string[]) => markups.map((m) => [count(m, 'path'), count(m, 'text')]);
    expect(marks(svgs).every(([paths]) => paths! > 5)).toBe(true);
    await vi.waitFor(() => expect(marks(drawn())).toEqual(marks(svgs)), { timeout: 20_000 });
    expect(errors).toEqual([]);
  }, 60_000);
});
