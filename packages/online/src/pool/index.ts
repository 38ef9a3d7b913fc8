/**
 * @packageDocumentation
 * `@rollq/online/mongo`: Qlib's TaskManager / run_task / TrainerRM / DelayTrainerRM on MongoDB (loads the
 * `mongodb` driver; the main entry stays driver-free and exports only the document types). Its connection and
 * retry rule is `@rollq/workflow/mongo`'s `connectMongo` / `withRetry`.
 */
export type { PoolTrainerOptions } from './pool-trainers.js';
export { DelayPoolTrainer, POOL_TASK_TAG, PoolTrainer, poolRollingTrainer, poolTrainers } from './pool-trainers.js';
export * from './task-document.js';
export type { CommitOutcome, CreateTasksOptions, LeasedTask, TaskPoolOptions, TaskStat } from './task-pool.js';
export { POOL_COLLECTION_PREFIX, POOL_META_COLLECTION, TaskPool } from './task-pool.js';
export type { WorkerOptions, WorkerOutcome, WorkerSummary, WorkerTaskEvent } from './worker.js';
export { defaultWorkerId, ORPHAN_TAG, runWorker } from './worker.js';
