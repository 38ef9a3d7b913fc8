import { describe, expect, it } from 'vitest';
import { runBacktest } from '../src/backtest/run-backtest.js';
import { dailyIc, icSummary, labelMatrix } from '../src/metrics/ic.js';
import { closeReturnLabel } from '../src/metrics/label.js';
import { portfolioAnalysis } from '../src/metrics/portfolio-analysis.js';
import { type RiskMetrics, riskAnalysis } from '../src/metrics/risk-analysis.js';
import { TopkDropoutStrategy } from '../src/strategy/topk-dropout.js';
import { goldenProvider, goldenSignal } from './golden-data.js';

// Research §4.9: Qlib's own run on this synthetic market (account, return, turnover, cost, bench, value, cash).
const REPORT = `
2020-01-03 999685.17 0.000000 0.629660 0.000315 0.026396 629659.99 370025.18
2020-01-06 992818.73 -0.006082 0.953030 0.000787 -0.008902 956150.01 36668.72
2020-01-07 1024781.07 0.032695 0.334160 0.000501 -0.008982 656850.00 367931.07
2020-01-08 1010908.85 -0.012764 0.934268 0.000773 0.026183 974190.00 36718.85
2020-01-09 1013476.51 0.003205 0.672059 0.000665 -0.008832 991540.00 21936.50
2020-01-10 1007606.28 -0.005121 0.671234 0.000671 -0.008911 986469.99 21136.29
2020-01-13 1006672.17 -0.000238 0.689505 0.000689 -0.008991 987480.00 19192.17
2020-01-14 1005777.44 -0.000238 0.650649 0.000650 0.026210 987750.00 18027.44
2020-01-15 1011362.62 0.006204 0.650392 0.000651 -0.008841 992640.02 18722.61
2020-01-16 1030473.18 0.019538 0.642658 0.000642 -0.008920 1013400.03 17073.15
2020-01-17 970213.37 -0.057838 0.638881 0.000640 0.026000 950950.00 19263.37
2020-01-20 996038.04 0.027293 0.675284 0.000675 -0.008772 977100.01 18938.03
2020-01-21 1009049.09 0.013694 0.631241 0.000631 -0.008850 990320.01 18729.09
2020-01-22 991312.48 -0.016927 0.649998 0.000651 -0.008929 971839.98 19472.50
2020-01-23 1007926.34 0.017472 0.711279 0.000712 0.026026 987060.00 20866.34
2020-01-24 1008246.35 0.000317 0.000000 0.000000 -0.008780 987380.01 20866.34
2020-01-27 1006102.80 -0.001428 0.698302 0.000698 -0.008858 987000.00 19102.80
2020-01-28 992185.68 -0.013160 0.672148 0.000673 0.025819 972010.00 20175.68
2020-01-29 991856.73 0.000323 0.655039 0.000654 -0.008712 974250.01 17606.72
2020-01-30 995103.98 0.003952 0.676479 0.000678 -0.008789 974639.98 20463.99
2020-01-31 985466.24 -0.009084 0.600952 0.000601 -0.008867 966090.01 19376.22
2020-02-03 944987.82 -0.040428 0.647815 0.000648 0.025845 926250.00 18737.82
2020-02-04 973735.78 0.031112 0.690231 0.000690 -0.008721 956070.01 17665.77
2020-02-05 970132.00 -0.003050 0.649581 0.000651 -0.008798 950580.01 19551.98
2020-02-06 961521.89 -0.008257 0.620173 0.000619 0.025641 945719.98 15801.91
2020-02-07 937780.54 -0.024087 0.604209 0.000605 -0.008654 921760.01 16020.54
2020-02-10 923192.24 -0.014854 0.700878 0.000702 -0.008729 905760.02 17432.22
2020-02-11 936134.34 0.014688 0.669146 0.000669 -0.008806 919069.99 17064.35`;

// Research §4.9: every trade Qlib executed (factor-0.5 fills are SH600001's).
const TRADES = `
2020-01-03 B SH600004 6600@47.50 | B SH600003 7600@41.60
2020-01-06 S SH600003 7600@40.80 | B SH600002 10900@29.40 | B SH600000 31900@10.10
2020-01-07 S SH600000 31900@10.40
2020-01-08 S SH600004 6600@47.50 | B SH600005 5200@61.80 | B SH600000 33600@9.60
2020-01-09 S SH600000 33600@9.90 | B SH600004 7300@47.50
2020-01-10 S SH600002 10900@31.20 | B SH600003 8100@42.00
2020-01-13 S SH600004 7300@47.50 | B SH600002 11600@30.00
2020-01-14 S SH600003 8100@40.40 | B SH600004 6900@47.50
2020-01-15 S SH600004 6900@47.50 | B SH600001 17000@19.20
2020-01-16 S SH600005 5200@62.40 | B SH600000 31600@10.30
2020-01-17 S SH600002 11600@28.50 | B SH600004 6900@47.50
2020-01-20 S SH600004 6900@47.50 | B SH600002 10700@30.60
2020-01-21 S SH600002 10700@29.40 | B SH600003 7700@40.80
2020-01-22 S SH600000 31600@10.40 | B SH600005 5400@60.60
2020-01-23 S SH600001 17000@20.80 | B SH600004 7400@47.50
2020-01-27 S SH600004 7400@47.50 | B SH600002 11300@31.20
2020-01-28 S SH600002 11300@30.00 | B SH600004 7100@47.50
2020-01-29 S SH600005 5400@60.00 | B SH600000 33600@9.70
2020-01-30 S SH600004 7100@47.50 | B SH600002 10800@30.90
2020-01-31 S SH600003 7700@38.80 | B SH600004 6300@47.50
2020-02-03 S SH600000 33600@9.50 | B SH600005 5600@57.00
2020-02-04 S SH600005 5600@58.20 | B SH600000 33300@9.80
2020-02-05 S SH600002 10800@29.40 | B SH600001 15000@21.00
2020-02-06 S SH600004 6300@47.50 | B SH600002 9600@31.50
2020-02-07 S SH600002 9600@30.30 | B SH600003 7400@39.20
2020-02-10 S SH600000 33300@9.90 | B SH600005 5200@63.00
2020-02-11 S SH600001 15000@20.60 | B SH600004 6500@47.50`;

// Research §4.9: holdings after each day (SH6000xx suffixes).
const HOLDINGS = `03,04 00,02,04 02,04 00,02,05 02,04,05 03,04,05 02,03,05 02,04,05 01,02,05 00,01,02 00,01,04 00,01,02
00,01,03 01,03,05 03,04,05 03,04,05 02,03,05 03,04,05 00,03,04 00,02,03 00,02,04 02,04,05 00,02,04 00,01,04
00,01,02 00,01,03 01,03,05 03,04,05`;

describe('golden end-to-end backtest (research §4.9)', () => {
  const provider = goldenProvider();
  const res = runBacktest(provider, goldenSignal(), new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), {
    start: '2020-01-03',
    end: '2020-02-11',
    account: 1_000_000,
    benchmark: 'SH000300',
    exchange: { limitThreshold: 0.095, dealPrice: 'close', openCost: 0.0005, closeCost: 0.0015, minCost: 5, tradeUnit: 100 },
  });
  const rows = REPORT.trim()
    .split('\n')
    .map((l) => l.split(' '));

  it('reproduces Qlib daily report row for row', () => {
    expect(res.dates).toEqual(rows.map((r) => r[0]));
    rows.forEach((r, d) => {
      const [, account, ret, turnover, cost, bench, value, cash] = r.map(Number);
      expect(res.report.account[d]).toBeCloseTo(account!, 1);
      expect(res.report.return[d]).toBeCloseTo(ret!, 6);
      expect(res.report.turnover[d]).toBeCloseTo(turnover!, 6);
      expect(res.report.cost[d]).toBeCloseTo(cost!, 6);
      expect(res.report.bench[d]).toBeCloseTo(bench!, 6);
      expect(res.report.value[d]).toBeCloseTo(value!, 1);
      expect(res.report.cash[d]).toBeCloseTo(cash!, 1);
    });
  });

  it('holds the same names as Qlib after every day', () => {
    const expected = HOLDINGS.split(/\s+/).map((h) => h.split(',').map((x) => `SH6000${x}`));
    const got = res.dates.map((_, d) =>
      res.positions
        .filter((p) => p.day === d)
        .map((p) => res.symbols[p.inst]!)
        .sort(),
    );
    expect(got).toEqual(expected);
  });

  it('executes exactly Qlib trades (lots, factor 0.5, unlisted and limit-up skips, no-trade day)', () => {
    const fmt = (x: (typeof res.trades)[number]) =>
      `${x.direction[0]!.toUpperCase()} ${res.symbols[x.inst]} ${x.amount.toFixed(0)}@${x.price.toFixed(2)}`;
    const byDay = new Map<string, string[]>();
    for (const x of res.trades) byDay.set(res.dates[x.day]!, [...(byDay.get(res.dates[x.day]!) ?? []), fmt(x)]);
    const got = [...byDay].map(([d, list]) => `${d} ${list.join(' | ')}`);
    expect(got).toEqual(TRADES.trim().split('\n'));
    expect(byDay.has('2020-01-24')).toBe(false);
  });

  it('ends with Qlib final positions and cash', () => {
    const last = res.positions.filter((p) => p.day === res.dates.length - 1);
    const byName = Object.fromEntries(last.map((p) => [res.symbols[p.inst], p]));
    expect(byName.SH600003).toMatchObject({ amount: 7400, count: 3 });
    expect(byName.SH600003!.price).toBeCloseTo(42.0, 4);
    expect(byName.SH600005).toMatchObject({ amount: 5200, count: 2 });
    expect(byName.SH600005!.price).toBeCloseTo(57.6, 4);
    expect(byName.SH600004).toMatchObject({ amount: 6500, count: 1 });
    expect(res.report.cash[res.dates.length - 1]).toBeCloseTo(17064.3494, 3);
  });
});

describe('golden metrics (research §4.9, §5)', () => {
  const provider = goldenProvider();
  const signal = goldenSignal();
  const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 3, nDrop: 1 }), {
    start: '2020-01-03',
    end: '2020-02-11',
    account: 1_000_000,
  });

  it('risk_analysis of the excess returns matches Qlib (sum mode, N = 238)', () => {
    const pa = portfolioAnalysis(res.report);
    const expectRow = (got: RiskMetrics, want: number[]) => {
      const row = [got.mean, got.std, got.annualized_return, got.information_ratio, got.max_drawdown];
      for (const [k, v] of row.entries()) expect(v).toBeCloseTo(want[k]!, 5);
    };
    expectRow(pa.excess_return_without_cost, [-0.002662, 0.030182, -0.633577, -1.360687, -0.118822]);
    expectRow(pa.excess_return_with_cost, [-0.003289, 0.030189, -0.782682, -1.680563, -0.131404]);
    const withCost = res.report.return.map((r, d) => r - res.report.bench[d]! - res.report.cost[d]!);
    expectRow(riskAnalysis(withCost, { mode: 'product' }), [-0.003738, 0.030724, -0.589858, -1.876787, -0.133012]);
  });

  it('daily IC / Rank IC and their summary match Qlib', () => {
    const ic = dailyIc(signal, labelMatrix(signal, closeReturnLabel(provider)));
    const wantIc = [-0.569541, 0.773552, 0.279506, 0.036416, -0.593758, 0.239451, 0.112551, 0.437736];
    const wantRic = [-0.5, 0.7, 0.4, 0.0, -0.428571, 0.314286, 0.2, 0.6];
    for (const [k, v] of wantIc.entries()) expect(ic.ic[k]).toBeCloseTo(v, 5);
    for (const [k, v] of wantRic.entries()) expect(ic.rankIc[k]).toBeCloseTo(v, 5);
    // the last two days have no label (Ref($close, -2) runs off the data)
    expect(Number.isNaN(ic.ic[28]!) && Number.isNaN(ic.ic[29]!)).toBe(true);
    const s = icSummary(ic);
    expect(s.IC).toBeCloseTo(-0.068752, 5);
    expect(s.ICIR).toBeCloseTo(-0.155937, 5);
    expect(s['Rank IC']).toBeCloseTo(-0.012755, 5);
    expect(s['Rank ICIR']).toBeCloseTo(-0.029647, 5);
  });
});
