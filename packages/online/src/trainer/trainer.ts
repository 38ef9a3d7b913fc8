import type { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import {
  beginTaskTrain,
  defaultRecordRegistry,
  endTaskTrain,
  type RecorderInfo,
  type RecorderStore,
  type RecordRegistry,
  type TaskComponents,
  type TaskProgress,
  TRAIN_STATUS_TAG,
  taskTrain,
} from '@rollq/workflow';
import { VALID_IC_RECORD, ValidICRecord } from './valid-ic-record.js';

/** Qlib's `train_status` values. */
export const TRAIN_STATUS = { begin: 'begin_task_train', end: 'end_task_train' } as const;

/** What every trainer needs: where recorders go and how tasks become models. */
export interface TrainerOptions {
  store: RecorderStore;
  provider: QlibProvider;
  /** Qlib region of the data (exchange defaults of PortAnaRecord). Default `cn`. */
  region?: string;
  components?: TaskComponents;
  /** Record classes (default: Qlib's three plus {@link ValidICRecord}). */
  records?: RecordRegistry;
  /** Called before each task with its position, then with the task's own progress (render on stderr). */
  onProgress?: (p: TrainProgress) => void;
}

/** Progress of a trainer: which task, then the task's dataset / fit / record events. */
export type TrainProgress = { kind: 'train-task'; index: number; total: number; experiment: string; task: TaskConfig } | TaskProgress;

/**
 * Qlib's trainer contract (`TrainerR` / `DelayTrainerR`): `train` turns tasks into recorders of the
 * experiment, `endTrain` finishes them; a delay trainer only records the task in `train` and fits in
 * `endTrain`, so a simulation can postpone all fitting to its end.
 */
export interface ModelTrainer {
  train(tasks: readonly TaskConfig[], experiment: string): Promise<RecorderInfo[]>;
  endTrain(recorders: readonly RecorderInfo[], experiment: string): Promise<RecorderInfo[]>;
  /** True when `train` only records tasks (Qlib's `is_delay`). */
  isDelay(): boolean;
}

/** `records` (default: Qlib's three) with {@link ValidICRecord} added when missing. */
export function registryWithValidIC(records?: RecordRegistry): RecordRegistry {
  const reg = new Map(records ?? defaultRecordRegistry());
  if (!reg.has(VALID_IC_RECORD)) reg.set(VALID_IC_RECORD, () => new ValidICRecord());
  return reg;
}

/** Qlib's `TrainerR`: trains each task now, in order, tags `train_status` begin then end. */
export class Trainer implements ModelTrainer {
  private readonly records: RecordRegistry;

  constructor(private readonly opts: TrainerOptions) {
    this.records = registryWithValidIC(opts.records);
  }

  isDelay(): boolean {
    return false;
  }

  async train(tasks: readonly TaskConfig[], experiment: string): Promise<RecorderInfo[]> {
    const { store } = this.opts;
    const out: RecorderInfo[] = [];
    for (const [i, task] of tasks.entries()) {
      this.opts.onProgress?.({ kind: 'train-task', index: i + 1, total: tasks.length, experiment, task });
      const rec = await taskTrain(task, {
        store,
        experiment,
        provider: this.opts.provider,
        region: this.opts.region,
        components: this.opts.components,
        records: this.records,
        onProgress: this.opts.onProgress,
      });
      out.push(await store.setTags(rec.id, { [TRAIN_STATUS_TAG]: TRAIN_STATUS.begin }));
    }
    return out;
  }

  async endTrain(recorders: readonly RecorderInfo[]): Promise<RecorderInfo[]> {
    return Promise.all(recorders.map((r) => this.opts.store.setTags(r.id, { [TRAIN_STATUS_TAG]: TRAIN_STATUS.end })));
  }
}

/**
 * Qlib's `DelayTrainerR`: `train` only logs each task (a FINISHED recorder with no model), `endTrain`
 * fits the ones not yet tagged `end_task_train` in their own recorder and tags them. Unlike Qlib, a
 * recorder without the tag is trained rather than raising `KeyError`.
 */
export class DelayTrainer implements ModelTrainer {
  private readonly records: RecordRegistry;

  constructor(private readonly opts: TrainerOptions) {
    this.records = registryWithValidIC(opts.records);
  }

  isDelay(): boolean {
    return true;
  }

  async train(tasks: readonly TaskConfig[], experiment: string): Promise<RecorderInfo[]> {
    const out: RecorderInfo[] = [];
    for (const task of tasks) out.push(await beginTaskTrain(task, { store: this.opts.store, experiment }));
    return out;
  }

  async endTrain(recorders: readonly RecorderInfo[], experiment: string): Promise<RecorderInfo[]> {
    const out: RecorderInfo[] = [];
    for (const [i, r] of recorders.entries()) {
      const cur = await this.opts.store.getRecorder(r.id);
      if (cur.tags[TRAIN_STATUS_TAG] === TRAIN_STATUS.end) {
        out.push(cur);
        continue;
      }
      this.opts.onProgress?.({
        kind: 'train-task',
        index: i + 1,
        total: recorders.length,
        experiment,
        task: cur.task as unknown as TaskConfig,
      });
      out.push(
        await endTaskTrain(r.id, {
          store: this.opts.store,
          experiment,
          provider: this.opts.provider,
          region: this.opts.region,
          components: this.opts.components,
          records: this.records,
          onProgress: this.opts.onProgress,
        }),
      );
    }
    return out;
  }
}
