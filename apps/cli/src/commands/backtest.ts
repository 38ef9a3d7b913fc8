import { type Command, Option } from '@commander-js/extra-typings';
import type { RegionDefaults } from '@rollq/backtest';
import { integer, integerAtLeast, isoDay, nonEmpty, numberIn, outputDir, outputFile, positiveOrNone } from './option-parsers.js';

/** The regions `rollq backtest --region` takes. */
export const BACKTEST_REGIONS = ['cn', 'us'] as const;
export type BacktestRegion = (typeof BACKTEST_REGIONS)[number];

/**
 * The cn and us rows of the region defaults (@rollq/backtest's `REGION_DEFAULTS`), written out here so that
 * registering the command loads none of @rollq/backtest (vega, arquero) and --help can show them;
 * startup.test.ts checks them against `REGION_DEFAULTS`. The action takes every default the user did not
 * give from `regionDefaults(region)` itself, the region being --region, else the data's.
 */
export const BACKTEST_DEFAULTS: Record<BacktestRegion, Pick<RegionDefaults, 'account' | 'strategy' | 'exchange' | 'benchmark'>> = {
  cn: {
    account: 100_000_000,
    strategy: { topk: 50, nDrop: 5 },
    exchange: { dealPrice: 'close', openCost: 0.0005, closeCost: 0.0015, minCost: 5, tradeUnit: 100, limitThreshold: 0.095 },
    benchmark: 'SH000300',
  },
  us: {
    account: 100_000_000,
    strategy: { topk: 50, nDrop: 5 },
    exchange: { dealPrice: 'close', openCost: 0.0005, closeCost: 0.0015, minCost: 5, tradeUnit: 1, limitThreshold: null },
    benchmark: '^GSPC',
  },
};

/** "(default: 100 cn, 1 us)": a default per region, for an option description. */
function perRegion(pick: (d: (typeof BACKTEST_DEFAULTS)['cn']) => unknown, more = ''): string {
  const values = BACKTEST_REGIONS.map((r) => [r, pick(BACKTEST_DEFAULTS[r]) ?? 'none'] as const);
  if (values.every(([, v]) => v === values[0]![1])) return `(default: ${values[0]![1]}${more})`;
  return `(default: ${values.map(([r, v]) => `${v} ${r}`).join(', ')}${more})`;
}

/** Registers `rollq backtest`: a TopK-dropout (or target-weight) backtest of a prediction CSV, Qlib's numbers. */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('Backtest predictions (datetime,instrument,score) the way Qlib does: IC, risk analysis, daily report')
    .requiredOption('--provider <dir>', 'Qlib data directory', nonEmpty('--provider'))
    .requiredOption('--pred <pred.csv>', 'predictions with columns datetime,instrument,score', nonEmpty('--pred'))
    .addOption(new Option('--strategy <name>', 'strategy').choices(['topk-dropout', 'weight'] as const).default('topk-dropout' as const))
    .addOption(
      new Option(
        '--region <region>',
        "region whose defaults fill every option not given (default: the data's rollq.json from data import --region, else us for data with ^GSPC or an sp500 market and no SH/SZ symbols, else cn)",
      ).choices(BACKTEST_REGIONS),
    )
    .option('--topk <n>', `names to hold ${perRegion((d) => d.strategy.topk)}`, integerAtLeast('--topk', 1))
    .option(
      '--n-drop, --n_drop <n>',
      `names replaced per day (topk-dropout) ${perRegion((d) => d.strategy.nDrop)}`,
      integerAtLeast('--n-drop', 0),
    )
    .option('--start <date>', 'first trade day (default: first prediction date)', isoDay('--start'))
    .option('--end <date>', 'last trade day (default: last prediction date minus one trading day)', isoDay('--end'))
    .option(
      '--benchmark <symbol>',
      `benchmark symbol, market:<name>, equal-weight or none ${perRegion((d) => d.benchmark, '; equal-weight where the data lacks it')}`,
    )
    .option('--account <cash>', `initial cash ${perRegion((d) => d.account)}`, numberIn('--account', { above: 0 }))
    .option(
      '--deal-price, --deal_price <price>',
      `close, open, vwap, a $field or an expression ${perRegion((d) => d.exchange.dealPrice)}`,
      nonEmpty('--deal-price'),
    )
    .option(
      '--open-cost, --open_cost <rate>',
      `buy cost rate ${perRegion((d) => d.exchange.openCost)}`,
      numberIn('--open-cost', { min: 0, max: 1 }),
    )
    .option(
      '--close-cost, --close_cost <rate>',
      `sell cost rate ${perRegion((d) => d.exchange.closeCost)}`,
      numberIn('--close-cost', { min: 0, max: 1 }),
    )
    .option(
      '--min-cost, --min_cost <cash>',
      `minimum cost per order ${perRegion((d) => d.exchange.minCost)}`,
      numberIn('--min-cost', { min: 0 }),
    )
    .option(
      '--trade-unit, --trade_unit <shares>',
      `lot size in real shares, or none ${perRegion((d) => d.exchange.tradeUnit)}`,
      positiveOrNone('--trade-unit'),
    )
    .option(
      '--limit-threshold, --limit_threshold <rate>',
      `price-limit threshold on $change, or none ${perRegion((d) => d.exchange.limitThreshold)}`,
      positiveOrNone('--limit-threshold'),
    )
    .option('--label <expr>', 'label for IC (default: Ref($close, -2)/Ref($close, -1) - 1)')
    .option('--json <metrics.json>', 'write the metrics as JSON', outputFile('--json'))
    .option('--report <dir>', 'write report.csv, positions.csv, trades.csv and report.html', outputDir('--report'))
    .option('--png', 'with --report: also write each chart as PNG')
    .option('--seed <n>', 'seed of the random buy/sell methods', integer('--seed'), 0)
    .action(async (o) => (await import('./backtest-action.js')).backtestAction(o));
}
