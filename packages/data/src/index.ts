/**
 * @packageDocumentation
 * `@rollq/data`: the root of rollq. Trading calendar, Qlib-format storage (read, write, CSV import),
 * the expression engine, Alpha158 / Alpha360 / YAML handlers, processors and datasets.
 */

export { Calendar } from './calendar/calendar.js';
export { isIsoDate, parseIsoDate } from './calendar/dates.js';
export * from './dataset/index.js';
export type { DataErrorCode, RollqErrorOptions } from './errors.js';
export { DataError, isRollqError, RollqError } from './errors.js';
export * from './expr/index.js';
export * from './features/index.js';
export * from './handler/index.js';
export * from './processor/index.js';
export { mulberry32 } from './random/mulberry32.js';
export type { FeatureSeries } from './storage/feature-bin.js';
export { decodeFeatureBin, encodeFeatureBin, readFeatureBin } from './storage/feature-bin.js';
// Sub-barrels: each folder's index.ts names its public exports explicitly.
export * from './storage/index.js';
export type { InstrumentSpan, InstrumentSpans } from './storage/instrument-file.js';
export { formatInstrumentFile, parseInstrumentFile } from './storage/instrument-file.js';
export type { InstrumentSpec, MembershipPositions } from './storage/qlib-provider.js';
export { QlibProvider, readCalendarFile } from './storage/qlib-provider.js';
export type { Warn } from './warn.js';
export { defaultWarn } from './warn.js';
