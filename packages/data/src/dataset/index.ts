// Public exports of dataset/ (explicit names; re-exported by src/index.ts).

export type { CreateDatasetOptions } from './create-dataset.js';
export { createDataset } from './create-dataset.js';
export type { DataHandlerLPConfig, DataHandlerLPOptions, HandlerProcessorState, HandlerView } from './data-handler-lp.js';
export { DataHandlerLP, dataHandlerLPConfigSchema } from './data-handler-lp.js';
export { DatasetH, rowIndexOf } from './dataset-h.js';
export type { FrameCsvOptions } from './frame-csv.js';
export { writeFrameCsv } from './frame-csv.js';
export type { FrameRowsInput } from './frame-from-rows.js';
export { frameFromRows } from './frame-from-rows.js';
export type { Segments } from './segments.js';
export { segmentsSchema, validateSegments } from './segments.js';
export { toTable } from './to-table.js';
export type { TSDatasetOptions } from './ts-dataset-h.js';
export { TSDatasetH, tsDatasetOptionsSchema } from './ts-dataset-h.js';
export type { DataView, ModelDataset, RowIndex, SequenceData, TabularData } from './types.js';
