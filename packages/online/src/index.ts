/**
 * @packageDocumentation
 * `@rollq/online`.
 */
export { OnlineError } from './errors.js';
export type { OnlineErrorCode } from './errors.js';
