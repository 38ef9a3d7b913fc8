/**
 * @packageDocumentation
 * `@rollq/data/provider`: the Qlib-format data provider ({@link QlibProvider}: calendar, instruments, `.bin`
 * fields), the expression engine's series evaluation ({@link evaluateSeries}), the seeded random source and the
 * error base, without the rest of the barrel. It loads no dependency (no arquero, yaml, zod or lru-cache, ~0.1 s
 * of module loading a backtest does not need), for code that must start fast: `@rollq/backtest` and the
 * `rollq backtest` command read their data through it. The classes are the very ones the main barrel exports
 * (shared modules), so `instanceof` holds across both entries.
 */

export { Calendar } from './calendar/calendar.js';
// the error base and the day validator: all of @rollq/data/errors
export * from './errors-entry.js';
export type { EvaluateSeriesOptions } from './expr/evaluate-series.js';
export { evaluateSeries } from './expr/evaluate-series.js';
export type { PredictionColumns } from './predictions/prediction-columns.js';
export { mulberry32 } from './random/mulberry32.js';
export type { FeatureSeries } from './storage/feature-bin.js';
export type { InstrumentSpan, InstrumentSpans } from './storage/instrument-file.js';
export type { InstrumentSpec, MembershipPositions } from './storage/qlib-provider.js';
export { QlibProvider, readCalendarFile } from './storage/qlib-provider.js';
