import type { QlibProvider } from '@rollq/data';
import type { Model } from '@rollq/model';
import type { RecorderStore } from '../recorder/recorder-store.js';
import type { TaskDataset } from '../task/components.js';

/** Artifact names the records write (Qlib's names, with tables as Arrow / JSON instead of pickles). */
export const RECORD_ARTIFACTS = {
  pred: 'pred',
  label: 'label',
  ic: 'sig_analysis/ic.json',
  ric: 'sig_analysis/ric.json',
  report: 'portfolio_analysis/report_normal_1day',
  positions: 'portfolio_analysis/positions_normal_1day',
  portAnalysis: 'portfolio_analysis/port_analysis_1day.json',
  html: 'portfolio_analysis/report.html',
} as const;

/** What a record gets: the recorder to write into, and (when run right after training) the model and dataset. */
export interface RecordContext {
  store: RecorderStore;
  recorderId: string;
  /** The fitted model; absent when a record is replayed on a merged (rolling) recorder. */
  model?: Model;
  dataset?: TaskDataset;
  provider?: QlibProvider;
  /** Qlib region of the data (`cn`, `us`, `tw`): exchange defaults such as the lot size. Default `cn`. */
  region?: string;
  /** Receives the text Qlib prints for this record. */
  report: (text: string) => void;
}

/** A record template (Qlib's `RecordTemp`): generate its artifacts and metrics into the recorder. */
export interface WorkflowRecord {
  /** Qlib class name, e.g. `SignalRecord`. */
  readonly name: string;
  generate(ctx: RecordContext): Promise<void>;
}
