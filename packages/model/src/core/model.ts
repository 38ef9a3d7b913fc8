import type { ModelDataset } from '@rollq/data';

/**
 * Losses recorded while fitting, Qlib's `evals_result` shape: `evalsResult.train.loss[i]` is the train
 * loss after round / epoch `i`, `evalsResult.valid.loss[i]` the valid loss. The metric key is the
 * engine's name for it (`loss` = mean squared error for the tfjs models, `rmse` for XGBoost).
 */
export type EvalsResult = Record<string, Record<string, number[]>>;

/** One progress report: a boosting round, a training epoch or an evaluation step. */
export interface FitProgress {
  /** Our model class name (`GBDT`, `MLP`, …). */
  model: string;
  unit: 'round' | 'epoch' | 'step';
  /** 1-based count of finished units. */
  current: number;
  /** Most units the fit can run (it may stop earlier on early stopping). */
  total: number;
  trainLoss?: number;
  validLoss?: number;
  /** The best valid loss so far and the unit it was reached at (1-based). */
  best?: { current: number; validLoss: number };
}

/** Options of {@link Model.fit}. */
export interface FitOptions {
  /** Filled in place with the per-round train / valid losses (Qlib's `evals_result`). */
  evalsResult?: EvalsResult;
  /** Called after every round / epoch; keep it cheap. */
  onProgress?: (p: FitProgress) => void;
  /** Cancels training between rounds / batches (the fit rejects with `ABORTED`). */
  signal?: AbortSignal;
}

/**
 * The contract every rollq model implements (Qlib's `Model`): train on a dataset's `train` segment
 * (early stopping on `valid` when the dataset has one), score any segment, and persist to plain files.
 */
export interface Model {
  /** Our class name, the key {@link loadModel} uses to pick the class back. */
  readonly className: string;
  /** The parsed kwargs (defaults filled in), what `save` writes so `load` rebuilds the same model. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** True after `fit` or `load`. */
  readonly fitted: boolean;
  /** Trains from scratch on `dataset` (`train`, and `valid` for early stopping when present). */
  fit(dataset: ModelDataset, opts?: FitOptions): Promise<void>;
  /**
   * Scores the segment's `infer` rows; element `i` belongs to row `i` of
   * `dataset.prepare(segment, 'infer').index` (see {@link predictWithIndex}).
   */
  predict(dataset: ModelDataset, segment?: string): Float64Array;
  /** Writes `rollq-model.json` plus the weights into `dir` (created if missing); each file atomically. */
  save(dir: string): Promise<void>;
  /** Releases native / tensor memory; the model is unusable afterwards. Safe to call twice. */
  dispose(): void;
}
