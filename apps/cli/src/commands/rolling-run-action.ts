import { openRecorderStore, runRollingWorkflow } from '@rollq/workflow';
import { endProgress, renderProgress } from '../progress.js';
import { keepStoreOnUsageError, prepareRun, printReport, recorderLocation } from './run-support.js';

/** The work of `rollq rolling run` (its options: ./rolling-run.ts), loaded when the command runs. */

/** `rollq rolling run` options as commander hands them over, every value already checked. */
export interface RollingRunOptions {
  step: number;
  rtype: 'expanding' | 'sliding';
  trunc_days?: number;
  experiment_name?: string;
  uri_folder: string;
}

/** Runs `rollq rolling run <workflow>`: trains every rolling task, merges the predictions, runs the records. */
export async function rollingRunAction(workflow: string, opts: RollingRunOptions): Promise<void> {
  const { loaded, provider, experiment, uri } = await prepareRun(workflow, opts);
  const started = Date.now();
  const { store, models, merged } = await keepStoreOnUsageError(uri, async () => {
    const store = await openRecorderStore(uri);
    const result = await runRollingWorkflow(loaded.config, {
      store,
      experiment,
      provider,
      rolling: { step: opts.step, rtype: opts.rtype, truncDays: opts.trunc_days ?? null },
      report: printReport,
      onProgress: renderProgress,
    });
    return { store, ...result };
  });
  endProgress();
  process.stderr.write(
    `rollq: ${models.length} rolling models in experiment "${experiment}_rolling_models"; finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `Your evaluation results can be found in the experiment named "${experiment}": ${recorderLocation(store, experiment, merged.id)}\n`,
  );
}
