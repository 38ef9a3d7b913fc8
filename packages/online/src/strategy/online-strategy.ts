import type { PredictionTable } from '@rollq/ensemble';
import type { TaskConfig } from '@rollq/rolling';
import type { RecorderInfo } from '@rollq/workflow';
import type { OnlineTool } from '../online-tool/online-tool.js';

/**
 * Qlib's `OnlineStrategy`: decides which tasks to train and which models serve. Its name is the
 * experiment its recorders live in (Qlib's `name_id`).
 */
export interface OnlineStrategy {
  readonly name: string;
  readonly tool: OnlineTool;
  /** Tasks of the first training (Qlib's `first_tasks`). */
  firstTasks(): TaskConfig[];
  /**
   * New tasks due at `curTime` (Qlib's `prepare_tasks`). `alsoLatest` are recorders that count as "latest"
   * besides the online ones (models a canary kept offline, so their window is not trained again).
   */
  prepareTasks(curTime: string, alsoLatest?: readonly RecorderInfo[]): Promise<TaskConfig[]>;
  /**
   * Qlib's `prepare_online_models`: with new models, exactly they go online (all others offline) and are
   * returned; with none, nothing changes and the current online models are returned.
   */
  prepareOnlineModels(trained: readonly RecorderInfo[]): Promise<RecorderInfo[]>;
  /** The strategy's predictions per model class (Qlib's `get_collector()()`), from `recorderIds` when given. */
  collect(recorderIds?: ReadonlySet<string>, warn?: (m: string) => void): Promise<Record<string, PredictionTable>>;
}
