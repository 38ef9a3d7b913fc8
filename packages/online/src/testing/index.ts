/**
 * @packageDocumentation
 * `@rollq/online/testing`: fixtures and fault injection for tests of code built on `@rollq/online`.
 */
export { failingCommits, InjectedFault } from './faults.js';
export { smallGbdtTask } from './small-task.js';
