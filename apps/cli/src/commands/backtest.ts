import { type Command, Option } from '@commander-js/extra-typings';
import type { RegionDefaults } from '@rollq/backtest';
import { integer, integerAtLeast, isoDay, nonEmpty, numberIn, outputDir, outputFile, positiveOrNone } from './option-parsers.js';

/**
 * Option defaults: the cn row of the region defaults (@rollq/backtest's `REGION_DEFAULTS.cn`) whatever the
 * data (lots of 100 shares, a ±9.5 % limit), where the demo backtests the shipped US data with the us row
 * (lots of 1 share, no limit) and PortAnaRecord with the workflow's region. Kept as they are; moving
 * `rollq backtest` to the data's region is a later change. Written out here so that registering the command
 * loads none of @rollq/backtest (vega, arquero); startup.test.ts checks them against `REGION_DEFAULTS.cn`.
 */
export const BACKTEST_DEFAULTS: Pick<RegionDefaults, 'account' | 'strategy' | 'exchange'> = {
  account: 100_000_000,
  strategy: { topk: 50, nDrop: 5 },
  exchange: { dealPrice: 'close', openCost: 0.0005, closeCost: 0.0015, minCost: 5, tradeUnit: 100, limitThreshold: 0.095 },
};

/** Registers `rollq backtest`: a TopK-dropout (or target-weight) backtest of a prediction CSV, Qlib's numbers. */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('Backtest predictions (datetime,instrument,score) the way Qlib does: IC, risk analysis, daily report')
    .requiredOption('--provider <dir>', 'Qlib data directory', nonEmpty('--provider'))
    .requiredOption('--pred <pred.csv>', 'predictions with columns datetime,instrument,score', nonEmpty('--pred'))
    .addOption(new Option('--strategy <name>', 'strategy').choices(['topk-dropout', 'weight'] as const).default('topk-dropout' as const))
    .option('--topk <n>', 'names to hold', integerAtLeast('--topk', 1), BACKTEST_DEFAULTS.strategy.topk)
    .option(
      '--n-drop, --n_drop <n>',
      'names replaced per day (topk-dropout)',
      integerAtLeast('--n-drop', 0),
      BACKTEST_DEFAULTS.strategy.nDrop,
    )
    .option('--start <date>', 'first trade day (default: first prediction date)', isoDay('--start'))
    .option('--end <date>', 'last trade day (default: last prediction date minus one trading day)', isoDay('--end'))
    .option(
      '--benchmark <symbol>',
      'benchmark symbol, market:<name>, equal-weight or none (default: SH000300, else ^GSPC, else equal-weight)',
    )
    .option('--account <cash>', 'initial cash', numberIn('--account', { above: 0 }), BACKTEST_DEFAULTS.account)
    .option(
      '--deal-price, --deal_price <price>',
      'close, open, vwap, a $field or an expression',
      nonEmpty('--deal-price'),
      BACKTEST_DEFAULTS.exchange.dealPrice,
    )
    .option(
      '--open-cost, --open_cost <rate>',
      'buy cost rate',
      numberIn('--open-cost', { min: 0, max: 1 }),
      BACKTEST_DEFAULTS.exchange.openCost,
    )
    .option(
      '--close-cost, --close_cost <rate>',
      'sell cost rate',
      numberIn('--close-cost', { min: 0, max: 1 }),
      BACKTEST_DEFAULTS.exchange.closeCost,
    )
    .option(
      '--min-cost, --min_cost <cash>',
      'minimum cost per order',
      numberIn('--min-cost', { min: 0 }),
      BACKTEST_DEFAULTS.exchange.minCost,
    )
    .option(
      '--trade-unit, --trade_unit <shares>',
      'lot size in real shares (100 for CN, 1 for US) or none',
      positiveOrNone('--trade-unit'),
      BACKTEST_DEFAULTS.exchange.tradeUnit,
    )
    .option(
      '--limit-threshold, --limit_threshold <rate>',
      'price-limit threshold on $change, or none',
      positiveOrNone('--limit-threshold'),
      BACKTEST_DEFAULTS.exchange.limitThreshold,
    )
    .option('--label <expr>', 'label for IC (default: Ref($close, -2)/Ref($close, -1) - 1)')
    .option('--json <metrics.json>', 'write the metrics as JSON', outputFile('--json'))
    .option('--report <dir>', 'write report.csv, positions.csv, trades.csv and report.html', outputDir('--report'))
    .option('--png', 'with --report: also write each chart as PNG')
    .option('--seed <n>', 'seed of the random buy/sell methods', integer('--seed'), 0)
    .action(async (o) => (await import('./backtest-action.js')).backtestAction(o));
}
