import { parseTask, type Segment, type TaskConfig } from '@rollq/rolling';
import { splitRecords } from '@rollq/workflow';

/** Options of {@link strategyFromWorkflow}. */
export interface StrategyFromWorkflowOptions {
  /** Strategy id (and experiment name). */
  name: string;
  /** Rolling step in trading days: a new model every `step` days. */
  step: number;
  /** Changes to the workflow's task, merged over it (the workflow itself is not modified). */
  overrides?: {
    /** Merged into `task.model.kwargs` (e.g. fewer boosting rounds). */
    model?: Record<string, unknown>;
    /** Merged into `task.dataset.kwargs.handler.kwargs` (e.g. another market, a later end_time). */
    handler?: Record<string, unknown>;
    /** Replace these segments of `task.dataset.kwargs.segments` (e.g. where the first test window starts). */
    segments?: Record<string, Segment>;
  };
}

/** A strategy as `OnlineManager.init` takes it (`StrategyConfigInput`). */
export interface WorkflowStrategy {
  name: string;
  template: TaskConfig[];
  rolling: { step: number };
}

/**
 * One rolling strategy from a loaded workflow file (Qlib's `RollingStrategy(name, task_template,
 * RollingGen(step))`): the workflow's task with `overrides` merged in and only its SignalRecord kept, since
 * evaluation records (SigAnaRecord, PortAnaRecord) belong to the blended signal, not to each model.
 *
 * @example
 * ```ts
 * const loaded = loadWorkflowConfig('workflow_config_gbdt_Alpha158_us.yaml');
 * const gbdt = strategyFromWorkflow(loaded, { name: 'gbdt', step: 20, overrides: { model: { num_boost_round: 100 } } });
 * await OnlineManager.init(dir, { strategies: [gbdt], region: loaded.config.qlib_init.region }, { provider });
 * ```
 */
export function strategyFromWorkflow(loaded: { config: { task: TaskConfig } }, opts: StrategyFromWorkflowOptions): WorkflowStrategy {
  const task = structuredClone(loaded.config.task);
  const o = opts.overrides ?? {};
  if (o.model) task.model.kwargs = { ...task.model.kwargs, ...o.model };
  const ds = task.dataset.kwargs as { handler: { kwargs: Record<string, unknown> }; segments: Record<string, Segment> };
  if (o.handler) ds.handler.kwargs = { ...ds.handler.kwargs, ...o.handler };
  if (o.segments) ds.segments = { ...ds.segments, ...o.segments };
  task.record = splitRecords(task).signal;
  return { name: opts.name, template: [parseTask(task)], rolling: { step: opts.step } };
}
