import { FeatureStore, type QlibProvider } from '@rollq/data';
import { releasePooledBins } from '@rollq/model';
import {
  type RecordSpec,
  RollingGen,
  type Segment,
  type TaskConfig,
  TimeAdjuster,
  taskGenerator,
  type WorkflowConfig,
} from '@rollq/rolling';
import type { ColumnTable } from 'arquero';
import { mergeRollingPredictions } from './merge-rolling.js';
import type { RecorderStore } from './recorder/recorder-store.js';
import { runInRecorder } from './recorder/run-in-recorder.js';
import type { RecorderInfo } from './recorder/schemas.js';
import { RECORD_ARTIFACTS } from './records/record.js';
import { type RecordRegistry, recordClassName, runRecords } from './records/record-registry.js';
import { workflowExperiment } from './run-workflow.js';
import type { TaskComponents, TaskProgress } from './task/components.js';
import { defaultTaskComponents } from './task/default-components.js';
import { SharedHandlerSlot } from './task/shared-handler.js';
import { taskTrain } from './task/task-train.js';

/** Rolling settings (Qlib's `Rolling(step, rtype, trunc_days)`), parsed by the caller. */
export interface RollingSettings {
  step: number;
  rtype: 'expanding' | 'sliding';
  truncDays: number | null;
}

/** Progress of a rolling run: which task is training, then the usual task progress. */
export type RollingProgress = { kind: 'task'; index: number; total: number; segments: Record<string, Segment> } | TaskProgress;

/**
 * Trains a batch of rolling tasks into `experiment` and returns one recorder per task, in task order (Qlib's
 * `Trainer.train`). The default trains them here one by one; a task pool (MongoDB, `rollq worker`) plugs in
 * here. The recorders must be readable from {@link RollingWorkflowOptions.modelStore}.
 */
export type RollingTaskTrainer = (
  tasks: readonly TaskConfig[],
  ctx: { experiment: string; onProgress: (p: RollingProgress) => void },
) => Promise<RecorderInfo[]>;

/** Options of {@link runRollingWorkflow}. */
export interface RollingWorkflowOptions {
  /** Where the merged result goes. */
  store: RecorderStore;
  /** Where the rolling models' recorders live (default: `store`); a task pool's trainer keeps them in its own store. */
  modelStore?: RecorderStore;
  /** How the rolling tasks are trained (default: here, one after another, into `modelStore`). */
  trainTasks?: RollingTaskTrainer;
  /** Experiment of the merged result (default: the file's experiment_name, else `workflow`); the rolling models go to `<experiment>_rolling_models`. */
  experiment?: string;
  provider: QlibProvider;
  rolling: RollingSettings;
  components?: TaskComponents;
  records?: RecordRegistry;
  report?: (text: string) => void;
  onProgress?: (p: RollingProgress) => void;
}

/** What {@link runRollingWorkflow} produced. */
export interface RollingWorkflowResult {
  /** One recorder per rolling task, in task order. */
  models: RecorderInfo[];
  /** The recorder holding the merged `pred` / `label` and the evaluation records. */
  merged: RecorderInfo;
}

/** The latest handler `end_time` among `tasks` (an open end is the calendar's last day). */
function lastHandlerEnd(tasks: readonly TaskConfig[], calendar: readonly string[]): string {
  const last = calendar[calendar.length - 1] ?? '';
  let until = '';
  for (const t of tasks) {
    const h = t.dataset.kwargs.handler;
    const end = typeof h === 'string' ? null : (h.kwargs as Record<string, unknown>).end_time;
    const e = typeof end === 'string' ? end : last;
    if (e > until) until = e;
  }
  return until;
}

/** Splits a task's records into SignalRecord (run per rolling model) and the rest (replayed on the merged signal). */
export function splitRecords(task: TaskConfig): { signal: RecordSpec[]; evaluation: RecordSpec[] } {
  const list = task.record === undefined ? [] : Array.isArray(task.record) ? task.record : [task.record];
  const signal = list.filter((r) => recordClassName(r) === 'SignalRecord');
  return { signal: signal.length ? signal : ['SignalRecord'], evaluation: list.filter((r) => recordClassName(r) !== 'SignalRecord') };
}

/**
 * Qlib's `qlib.contrib.rolling` flow: generate the rolling tasks from the workflow's task (RollingGen),
 * train each with only its SignalRecord into `<experiment>_rolling_models`, merge their test predictions
 * and labels with the rolling ensemble (later model wins where tests overlap), save the merged tables in a
 * recorder of `<experiment>`, and replay the remaining records (SigAnaRecord, PortAnaRecord) on it.
 */
export async function runRollingWorkflow(config: WorkflowConfig, opts: RollingWorkflowOptions): Promise<RollingWorkflowResult> {
  const experiment = workflowExperiment(config, opts.experiment);
  const { signal, evaluation } = splitRecords(config.task);
  const template: TaskConfig = { ...config.task, record: signal };
  const gen = new RollingGen(new TimeAdjuster(opts.provider.calendar), {
    step: opts.rolling.step,
    rtype: opts.rolling.rtype,
    truncDays: opts.rolling.truncDays,
  });
  const tasks = taskGenerator(template, gen);
  const progress = opts.onProgress ?? (() => {});
  // The tasks share a handler start and only move its end: one handler computed up to the last task's end
  // serves them all when their processors allow it (Qlib's template: fixed fit window), else one feature
  // cache computes each day once.
  const shared = new SharedHandlerSlot(lastHandlerEnd(tasks, opts.provider.calendar.dates));
  const components = opts.components ?? defaultTaskComponents({ featureStore: new FeatureStore(), sharedHandler: shared });
  const modelExperiment = `${experiment}_rolling_models`;
  const modelStore = opts.modelStore ?? opts.store;
  const trainHere: RollingTaskTrainer = async (batch) => {
    const trained: RecorderInfo[] = [];
    for (const [i, task] of batch.entries()) {
      progress({ kind: 'task', index: i + 1, total: batch.length, segments: task.dataset.kwargs.segments });
      trained.push(
        await taskTrain(task, {
          store: modelStore,
          experiment: modelExperiment,
          provider: opts.provider,
          region: config.qlib_init.region,
          components,
          records: opts.records,
          onProgress: progress,
          // per-model prediction heads would flood the output; the merged signal is what gets reported
        }),
      );
    }
    shared.clear(); // the merge and the records need no features: let the frames go
    releasePooledBins(); // and LightGBM's binned learn rows of that handler
    return trained;
  };
  const models = await (opts.trainTasks ?? trainHere)(tasks, { experiment: modelExperiment, onProgress: progress });
  const load = (name: string): Promise<ColumnTable[]> => Promise.all(models.map((m) => modelStore.loadPredictions(m.id, name)));
  const pred = mergeRollingPredictions(await load(RECORD_ARTIFACTS.pred));
  const label = mergeRollingPredictions(await load(RECORD_ARTIFACTS.label));
  const { recorder: merged } = await runInRecorder(
    opts.store,
    experiment,
    {
      name: 'rolling_ensemble',
      params: {
        'rolling.step': opts.rolling.step,
        'rolling.rtype': opts.rolling.rtype,
        'rolling.trunc_days': opts.rolling.truncDays,
        'rolling.models': models.length,
      },
      task: config.task as never,
    },
    async (rec) => {
      // which model covers which test window: the provenance of every merged prediction
      await opts.store.saveJson(
        rec.id,
        'rolling_models.json',
        models.map((m, i) => ({ id: m.id, experiment: m.experiment, segments: tasks[i]!.dataset.kwargs.segments })),
      );
      await opts.store.savePredictions(rec.id, RECORD_ARTIFACTS.pred, pred);
      await opts.store.savePredictions(rec.id, RECORD_ARTIFACTS.label, label);
      await runRecords(evaluation, {
        store: opts.store,
        recorderId: rec.id,
        provider: opts.provider,
        region: config.qlib_init.region,
        report: opts.report ?? (() => {}),
        registry: opts.records,
        onRecord: (record) => progress({ kind: 'record', record }),
      });
    },
  );
  return { models, merged };
}
