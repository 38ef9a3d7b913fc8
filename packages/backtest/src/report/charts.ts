import type { TopLevelSpec } from 'vega-lite';
import type { BacktestResult } from '../backtest/result.js';
import type { IcSeries } from '../metrics/ic.js';

const WIDTH = 760;
const HEIGHT = 220;
const FONT = { font: 'DejaVu Sans, Helvetica, Arial, sans-serif' };

/** The name the chart templates give their one data source (`data: { name: CHART_DATA }`). */
export const CHART_DATA = 'values';

/** One chart: a file-friendly name, a title, and its vega-lite spec. */
export interface ChartSpec {
  name: string;
  title: string;
  /** The vega-lite spec, its rows inline. */
  spec: TopLevelSpec;
  /**
   * The spec with its rows left out (`data: { name: CHART_DATA }`): the same in every report, so its vega
   * compilation ships with the package (compiled-charts.json) and rendering it needs no vega-lite.
   */
  template: TopLevelSpec;
  /** The rows of the chart's data source. */
  values: object[];
}

/** A chart of `template` over `values`: the spec is the template with the rows inline, in the template's key order. */
function chart(name: string, title: string, template: TopLevelSpec, values: object[]): ChartSpec {
  return { name, title, spec: { ...template, data: { values } } as TopLevelSpec, template, values };
}

/**
 * The report's charts as vega-lite specs: cumulative return vs benchmark, cumulative excess return,
 * drawdown of the excess return (with cost), daily turnover, and IC by month when `ic` is given.
 * Returns accumulate additively, as Qlib's report graphs and `risk_analysis` do.
 */
export function reportCharts(res: BacktestResult, ic?: { series: IcSeries; dates: readonly string[] }): ChartSpec[] {
  const r = res.report;
  const n = res.dates.length;
  const lines: Array<{ date: string; series: string; value: number }> = [];
  const excess: typeof lines = [];
  const drawdown: Array<{ date: string; value: number }> = [];
  const turnover: Array<{ date: string; value: number }> = [];
  let cs = 0;
  let cb = 0;
  let ce = 0;
  let cec = 0;
  let peak = -Infinity;
  for (let d = 0; d < n; d++) {
    const date = res.dates[d]!;
    cs += r.return[d]! - r.cost[d]!;
    cb += r.bench[d]!;
    ce += r.return[d]! - r.bench[d]!;
    cec += r.return[d]! - r.bench[d]! - r.cost[d]!;
    peak = Math.max(peak, cec);
    lines.push({ date, series: 'strategy (after cost)', value: cs }, { date, series: 'benchmark', value: cb });
    excess.push({ date, series: 'excess, before cost', value: ce }, { date, series: 'excess, after cost', value: cec });
    drawdown.push({ date, value: cec - peak });
    turnover.push({ date, value: r.turnover[d]! });
  }
  const charts: ChartSpec[] = [
    chart(
      'cumulative-return',
      'Cumulative return vs benchmark',
      lineChart('cumulative return', ['strategy (after cost)', 'benchmark'], ['#1f77b4', '#7f7f7f']),
      lines,
    ),
    chart(
      'excess-return',
      'Cumulative excess return',
      lineChart('cumulative excess return', ['excess, before cost', 'excess, after cost'], ['#2ca02c', '#d62728']),
      excess,
    ),
    chart('drawdown', 'Drawdown of the excess return (after cost)', areaChart('drawdown', '#d62728'), drawdown),
    chart('turnover', 'Daily turnover', areaChart('turnover (of account)', '#9467bd'), turnover),
  ];
  if (ic) charts.push(chart('ic-by-month', 'IC by month', icByMonthChart(), icByMonth(ic.series, ic.dates)));
  return charts;
}

function base(): Partial<TopLevelSpec> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: {
      ...FONT,
      axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eeeeee' },
      legend: { orient: 'top-left', labelFontSize: 11, labelLimit: 400, title: null, fillColor: 'rgba(255,255,255,0.8)' },
    },
  } as Partial<TopLevelSpec>;
}

function lineChart(yTitle: string, names: string[], colors: string[]): TopLevelSpec {
  return {
    ...base(),
    data: { name: CHART_DATA },
    mark: { type: 'line', strokeWidth: 1.6 },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { format: '%Y-%m', labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: yTitle, axis: { format: '.1%' } },
      // an explicit domain keeps the strategy first and blue instead of alphabetical order
      color: { field: 'series', type: 'nominal', scale: { domain: names, range: colors } },
    },
  } as TopLevelSpec;
}

function areaChart(yTitle: string, color: string): TopLevelSpec {
  return {
    ...base(),
    data: { name: CHART_DATA },
    mark: { type: 'area', color, opacity: 0.55, line: { color, strokeWidth: 1 } },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { format: '%Y-%m', labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: yTitle, axis: { format: '.1%' } },
    },
  } as TopLevelSpec;
}

/** Mean daily IC and Rank IC of each month. */
function icByMonth(series: IcSeries, dates: readonly string[]): object[] {
  const sums = new Map<string, { ic: number; ric: number; n: number; nr: number }>();
  series.positions.forEach((pos, k) => {
    const month = dates[pos]!.slice(0, 7);
    const m = sums.get(month) ?? { ic: 0, ric: 0, n: 0, nr: 0 };
    if (Number.isFinite(series.ic[k])) {
      m.ic += series.ic[k]!;
      m.n++;
    }
    if (Number.isFinite(series.rankIc[k])) {
      m.ric += series.rankIc[k]!;
      m.nr++;
    }
    sums.set(month, m);
  });
  const values: Array<{ month: string; metric: string; value: number }> = [];
  for (const [month, m] of sums) {
    if (m.n) values.push({ month, metric: 'IC', value: m.ic / m.n });
    if (m.nr) values.push({ month, metric: 'Rank IC', value: m.ric / m.nr });
  }
  return values;
}

function icByMonthChart(): TopLevelSpec {
  return {
    ...base(),
    data: { name: CHART_DATA },
    mark: { type: 'bar' },
    encoding: {
      // ordinal months ("2017-01"): each pair of bars sits over its own label (a temporal axis put the
      // bars after their month's tick and ran on to the next month)
      x: { field: 'month', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'metric' },
      y: { field: 'value', type: 'quantitative', title: 'mean daily IC', axis: { format: '.2f' } },
      color: { field: 'metric', type: 'nominal', scale: { range: ['#1f77b4', '#ff7f0e'] }, legend: { orient: 'top', fillColor: null } },
    },
  } as TopLevelSpec;
}
