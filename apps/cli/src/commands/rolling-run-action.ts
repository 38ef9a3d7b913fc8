import { closeRecorderStore, openRecorderStore, runRollingWorkflow } from '@rollq/workflow';
import { endProgress, renderProgress } from '../progress.js';
import { openPoolDriver } from './pool-support.js';
import { keepStoreOnUsageError, prepareRun, printReport, recorderLocation } from './run-support.js';

/** The work of `rollq rolling run` (its options: ./rolling-run.ts), loaded when the command runs. */

/** `rollq rolling run` options as commander hands them over, every value already checked. */
export interface RollingRunOptions {
  step: number;
  rtype: 'expanding' | 'sliding';
  trunc_days?: number;
  experiment_name?: string;
  uri_folder: string;
  mongo?: string;
  pool?: string;
  localWorker: boolean;
  lease: number;
}

/** Runs `rollq rolling run <workflow>`: trains every rolling task, merges the predictions, runs the records. */
export async function rollingRunAction(workflow: string, opts: RollingRunOptions): Promise<void> {
  const { loaded, provider, experiment, uri } = await prepareRun(workflow, opts);
  const started = Date.now();
  // with --mongo the tasks go through the pool and the models live in the MongoDB store on its server
  const driver = await openPoolDriver(opts, { provider, region: loaded.config.qlib_init.region });
  const parts = driver && {
    trainTasks: (await import('@rollq/online/mongo')).poolRollingTrainer(driver.trainerOptions),
    modelStore: driver.store,
    close: driver.close,
  };
  const { store, models, merged } = await keepStoreOnUsageError(uri, async () => {
    const store = await openRecorderStore(uri);
    try {
      const result = await runRollingWorkflow(loaded.config, {
        store,
        experiment,
        provider,
        rolling: { step: opts.step, rtype: opts.rtype, truncDays: opts.trunc_days ?? null },
        report: printReport,
        onProgress: renderProgress,
        ...(parts ? { trainTasks: parts.trainTasks, modelStore: parts.modelStore } : {}),
      });
      return { store, ...result };
    } finally {
      // MongoDB clients would keep the process alive after the run
      await closeRecorderStore(store);
      await parts?.close();
    }
  });
  endProgress();
  process.stderr.write(
    `rollq: ${models.length} rolling models in experiment "${experiment}_rolling_models"; finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `Your evaluation results can be found in the experiment named "${experiment}": ${recorderLocation(store, experiment, merged.id)}\n`,
  );
}
