/**
 * @packageDocumentation
 * `@rollq/rolling`: Qlib's rolling task generation on a rollq calendar — TimeAdjuster, RollingGen,
 * MultiHorizonGen, task_generator, the task schema, and the Qlib workflow YAML loader.
 */
export { RollingError } from './errors.js';
export type { RollingErrorCode } from './errors.js';

export { TimeAdjuster } from './time-adjuster/time-adjuster.js';
export type { AlignType, ShiftType } from './time-adjuster/time-adjuster.js';

export { isoDateSchema, isoDateOrNullSchema } from './task/iso-date.js';
export {
  classSpecSchema,
  datasetSpecSchema,
  handlerKwargsSchema,
  handlerSpecSchema,
  recordSpecSchema,
  segmentSchema,
  segmentsSchema,
  taskSchema,
} from './task/task-schema.js';
export type { ClassSpec, DatasetSpec, HandlerSpec, RecordSpec, Segment, SegmentsConfig, TaskConfig } from './task/task-schema.js';
export { cloneTask, parseTask } from './task/parse-task.js';

export { taskGenerator } from './gen/task-gen.js';
export type { TaskGen } from './gen/task-gen.js';
export { handlerMod } from './gen/handler-mod.js';
export type { DatasetModFunc, RollingContext } from './gen/handler-mod.js';
export { truncSegments } from './gen/trunc-segments.js';
export { RollingGen, ROLL_EX, ROLL_SD, rollingGenOptionsSchema } from './gen/rolling-gen.js';
export type { RollingGenOptions } from './gen/rolling-gen.js';
export { MultiHorizonGen, multiHorizonGenOptionsSchema } from './gen/multi-horizon-gen.js';
export type { MultiHorizonGenOptions, SetHorizon } from './gen/multi-horizon-gen.js';

export { loadWorkflowConfig, BASE_CONFIG_KEY } from './workflow-config/load-workflow-config.js';
export type { LoadedWorkflow, LoadWorkflowOptions } from './workflow-config/load-workflow-config.js';
export { workflowConfigSchema, qlibInitSchema, portAnalysisSchema } from './workflow-config/workflow-schema.js';
export type { WorkflowConfig } from './workflow-config/workflow-schema.js';
export { mergeConfig, DROP } from './workflow-config/deep-merge.js';
export { PLACEHOLDERS, isPlaceholder, findPlaceholders, fillPlaceholders } from './workflow-config/placeholders.js';
export type { Placeholder } from './workflow-config/placeholders.js';
export { substituteEnv } from './workflow-config/env-substitution.js';
export type { SourcePosition } from './workflow-config/yaml-source.js';
