/**
 * @packageDocumentation
 * `@rollq/data`: the root of rollq. Trading calendar, Qlib-format storage (read, write, CSV import),
 * the expression engine, Alpha158 / Alpha360 / YAML handlers, processors and datasets.
 */
export { RollqError, DataError, isRollqError } from './errors.js';
export type { DataErrorCode, RollqErrorOptions } from './errors.js';
export { Calendar } from './calendar/calendar.js';
export { parseIsoDate, isIsoDate } from './calendar/dates.js';
export { QlibProvider, readCalendarFile } from './storage/qlib-provider.js';
export type { InstrumentSpec, MembershipPositions } from './storage/qlib-provider.js';
export { readFeatureBin, decodeFeatureBin, encodeFeatureBin } from './storage/feature-bin.js';
export type { FeatureSeries } from './storage/feature-bin.js';
export { parseInstrumentFile, formatInstrumentFile } from './storage/instrument-file.js';
export type { InstrumentSpan, InstrumentSpans } from './storage/instrument-file.js';
// Sub-barrels: each folder's index.ts names its public exports explicitly.
export * from './storage/index.js';
export * from './expr/index.js';
export * from './handler/index.js';
export * from './processor/index.js';
export * from './features/index.js';
export * from './dataset/index.js';
export { mulberry32 } from './random/mulberry32.js';
