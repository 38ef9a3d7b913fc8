import type { BacktestResult } from '../backtest/result.js';
import type { BacktestMetrics } from '../metrics/evaluate.js';
import type { ChartSpec } from './charts.js';

/** Builds the self-contained report page: headline tables (Qlib's row names) and inline SVG charts. */
export function htmlReport(
  res: BacktestResult,
  metrics: BacktestMetrics,
  charts: Array<ChartSpec & { svg: string }>,
  title = 'rollq backtest',
): string {
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
  const figures = charts.map((c) => `<figure><figcaption>${c.title}</figcaption>${c.svg}</figure>`).join('\n');
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
</body></html>
`;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? (Math.abs(v) >= 1000 ? v.toFixed(2) : v.toFixed(6)) : 'NaN';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
