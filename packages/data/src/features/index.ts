// Public exports of features/ (explicit names; re-exported by src/index.ts).

export type { ComputeFeaturesOptions } from './compute-features.js';
export { ComputeFeaturesOptionsSchema, computeFeatures, computeFrame } from './compute-features.js';
export type { FeatureFrame } from './feature-frame.js';
export { frameRows } from './feature-frame.js';
export type { FeatureStoreStats } from './feature-store.js';
export { concatFrames, FeatureStore, FeatureStoreOptionsSchema, sliceFrame } from './feature-store.js';
export type { FeatureSummaryRow } from './feature-summary.js';
export { summarizeFeatures } from './feature-summary.js';
export type { CompiledFields, FieldSpec } from './field-set.js';
export { compileFields, FieldSpecSchema, leafFields, maxWindow } from './field-set.js';
