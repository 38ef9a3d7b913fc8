/**
 * @packageDocumentation
 * `@rollq/data/errors`: the rollq error base ({@link RollqError}, {@link isRollqError}, {@link DataError},
 * the exit-code tables) and the `YYYY-MM-DD` day validator, without the rest of the barrel. It loads no
 * dependency (no arquero, zod at runtime or date-fns), for code that must start fast: the CLI registers
 * every command and parses its options with it before any command's work loads. The classes are the very
 * ones the main barrel exports (one shared module), so `instanceof` holds across both entries.
 */

export { isIsoDate, parseIsoDate } from './calendar/iso-day.js';
export type { DataErrorCode, ErrorClass, ErrorCodeTable, ExitClass, RollqErrorOptions } from './errors.js';
export {
  COMMON_ERROR_CODES,
  DATA_ERROR_CODES,
  DataError,
  defineErrorClass,
  EXIT_STATUS,
  exitStatusOf,
  isRollqError,
  RollqError,
} from './errors.js';
