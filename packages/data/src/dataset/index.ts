// Public exports of dataset/ (explicit names; re-exported by src/index.ts).
export type { RowIndex, TabularData, SequenceData, DataView, ModelDataset } from './types.js';
