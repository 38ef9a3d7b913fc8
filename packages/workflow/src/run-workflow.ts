import type { QlibProvider } from '@rollq/data';
import type { TaskConfig, WorkflowConfig } from '@rollq/rolling';
import type { RecorderStore } from './recorder/recorder-store.js';
import type { RecorderInfo } from './recorder/schemas.js';
import { parsePortAnalysisConfig } from './records/port-ana-record.js';
import { createRecords, defaultRecordRegistry, type RecordRegistry } from './records/record-registry.js';
import type { TaskComponents, TaskProgress } from './task/components.js';
import { defaultTaskComponents } from './task/default-components.js';
import { taskTrain } from './task/task-train.js';

/** Options of {@link runWorkflow}. */
export interface RunWorkflowOptions {
  store: RecorderStore;
  /** Experiment name (qrun's `--experiment_name`; default: the file's `experiment_name`, else `workflow`). */
  experiment?: string;
  provider: QlibProvider;
  components?: TaskComponents;
  records?: RecordRegistry;
  /** Record output (tables), for stdout. */
  report?: (text: string) => void;
  onProgress?: (p: TaskProgress) => void;
}

/**
 * Checks everything in a task that can be checked without data: the model class and kwargs, every record
 * class and its kwargs (PortAnaRecord's port_analysis_config). Throws the first problem, so a typo fails
 * in a second instead of after feature computation and training.
 */
export function validateTask(
  task: TaskConfig,
  components: TaskComponents = defaultTaskComponents(),
  records: RecordRegistry = defaultRecordRegistry(),
): void {
  components.createModel(task.model).dispose();
  createRecords(task.record, records);
}

/**
 * {@link validateTask} for a whole loaded workflow, as `rollq run`, `rollq rolling` and `rollq online init` check
 * it before any data is read: first the file's own `port_analysis_config` (the section Qlib files anchor and
 * hand to PortAnaRecord), its strategy and exchange kwargs checked by @rollq/backtest's schemas and named by
 * their place in the file (`port_analysis_config.strategy.kwargs.topk: …`), then the task. `file` (the
 * workflow's path) goes into the message.
 */
export function validateWorkflow(
  config: WorkflowConfig,
  opts: { file?: string; components?: TaskComponents; records?: RecordRegistry } = {},
): void {
  if (config.port_analysis_config !== undefined) {
    parsePortAnalysisConfig(config.port_analysis_config, {
      at: ['port_analysis_config'],
      what: opts.file ? `workflow ${opts.file}` : 'workflow',
    });
  }
  validateTask(config.task, opts.components, opts.records);
}

/** The experiment a workflow records into: the explicit option, the file's `experiment_name`, else `workflow` (qrun's default). */
export function workflowExperiment(config: WorkflowConfig, explicit?: string): string {
  return explicit ?? config.experiment_name ?? 'workflow';
}

/**
 * Qlib's `qrun` body: train the file's task in a new recorder of the experiment and run its records,
 * whose printed output goes to `report`. Returns the recorder.
 */
export async function runWorkflow(config: WorkflowConfig, opts: RunWorkflowOptions): Promise<RecorderInfo> {
  return taskTrain(config.task, {
    store: opts.store,
    experiment: workflowExperiment(config, opts.experiment),
    provider: opts.provider,
    region: config.qlib_init.region,
    components: opts.components,
    records: opts.records,
    report: opts.report,
    onProgress: opts.onProgress,
  });
}
