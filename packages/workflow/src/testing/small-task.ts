import type { TaskConfig } from '@rollq/rolling';

/** Options of {@link smallGbdtTask}; the defaults give a model of about a second's training. */
export interface SmallTaskOptions {
  /** Last day of the handler and of the test segment (default 2016-10-31). */
  testEnd?: string;
  /** Universe: a market name or a list of symbols (default 12 large S&P 500 stocks). */
  instruments?: string | readonly string[];
  /** LightGBM rounds (default 8). */
  rounds?: number;
  /** Tree depth (default 3). */
  depth?: number;
  /** LightGBM threads (default 1: tests run two workers on two cores). */
  threads?: number;
}

/** The default universe of {@link smallGbdtTask} (the same 12 names as the tools' tiny workflow). */
const SMALL_UNIVERSE = ['AAPL', 'MSFT', 'XOM', 'JPM', 'JNJ', 'WMT', 'PG', 'GE', 'KO', 'PFE', 'INTC', 'CSCO'];

/**
 * A small real task on the shipped US data for store, manager, pool, updater and service tests and benches:
 * Alpha158 over 2016, an LGBModel of a few rounds (NaN-tolerant: US data has no vwap), train to June, valid
 * to September, a short test window ending at `testEnd`.
 */
export function smallGbdtTask(opts: SmallTaskOptions | string = {}): TaskConfig {
  const o = typeof opts === 'string' ? { testEnd: opts } : opts;
  const testEnd = o.testEnd ?? '2016-10-31';
  return {
    model: {
      class: 'LGBModel',
      kwargs: { num_boost_round: o.rounds ?? 8, max_depth: o.depth ?? 3, learning_rate: 0.2, num_threads: o.threads ?? 1 },
    },
    dataset: {
      class: 'DatasetH',
      kwargs: {
        handler: {
          class: 'Alpha158',
          kwargs: {
            start_time: '2016-01-04',
            end_time: testEnd,
            fit_start_time: '2016-01-04',
            fit_end_time: '2016-06-30',
            instruments: o.instruments ?? SMALL_UNIVERSE,
          },
        },
        segments: { train: ['2016-01-04', '2016-06-30'], valid: ['2016-07-01', '2016-09-30'], test: ['2016-10-03', testEnd] },
      },
    },
    record: [{ class: 'SignalRecord', kwargs: { model: '<MODEL>', dataset: '<DATASET>' } }],
  } as TaskConfig;
}
