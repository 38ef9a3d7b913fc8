/**
 * @packageDocumentation
 * `@rollq/rolling`: Qlib's rolling task generation on a rollq calendar — TimeAdjuster, RollingGen,
 * MultiHorizonGen, task_generator, the task schema, and the Qlib workflow YAML loader.
 */

export type { RollingErrorCode } from './errors.js';
export { ROLLING_ERROR_CODES, RollingError } from './errors.js';
export type { DatasetModFunc, RollingContext } from './gen/handler-mod.js';
export { handlerMod } from './gen/handler-mod.js';
export type { MultiHorizonGenOptions, SetHorizon } from './gen/multi-horizon-gen.js';
export { MultiHorizonGen, multiHorizonGenOptionsSchema } from './gen/multi-horizon-gen.js';
export type { RollingGenOptions } from './gen/rolling-gen.js';
export { ROLL_EX, ROLL_SD, RollingGen, rollingGenOptionsSchema } from './gen/rolling-gen.js';
export type { TaskGen } from './gen/task-gen.js';
export { taskGenerator } from './gen/task-gen.js';
export { truncSegments } from './gen/trunc-segments.js';
export { cloneTask, parseTask } from './task/parse-task.js';
export type { ClassSpec, DatasetSpec, HandlerSpec, RecordSpec, Segment, SegmentsConfig, TaskConfig } from './task/task-schema.js';
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
export type { AlignType, ShiftType } from './time-adjuster/time-adjuster.js';
export { TimeAdjuster } from './time-adjuster/time-adjuster.js';
export { DROP, mergeConfig } from './workflow-config/deep-merge.js';
export { substituteEnv } from './workflow-config/env-substitution.js';
export type { LoadedWorkflow, LoadWorkflowOptions } from './workflow-config/load-workflow-config.js';
export { BASE_CONFIG_KEY, loadWorkflowConfig } from './workflow-config/load-workflow-config.js';
export type { Placeholder } from './workflow-config/placeholders.js';
export { fillPlaceholders, findPlaceholders, getByDottedPath, isPlaceholder, PLACEHOLDERS } from './workflow-config/placeholders.js';
export type { WorkflowConfig } from './workflow-config/workflow-schema.js';
export { portAnalysisSchema, qlibInitSchema, workflowConfigSchema } from './workflow-config/workflow-schema.js';
export type { SourcePosition, YamlSource } from './workflow-config/yaml-source.js';
export { locatePath, readYamlSource } from './workflow-config/yaml-source.js';
