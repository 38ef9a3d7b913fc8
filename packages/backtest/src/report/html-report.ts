import type { Spec as VegaSpec } from 'vega';
import type { BacktestResult } from '../backtest/result.js';
import type { BacktestMetrics } from '../metrics/evaluate.js';
import type { ChartSpec } from './charts.js';
import { vegaBrowserScript } from './render.js';

/**
 * A chart as the report page shows it: its SVG drawn here (`renderChartSvg`), or its vega spec
 * (`chartVegaSpec`), which vega's browser build on the page draws when the page opens.
 */
export type ReportChart = ChartSpec & ({ svg: string; vega?: undefined } | { vega: VegaSpec; svg?: undefined });

/**
 * Builds the self-contained report page: headline tables (Qlib's row names) and the charts, inline SVG or
 * vega specs with vega's browser build inline (no network: the page renders offline).
 */
export function htmlReport(res: BacktestResult, metrics: BacktestMetrics, charts: ReportChart[], title = 'rollq backtest'): string {
  const range = `${res.dates[0]} … ${res.dates[res.dates.length - 1]} (${res.dates.length} trading days)`;
  const risk = (name: string, m: Record<string, number>) =>
    `<table><caption>${name}</caption>${Object.entries(m)
      .map(([k, v]) => `<tr><th>${k}</th><td>${fmt(v)}</td></tr>`)
      .join('')}</table>`;
  const tables = [
    metrics.ic ? risk('signal (SigAnaRecord)', { ...metrics.ic }) : '',
    risk('excess_return_without_cost', { ...metrics.excess_return_without_cost }),
    risk('excess_return_with_cost', { ...metrics.excess_return_with_cost }),
  ].join('');
  const specs: Record<string, VegaSpec> = {};
  const figures = charts
    .map((c, k) => {
      if (c.svg !== undefined) return `<figure><figcaption>${c.title}</figcaption>${c.svg}</figure>`;
      specs[`chart-${k}`] = c.vega;
      return `<figure><figcaption>${c.title}</figcaption><div class="chart" id="chart-${k}" role="img" aria-label="${escapeHtml(c.title)}"><noscript>this chart is drawn by JavaScript (rollq backtest --png writes it as a picture)</noscript></div></figure>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:DejaVu Sans,Helvetica,Arial,sans-serif;margin:24px auto;max-width:880px;color:#222}
h1{font-size:20px;margin-bottom:2px} .sub{color:#666;margin-top:0}
.tables{display:flex;gap:18px;flex-wrap:wrap} table{border-collapse:collapse;font-size:13px}
caption{font-weight:bold;text-align:left;padding-bottom:4px} th{text-align:left;font-weight:normal;padding:2px 10px 2px 0;color:#444}
td{text-align:right;font-variant-numeric:tabular-nums;padding:2px 0} figure{margin:22px 0} figcaption{font-weight:bold;margin-bottom:4px}
</style></head><body>
<h1>${escapeHtml(title)}</h1><p class="sub">${range}; final account ${fmt(res.report.account[res.dates.length - 1] ?? NaN)}</p>
<div class="tables">${tables}</div>
${figures}
${Object.keys(specs).length ? chartScripts(specs) : ''}</body></html>
`;
}

/**
 * vega's browser build, the specs (JSON, `<` escaped so that no value can close the script), and the lines that
 * draw each into its element as SVG.
 */
function chartScripts(specs: Record<string, VegaSpec>): string {
  const json = JSON.stringify(specs).replace(/</g, '\\u003c');
  return `<script>/*! vega, BSD-3-Clause, (c) University of Washington Interactive Data Lab: github.com/vega/vega */
${vegaBrowserScript()}</script>
<script type="application/json" id="rollq-charts">${json}</script>
<script>
for (const [id, spec] of Object.entries(JSON.parse(document.getElementById('rollq-charts').textContent)))
  new vega.View(vega.parse(spec), { renderer: 'svg', container: '#' + id }).runAsync();
</script>
`;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toFixed(2) : v.toFixed(6)) : 'NaN';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
