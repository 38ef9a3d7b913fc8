/**
 * @packageDocumentation
 * `@rollq/ensemble`: collectors, groups and ensembles over arquero prediction tables
 * (`datetime, instrument, score`) — Qlib's RollingEnsemble / AverageEnsemble / RollingGroup, and a
 * weighted blend for multi-strategy signals. Knows nothing of recorders.
 */
export { EnsembleError } from './errors.js';
export type { EnsembleErrorCode } from './errors.js';
export { tupleKey, splitKey, keyParts } from './keys.js';
export { readPredictionColumns, makePredictionTable } from './prediction-table.js';
export type { PredictionTable, PredictionColumns } from './prediction-table.js';
export { dateGroups, zscoreByGroup } from './zscore.js';
export { MergeCollector, ProcessedCollector, StaticCollector, processCollected } from './collector.js';
export type { Collector, CollectProcessor, MergeKey } from './collector.js';
export { Group, RollingGroup } from './group.js';
export type { Ensemble, GroupFunc } from './group.js';
export { rollingEnsemble } from './rolling-ensemble.js';
export { averageEnsemble } from './average-ensemble.js';
export type { NestedPredictions } from './average-ensemble.js';
export { weightedBlend, weightedBlendOptionsSchema } from './weighted-blend.js';
export type { WeightedBlendOptions, WeightedSignal } from './weighted-blend.js';
export { singleKeyEnsemble } from './single-key-ensemble.js';
export { flattenRecord } from './flatten.js';
