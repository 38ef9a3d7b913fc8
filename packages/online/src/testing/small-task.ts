import type { TaskConfig } from '@rollq/rolling';

/** A small real task for manager / updater tests: 12 S&P 500 stocks, a GBDT of a few rounds (NaN-tolerant: US data has no vwap), a short test window. */
export function smallGbdtTask(testEnd = '2016-10-31'): TaskConfig {
  return {
    model: { class: 'LGBModel', kwargs: { num_boost_round: 8, max_depth: 3, learning_rate: 0.2, num_threads: 1 } },
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
            instruments: ['AAPL', 'MSFT', 'XOM', 'JPM', 'JNJ', 'WMT', 'PG', 'GE', 'KO', 'PFE', 'INTC', 'CSCO'],
          },
        },
        segments: { train: ['2016-01-04', '2016-06-30'], valid: ['2016-07-01', '2016-09-30'], test: ['2016-10-03', testEnd] },
      },
    },
    record: [{ class: 'SignalRecord', kwargs: { model: '<MODEL>', dataset: '<DATASET>' } }],
  } as TaskConfig;
}
