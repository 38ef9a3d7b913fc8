/** The dozen S&P 500 names the fast tests and the crash suite train on. */
export const TINY_INSTRUMENTS = ['AAPL', 'MSFT', 'XOM', 'JPM', 'JNJ', 'WMT', 'PG', 'GE', 'KO', 'PFE', 'INTC', 'CSCO'];

/** Options of {@link tinyWorkflowYaml}. */
export interface TinyWorkflowOptions {
  /** Tree depth of the 8-round LightGBM (default 3). */
  depth?: number;
  /** Also log SigAnaRecord (default true). */
  sigAna?: boolean;
}

/**
 * A workflow YAML that trains in a second: the 12 {@link TINY_INSTRUMENTS}, Alpha158, `LGBModel` of 8 rounds
 * on one thread, trained on 2016-H1, validated on Q3, tested on October 2016. One text for the CLI tests, the
 * bad-input suite and the crash suite, so they all train the same task.
 */
export function tinyWorkflowYaml(dataDir: string, opts: TinyWorkflowOptions = {}): string {
  const sigAna = opts.sigAna ?? true;
  return `qlib_init: { provider_uri: ${JSON.stringify(dataDir)}, region: us }
task:
  model: { class: LGBModel, kwargs: { num_boost_round: 8, max_depth: ${opts.depth ?? 3}, learning_rate: 0.2, num_threads: 1 } }
  dataset:
    class: DatasetH
    kwargs:
      handler:
        class: Alpha158
        kwargs: { start_time: 2016-01-04, end_time: 2016-10-31, fit_start_time: 2016-01-04, fit_end_time: 2016-06-30, instruments: ${JSON.stringify(TINY_INSTRUMENTS)} }
      segments:
        train: [2016-01-04, 2016-06-30]
        valid: [2016-07-01, 2016-09-30]
        test: [2016-10-03, 2016-10-31]
  record:
    - { class: SignalRecord, kwargs: { model: <MODEL>, dataset: <DATASET> } }
${sigAna ? '    - { class: SigAnaRecord, kwargs: { ana_long_short: false } }\n' : ''}`;
}
