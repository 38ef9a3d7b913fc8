/**
 * @packageDocumentation
 * `@rollq/model`.
 */
export { ModelError } from './errors.js';
export type { ModelErrorCode } from './errors.js';
