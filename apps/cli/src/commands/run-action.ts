import { closeRecorderStore, openRecorderStore, runWorkflow } from '@rollq/workflow';
import { endProgress, renderProgress } from '../progress.js';
import { keepStoreOnUsageError, prepareRun, printReport, recorderLocation } from './run-support.js';

/** The work of `rollq run` / `qrun` (its options: ./run.ts), loaded when the command runs. */

/** `rollq run` options as commander hands them over. */
export interface RunOptions {
  experiment_name?: string;
  uri_folder: string;
}

/** Runs `rollq run <workflow>`: validates the file, trains its task, runs and prints its records. */
export async function runAction(workflow: string, opts: RunOptions): Promise<void> {
  const { loaded, provider, experiment, uri } = await prepareRun(workflow, opts);
  const started = Date.now();
  const { store, rec } = await keepStoreOnUsageError(uri, async () => {
    const store = await openRecorderStore(uri);
    try {
      const rec = await runWorkflow(loaded.config, {
        store,
        experiment,
        provider,
        report: printReport,
        onProgress: renderProgress,
      });
      return { store, rec };
    } finally {
      // A MongoDB store's client would keep the process alive after the run.
      await closeRecorderStore(store);
    }
  });
  endProgress();
  process.stderr.write(
    `rollq: finished in ${((Date.now() - started) / 1000).toFixed(1)} s; recorder ${rec.id} of experiment "${experiment}": ${recorderLocation(store, experiment, rec.id)}\n`,
  );
}
