/**
 * `@rollq/serve`: the prediction service over an online manager's committed state (`rollq serve`).
 */
export { SERVE_ERROR_CODES, ServeError, type ServeErrorCode } from './errors.js';
