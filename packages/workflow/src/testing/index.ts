/**
 * @packageDocumentation
 * `@rollq/workflow/testing`: test helpers for code built on `@rollq/workflow` (not part of the main barrel).
 */
export type { StoreUnderTest } from './recorder-store-contract.js';
export { describeRecorderStore } from './recorder-store-contract.js';
export type { SmallTaskOptions } from './small-task.js';
export { smallGbdtTask } from './small-task.js';
