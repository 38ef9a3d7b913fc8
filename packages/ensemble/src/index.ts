/**
 * @packageDocumentation
 * `@rollq/ensemble`: collectors, groups and ensembles over arquero prediction tables
 * (`datetime, instrument, score`) — Qlib's RollingEnsemble / AverageEnsemble / RollingGroup, and a
 * weighted blend for multi-strategy signals. Knows nothing of recorders.
 */

export type { NestedPredictions } from './average-ensemble.js';
export { averageEnsemble } from './average-ensemble.js';
export type { Collector, CollectProcessor, MergeKey } from './collector.js';
export { MergeCollector, ProcessedCollector, processCollected, StaticCollector } from './collector.js';
export type { EnsembleErrorCode } from './errors.js';
export { ENSEMBLE_ERROR_CODES, EnsembleError } from './errors.js';
export { flattenRecord } from './flatten.js';
export type { Ensemble, GroupFunc } from './group.js';
export { Group, RollingGroup } from './group.js';
export { keyParts, splitKey, tupleKey } from './keys.js';
export type { PredictionTable } from './prediction-table.js';
export { rollingEnsemble } from './rolling-ensemble.js';
export { singleKeyEnsemble } from './single-key-ensemble.js';
export type { WeightedBlendOptions, WeightedSignal } from './weighted-blend.js';
export { weightedBlend, weightedBlendOptionsSchema } from './weighted-blend.js';
export { dateGroups, zscoreByGroup } from './zscore.js';
