// Public exports of features/ (explicit names; re-exported by src/index.ts).
export type { FeatureFrame } from './feature-frame.js';
export { frameRows } from './feature-frame.js';
