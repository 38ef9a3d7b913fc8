// Public exports of dataset/ (explicit names; re-exported by src/index.ts).
export type { RowIndex, TabularData, SequenceData, DataView, ModelDataset } from './types.js';
export { DataHandlerLP, dataHandlerLPConfigSchema } from './data-handler-lp.js';
export type { HandlerView, DataHandlerLPConfig, DataHandlerLPOptions, HandlerProcessorState } from './data-handler-lp.js';
export { DatasetH, rowIndexOf } from './dataset-h.js';
export { TSDatasetH, tsDatasetOptionsSchema } from './ts-dataset-h.js';
export type { TSDatasetOptions } from './ts-dataset-h.js';
export { segmentsSchema, validateSegments } from './segments.js';
export type { Segments } from './segments.js';
export { toTable } from './to-table.js';
export { frameFromRows } from './frame-from-rows.js';
export type { FrameRowsInput } from './frame-from-rows.js';
export { writeFrameCsv } from './frame-csv.js';
export type { FrameCsvOptions } from './frame-csv.js';
export { createDataset } from './create-dataset.js';
export type { CreateDatasetOptions } from './create-dataset.js';
