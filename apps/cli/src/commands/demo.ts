import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { RollqError } from '@rollq/data/errors';
import { integerAtLeast, isoDay, layerSizes, outputDir, parseStep } from './option-parsers.js';

/**
 * `rollq demo`: the whole rollq loop on the shipped US S&P 500 data, the README's main command.
 * 1. import the shipped CSVs into a Qlib data directory (once);
 * 2. print an Alpha158 summary over the online period;
 * 3. first-train two rolling strategies (the shipped GBDT and MLP Alpha158 example workflows) at the start
 *    of the online period;
 * 4. simulate the daily routines through the period (new models every `step` days, online set swapped);
 * 5. blend the two strategies' signals (Qlib's AverageEnsemble), then report IC and a TopK-dropout
 *    backtest against ^GSPC, and write the HTML report with charts.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the rolling / online demo on the shipped US data: import, Alpha158, two online strategies simulated, blended, backtested')
    .option('--out <dir>', 'output folder (data, online state, report)', outputDir('--out'), 'demo-out')
    .option('--step <n>', 'rolling step in trading days (a new model per strategy every step)', parseStep, 60)
    .option('--start <date>', 'first day of the online period', isoDay('--start'), '2017-01-03')
    .option('--end <date>', 'last day of the online period', isoDay('--end'), '2018-02-05')
    .option('--instruments <market>', 'market or comma-separated symbols', 'sp500')
    .option('--gbdt_rounds, --gbdt-rounds <n>', 'boosting rounds of the GBDT strategy', integerAtLeast('--gbdt-rounds', 1), 100)
    .option('--mlp_steps, --mlp-steps <n>', 'optimizer steps (batches of 8192) of the MLP strategy', integerAtLeast('--mlp-steps', 1), 100)
    .option(
      '--mlp_layers, --mlp-layers <sizes>',
      "hidden layer sizes of the MLP strategy (default: the example workflow's, Qlib's [256])",
      layerSizes('--mlp-layers'),
    )
    .action(async (o) => {
      if (o.end < o.start)
        throw new RollqError('CONFIG_INVALID', `--end ${o.end} is before --start ${o.start}`, {
          hint: 'give an online period with --start <= --end',
        });
      await (await import('./demo-action.js')).runDemo({
        out: resolve(o.out),
        step: o.step,
        start: o.start,
        end: o.end,
        instruments: o.instruments,
        gbdtRounds: o.gbdtRounds,
        mlpSteps: o.mlpSteps,
        mlpLayers: o.mlpLayers,
      });
    });
}
