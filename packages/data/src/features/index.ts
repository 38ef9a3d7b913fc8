// Public exports of features/ (explicit names; re-exported by src/index.ts).
export type { FeatureFrame } from './feature-frame.js';
export { frameRows } from './feature-frame.js';
export { computeFeatures, computeFrame, ComputeFeaturesOptionsSchema } from './compute-features.js';
export type { ComputeFeaturesOptions } from './compute-features.js';
export { compileFields, FieldSpecSchema, maxWindow, leafFields } from './field-set.js';
export type { FieldSpec, CompiledFields } from './field-set.js';
export { FeatureStore, FeatureStoreOptionsSchema, sliceFrame, concatFrames } from './feature-store.js';
export type { FeatureStoreStats } from './feature-store.js';
