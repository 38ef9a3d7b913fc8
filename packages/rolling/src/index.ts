/**
 * @packageDocumentation
 * `@rollq/rolling`.
 */
export { RollingError } from './errors.js';
export type { RollingErrorCode } from './errors.js';
