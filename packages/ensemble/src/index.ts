/**
 * @packageDocumentation
 * `@rollq/ensemble`.
 */
export { EnsembleError } from './errors.js';
export type { EnsembleErrorCode } from './errors.js';
