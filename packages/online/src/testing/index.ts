/**
 * @packageDocumentation
 * `@rollq/online/testing`: fixtures and fault injection for tests of code built on `@rollq/online`.
 */

export type { SmallTaskOptions } from '@rollq/workflow/testing';
export { smallGbdtTask } from '@rollq/workflow/testing';
export { failingCommits, InjectedFault } from './faults.js';
