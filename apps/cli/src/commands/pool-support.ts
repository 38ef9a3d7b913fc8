import type { QlibProvider } from '@rollq/data';
import { RollqError } from '@rollq/data/errors';
import type { PoolTrainerOptions, TaskPool } from '@rollq/online/mongo';
import { closeRecorderStore, openRecorderStore, type RecorderStore } from '@rollq/workflow';
import { note } from '../progress.js';
import { workerLogLine } from './worker-action.js';

/** Shared by `rollq rolling run` and `rollq online init|routine|simulate` with `--mongo` / `--pool`. */

/** The pool options of a driver command, as commander hands them over. */
export interface PoolDriverOptions {
  mongo?: string;
  pool?: string;
  /** false with `--no-local-worker`. */
  localWorker: boolean;
  lease: number;
}

/** A driver's open pool with the store its tasks' recorders go to; `close` ends both connections. */
export interface PoolDriver {
  pool: TaskPool;
  store: RecorderStore;
  /** What a {@link PoolTrainerOptions} needs (pool, store, provider, local worker, log lines). */
  trainerOptions: PoolTrainerOptions;
  close(): Promise<void>;
}

/**
 * Opens the pool of `--mongo` / `--pool` and the recorder store at `storeLocation` (default: the MongoDB store
 * on the pool's server), or returns null when neither flag is given. One without the other, or
 * `--no-local-worker` without a pool, is a usage error.
 */
export async function openPoolDriver(
  opts: PoolDriverOptions,
  ctx: { provider: QlibProvider; region?: string; storeLocation?: string },
): Promise<PoolDriver | null> {
  if (opts.mongo === undefined && opts.pool === undefined) {
    if (!opts.localWorker) {
      throw new RollqError('CONFIG_INVALID', '--no-local-worker needs --mongo and --pool', {
        hint: 'add --mongo <url> --pool <name>, or drop --no-local-worker',
      });
    }
    return null;
  }
  if (opts.mongo === undefined || opts.pool === undefined) {
    const [given, missing] = opts.mongo === undefined ? ['--pool', '--mongo'] : ['--mongo', '--pool'];
    throw new RollqError('CONFIG_INVALID', `${given} needs ${missing} too`, {
      hint: 'a task pool is named by both: --mongo mongodb://HOST:PORT/DATABASE --pool NAME',
    });
  }
  const { TaskPool } = await import('@rollq/online/mongo');
  const pool = await TaskPool.open(opts.mongo, opts.pool);
  try {
    const storeLocation = ctx.storeLocation ?? opts.mongo;
    const store = await openRecorderStore(storeLocation);
    let lastWait = '';
    return {
      pool,
      store,
      trainerOptions: {
        pool,
        store,
        storeLocation,
        provider: ctx.provider,
        region: ctx.region,
        localWorker: opts.localWorker,
        leaseMs: opts.lease,
        onTask: (e) => note(workerLogLine(e)),
        onWait: (s) => {
          const text = `pool ${pool.name}: waiting ${s.waiting}, running ${s.running}, part_done ${s.part_done}, done ${s.done}, failed ${s.failed}`;
          if (text !== lastWait) note(`rollq: ${text}`);
          lastWait = text;
        },
      },
      close: async () => {
        await closeRecorderStore(store);
        await pool.close();
      },
    };
  } catch (e) {
    await pool.close();
    throw e;
  }
}
