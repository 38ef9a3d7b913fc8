import { QlibProvider } from '@rollq/data';
import { cnQlibDir, usQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../src/backtest/run-backtest.js';
import { evaluateBacktest } from '../src/metrics/evaluate.js';
import { closeReturnLabel } from '../src/metrics/label.js';
import { Signal } from '../src/signal/signal.js';
import { TopkDropoutStrategy } from '../src/strategy/topk-dropout.js';

/** A real (if weak) signal: minus the 5-day return (short-term reversal), for members of `market`. */
function reversalSignal(provider: QlibProvider, market: string, start: string, end: string): Signal {
  const [a, b] = provider.calendar.locate(start, end);
  const rows: Array<{ pos: number; instrument: string; score: number }> = [];
  for (const [symbol, spans] of provider.listInstruments(market, a, b)) {
    const close = provider.loadAligned(symbol, 'close');
    for (const [s, e] of spans)
      for (let p = Math.max(s, 5); p <= e; p++) {
        const score = -(close[p]! / close[p - 5]! - 1);
        if (Number.isFinite(score)) rows.push({ pos: p, instrument: symbol, score });
      }
  }
  return Signal.fromRows(rows);
}

const cn = cnQlibDir();
describe.skipIf(!cn.dir)(`CN CSI300 (${cn.reason ?? 'shared data'})`, () => {
  it('TopK-dropout over 2019 keeps Qlib invariants: lots, limits, suspension, account identity', () => {
    const provider = QlibProvider.open(cn.dir!);
    const signal = reversalSignal(provider, 'csi300', '2019-01-01', '2019-12-31');
    const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 50, nDrop: 5 }), {
      start: '2019-01-03',
      end: '2019-12-30',
      benchmark: 'SH000300',
    });
    expect(res.notes.join(' ')).toMatch(/in percent/); // this data set stores $change × 100
    const r = res.report;
    for (let d = 0; d < res.dates.length; d++) expect(r.account[d]).toBeCloseTo(r.cash[d]! + r.value[d]!, 4);
    expect(Math.max(...res.dates.map((_, d) => res.positions.filter((p) => p.day === d).length))).toBeLessThanOrEqual(55);
    expect(res.trades.length).toBeGreaterThan(5 * res.dates.length);
    const cal = provider.calendar;
    const arrays = new Map<string, Float64Array>();
    const field = (sym: string, f: string) => {
      const key = `${sym}/${f}`;
      if (!arrays.has(key)) arrays.set(key, provider.loadAligned(sym, f));
      return arrays.get(key)!;
    };
    for (const t of res.trades) {
      const sym = res.symbols[t.inst]!;
      const pos = cal.indexOf(res.dates[t.day]!);
      const factor = field(sym, 'factor')[pos]!;
      const change = field(sym, 'change')[pos]! / 100;
      expect(Math.abs(change)).toBeLessThan(0.095); // no trade at a limit (forbid_all_trade_at_limit)
      if (t.direction === 'buy') expect(Math.round(t.amount * factor) % 100).toBe(0); // whole lots of real shares
      expect(t.price).toBeCloseTo(field(sym, 'close')[pos]!, 4);
    }
    const bench = provider.loadAligned('SH000300', 'close');
    const p0 = cal.indexOf(res.dates[0]!);
    expect(r.bench[0]).toBeCloseTo(bench[p0]! / bench[p0 - 1]! - 1, 10);
    const { metrics } = evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
    expect(Math.abs(metrics.ic!.IC)).toBeLessThan(0.2);
    expect(metrics.excess_return_with_cost.annualized_return).toBeLessThan(metrics.excess_return_without_cost.annualized_return);
  });
});

describe('US S&P 500 demo panel', async () => {
  const dir = await usQlibDir();
  it('TopK-dropout over 2016 with the ^GSPC benchmark and 1-share lots', () => {
    const provider = QlibProvider.open(dir);
    const signal = reversalSignal(provider, 'sp500', '2016-01-01', '2016-12-31');
    const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 50, nDrop: 5 }), {
      start: '2016-01-05',
      end: '2016-12-29',
      benchmark: '^GSPC',
      exchange: { tradeUnit: 1, limitThreshold: null },
    });
    expect(res.dates[0]).toBe('2016-01-05');
    const held = res.positions.filter((p) => p.day === res.dates.length - 1);
    expect(held.length).toBeGreaterThanOrEqual(45);
    expect(held.length).toBeLessThanOrEqual(55);
    // invested ≈ risk degree of the cash at each rebuild: never more than the account
    expect(res.report.value.every((v, d) => v <= res.report.account[d]!)).toBe(true);
    const gspc = provider.loadAligned('^GSPC', 'close');
    const p = provider.calendar.indexOf('2016-01-05');
    expect(res.report.bench[0]).toBeCloseTo(gspc[p]! / gspc[p - 1]! - 1, 10);
  });
});
