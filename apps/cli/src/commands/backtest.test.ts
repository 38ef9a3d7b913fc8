import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QlibProvider } from '@rollq/data';
import { cnQlibDir, usQlibDir } from '@rollq/tools';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

/** Writes pred.csv: minus the 5-day return of each member of `market`, one row per member and day. */
function writePred(dir: string, market: string, start: string, end: string, extra: string[] = []): string {
  const provider = QlibProvider.open(dir);
  const [a, b] = provider.calendar.locate(start, end);
  const lines = ['datetime,instrument,score'];
  for (const [symbol, spans] of provider.listInstruments(market, a, b)) {
    const close = provider.loadAligned(symbol, 'close');
    for (const [s, e] of spans)
      for (let p = Math.max(s, 5); p <= e; p++) {
        const score = -(close[p]! / close[p - 5]! - 1);
        if (Number.isFinite(score)) lines.push(`${provider.calendar.date(p)},${symbol},${score}`);
      }
  }
  const path = join(mkdtempSync(join(tmpdir(), 'rollq-cli-bt-')), 'pred.csv');
  writeFileSync(path, `${[...lines, ...extra].join('\n')}\n`);
  return path;
}

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('rollq backtest (US demo data)', async () => {
  const dir = await usQlibDir();

  it('runs TopK-dropout, prints Qlib tables, writes --json and --report', async () => {
    const pred = writePred(dir, 'sp500', '2016-01-01', '2016-06-30', ['2016-03-01,NOTATICKER,0.5', '2016-03-01,AAPL,nan']);
    const work = mkdtempSync(join(tmpdir(), 'rollq-cli-out-'));
    const json = join(work, 'metrics.json');
    const code = await main([
      'node',
      'rollq',
      'backtest',
      '--provider',
      dir,
      '--pred',
      pred,
      '--benchmark',
      '^GSPC',
      '--trade-unit',
      '1',
      '--limit-threshold',
      'none',
      '--json',
      json,
      '--report',
      join(work, 'rep'),
    ]);
    expect(err).toContain('dropped 1 row(s) with instruments not in the data (e.g. NOTATICKER)');
    expect(err).toContain('1 row(s) with a missing or non-numeric score');
    expect(code).toBe(0);
    for (const row of [
      'IC',
      'Rank ICIR',
      'excess_return_without_cost',
      'excess_return_with_cost',
      'annualized_return',
      'information_ratio',
      'max_drawdown',
    ])
      expect(out).toContain(row);
    const m = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(m.ic)).toEqual(['IC', 'ICIR', 'Rank IC', 'Rank ICIR']);
    expect(Object.keys(m.excess_return_with_cost)).toEqual(['mean', 'std', 'annualized_return', 'information_ratio', 'max_drawdown']);
    expect(m.excess_return_with_cost.mean).toBeLessThan(m.excess_return_without_cost.mean);
    const report = readFileSync(join(work, 'rep', 'report.csv'), 'utf8').split('\n');
    expect(report[0]).toBe('datetime,account,return,total_turnover,turnover,total_cost,cost,value,cash,bench');
    // the charts: vega specs that vega's browser build, inline, draws when the page opens
    expect(readFileSync(join(work, 'rep', 'report.html'), 'utf8').match(/<div class="chart" id="chart-\d"/g)).toHaveLength(5);
  });

  it('weight strategy runs through the same command', async () => {
    const pred = writePred(dir, 'sp500', '2017-01-01', '2017-03-31');
    const code = await main([
      'node',
      'rollq',
      'backtest',
      '--provider',
      dir,
      '--pred',
      pred,
      '--strategy',
      'weight',
      '--topk',
      '20',
      '--benchmark',
      'equal-weight',
      '--trade-unit',
      '1',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('excess_return_with_cost');
  });

  it('exits 2 with a clear message when no prediction row is usable', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rollq-cli-bad-')), 'pred.csv');
    writeFileSync(path, 'datetime,instrument,score\n1990-01-02,AAPL,1\n2016-01-04,NOPE,1\n');
    const code = await main(['node', 'rollq', 'backtest', '--provider', dir, '--pred', path]);
    expect(code).toBe(2);
    expect(err).toMatch(/PREDICTIONS_INVALID.*1 row\(s\) with instruments not in the data.*1 row\(s\) dated outside the calendar/s);
  });

  it('rejects a bad flag value naming the flag', async () => {
    const code = await main(['node', 'rollq', 'backtest', '--provider', dir, '--pred', 'x.csv', '--open-cost', 'lots']);
    expect(code).toBe(2);
    expect(err).toContain('--open-cost');
  });
});

const cn = cnQlibDir();
describe.skipIf(!cn.dir)(`rollq backtest (CN CSI300, ${cn.reason ?? 'shared data'})`, () => {
  it('uses SH000300 by default and CN lots', async () => {
    const pred = writePred(cn.dir!, 'csi300', '2020-01-01', '2020-03-31');
    const code = await main(['node', 'rollq', 'backtest', '--provider', cn.dir!, '--pred', pred, '--topk', '30', '--n-drop', '3']);
    expect(code).toBe(0);
    expect(err).toContain('in percent');
    expect(out).toMatch(/information_ratio\s+-?\d/);
  });
});
