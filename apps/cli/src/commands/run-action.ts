import { resolve } from 'node:path';
import { openRecorderStore, runWorkflow, validateTask, workflowExperiment } from '@rollq/workflow';
import { endProgress, renderProgress } from '../progress.js';
import { routeModelLogs } from './model-logs.js';
import { keepStoreOnUsageError, loadWorkflow, openProvider, recorderLocation } from './run-support.js';

/** The work of `rollq run` / `qrun` (its options: ./run.ts), loaded when the command runs. */

/** `rollq run` options as commander hands them over. */
export interface RunOptions {
  experiment_name?: string;
  uri_folder: string;
}

/** Runs `rollq run <workflow>`: validates the file, trains its task, runs and prints its records. */
export async function runAction(workflow: string, opts: RunOptions): Promise<void> {
  routeModelLogs();
  const loaded = loadWorkflow(workflow);
  // everything that can be checked without data is checked before any feature is computed
  validateTask(loaded.config.task);
  const provider = await openProvider(loaded);
  const experiment = workflowExperiment(loaded.config, opts.experiment_name);
  const uri = resolve(opts.uri_folder);
  const started = Date.now();
  const { store, rec } = await keepStoreOnUsageError(uri, async () => {
    const store = await openRecorderStore(uri);
    const rec = await runWorkflow(loaded.config, {
      store,
      experiment,
      provider,
      report: (text) => {
        endProgress();
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      },
      onProgress: renderProgress,
    });
    return { store, rec };
  });
  endProgress();
  process.stderr.write(
    `rollq: finished in ${((Date.now() - started) / 1000).toFixed(1)} s; recorder ${rec.id} of experiment "${experiment}": ${recorderLocation(store, experiment, rec.id)}\n`,
  );
}
