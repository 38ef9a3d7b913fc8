import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { readmeExample, usQlibDir } from '@rollq/tools';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeReturnLabel,
  evaluateBacktest,
  readPredictionsCsv,
  runBacktest,
  TopkDropoutStrategy,
  validatePredictions,
  writeReport,
} from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-backtest-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A weak real signal for the example: minus the 5-day return (short-term reversal) of every sp500 stock. */
function writeReversalCsv(qlibDir: string, path: string): void {
  const provider = QlibProvider.open(qlibDir);
  const [a, b] = provider.calendar.locate('2016-12-01', '2017-03-31');
  const lines = ['datetime,instrument,score'];
  for (const [symbol, spans] of provider.listInstruments('sp500', a, b)) {
    const close = provider.loadAligned(symbol, 'close');
    for (const [s, e] of spans) {
      for (let p = Math.max(s, 5); p <= e; p++) {
        const score = -(close[p]! / close[p - 5]! - 1);
        if (Number.isFinite(score)) lines.push(`${provider.calendar.date(p)},${symbol},${score}`);
      }
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** The example of README.md, run on the shipped US data (the region below is the README's code). */
describe('README example', () => {
  it('backtests a reversal signal with TopK-dropout against ^GSPC', async () => {
    const qlibDir = await usQlibDir();
    const predCsv = join(tmp, 'pred.csv');
    const reportDir = join(tmp, 'report');
    writeReversalCsv(qlibDir, predCsv);
    // #region readme
    // qlibDir: a Qlib data directory; predCsv: a model's predictions as a datetime,instrument,score CSV
    const provider = QlibProvider.open(qlibDir);
    const { signal, audit } = validatePredictions(readPredictionsCsv(predCsv), provider); // audit: rows dropped, and why
    const result = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 20, nDrop: 2 }), {
      start: '2017-01-03',
      end: '2017-03-31',
      benchmark: '^GSPC',
      exchange: { tradeUnit: 1, limitThreshold: null }, // US: single shares, no price limits
    });
    const { metrics } = evaluateBacktest(result, signal, { label: closeReturnLabel(provider) }); // IC, long-short, risk_analysis
    await writeReport(reportDir, result, metrics); // report.csv, positions.csv, trades.csv, metrics.json, report.html
    // #endregion readme
    expect(audit.kept).toBe(audit.total);
    expect(result.dates[0]).toBe('2017-01-03');
    expect(result.dates.at(-1)).toBe('2017-03-31');
    const last = result.dates.length - 1;
    expect(result.positions.filter((p) => p.day === last).length).toBe(20);
    expect(Number.isFinite(metrics.ic!.IC)).toBe(true);
    expect(metrics.excess_return_with_cost.annualized_return).toBeLessThan(metrics.excess_return_without_cost.annualized_return);
    expect(existsSync(join(reportDir, 'report.html'))).toBe(true);
  });

  it('is the code README.md shows', () => {
    const ex = readmeExample(import.meta.url);
    expect(ex.test).toBe(ex.readme);
    expect(ex.missingImports).toEqual([]);
  });
});
