import { RollqError } from '@rollq/data/errors';
import { closeRecorderStore, openRecorderStore, type RecorderStore, type RollingTaskTrainer, runRollingWorkflow } from '@rollq/workflow';
import { endProgress, note, renderProgress } from '../progress.js';
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

/** The parts a task pool gives the rolling run (`--mongo`/`--pool`): its trainer, the model store, and how to close them. */
interface PoolParts {
  trainTasks: RollingTaskTrainer;
  modelStore: RecorderStore;
  close(): Promise<void>;
}

/**
 * With `--mongo`, the rolling tasks go into the pool (recording the data folder, region and store for
 * `rollq worker`s elsewhere), are trained here unless `--no-local-worker`, and the models live in the MongoDB
 * recorder store on the same server.
 */
async function poolParts(opts: RollingRunOptions, provider: import('@rollq/data').QlibProvider, region: string): Promise<PoolParts | null> {
  if (opts.mongo === undefined && opts.pool === undefined) {
    if (!opts.localWorker)
      throw new RollqError('CONFIG_INVALID', '--no-local-worker needs --mongo and --pool', {
        hint: 'add --mongo <url> --pool <name>, or drop --no-local-worker',
      });
    return null;
  }
  if (opts.mongo === undefined || opts.pool === undefined) {
    throw new RollqError(
      'CONFIG_INVALID',
      `${opts.mongo === undefined ? '--pool' : '--mongo'} needs ${opts.mongo === undefined ? '--mongo' : '--pool'} too`,
      {
        hint: 'a task pool is named by both: --mongo mongodb://HOST:PORT/DATABASE --pool NAME',
      },
    );
  }
  const { TaskPool, poolRollingTrainer } = await import('@rollq/online/mongo');
  const pool = await TaskPool.open(opts.mongo, opts.pool);
  try {
    const modelStore = await openRecorderStore(opts.mongo);
    const { workerLogLine } = await import('./worker-action.js');
    let lastWait = '';
    const trainTasks = poolRollingTrainer({
      pool,
      store: modelStore,
      storeLocation: opts.mongo,
      provider,
      region,
      localWorker: opts.localWorker,
      leaseMs: opts.lease,
      onTask: (e) => note(workerLogLine(e)),
      onWait: (s) => {
        const text = `pool ${pool.name}: waiting ${s.waiting}, running ${s.running}, done ${s.done}, failed ${s.failed}`;
        if (text !== lastWait) note(`rollq: ${text}`);
        lastWait = text;
      },
    });
    return {
      trainTasks,
      modelStore,
      close: async () => {
        await closeRecorderStore(modelStore);
        await pool.close();
      },
    };
  } catch (e) {
    await pool.close();
    throw e;
  }
}

/** Runs `rollq rolling run <workflow>`: trains every rolling task, merges the predictions, runs the records. */
export async function rollingRunAction(workflow: string, opts: RollingRunOptions): Promise<void> {
  const { loaded, provider, experiment, uri } = await prepareRun(workflow, opts);
  const started = Date.now();
  const parts = await poolParts(opts, provider, loaded.config.qlib_init.region);
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
