import type { FeatureProgress, ModelDataset, QlibProvider } from '@rollq/data';
import type { FitProgress, Model } from '@rollq/model';
import type { ClassSpec, DatasetSpec } from '@rollq/rolling';

/**
 * A dataset as the task runner sees it: the model contract plus, optionally, its fitted state as JSON
 * (processor statistics), which is saved beside the model so another process can reproduce the
 * normalisation without re-fitting (Qlib's `dataset.config(dump_all=False)` artifact).
 */
export interface TaskDataset extends ModelDataset {
  /** Fitted, data-free state (processors), or undefined when the dataset has none to save. */
  stateJson?(): unknown;
}

/** Progress while a dataset is being built (feature computation, processor fitting). */
export interface DatasetProgress {
  stage: string;
  current: number;
  total: number;
  /** Set while the features are computed: the engine's report (instruments done, rows at the end). */
  features?: FeatureProgress;
}

/**
 * How a task's `{class, kwargs}` specs become objects. This is the seam between the runner and the
 * data / model packages: the default ({@link defaultTaskComponents}) looks classes up in their registries,
 * tests or embedders can swap one part (e.g. a dataset cache) without touching the runner.
 */
export interface TaskComponents {
  /** Builds (features + processors) the dataset a task describes. */
  buildDataset(spec: DatasetSpec, provider: QlibProvider, onProgress?: (p: DatasetProgress) => void): Promise<TaskDataset>;
  /** Creates an unfitted model from its spec; throws a CONFIG_INVALID error for a bad class / kwargs. */
  createModel(spec: ClassSpec): Model;
  /** Loads a model saved with `model.save(dir)`. */
  loadModel(dir: string): Promise<Model>;
}

/** Progress events of a task run, for CLIs to render on stderr. */
export type TaskProgress =
  | { kind: 'dataset'; progress: DatasetProgress }
  | { kind: 'fit'; progress: FitProgress }
  | { kind: 'record'; record: string };
