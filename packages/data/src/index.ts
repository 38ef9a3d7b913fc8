/**
 * @packageDocumentation
 * `@rollq/data`: the root of rollq. Trading calendar, Qlib-format storage (read, write, CSV import),
 * the expression engine, Alpha158 / Alpha360 / YAML handlers, processors and datasets.
 *
 * This file is the package's one barrel: every public name is listed here explicitly.
 */

// calendar
export { Calendar } from './calendar/calendar.js';
export { IsoDate, IsoDateOrNull, isIsoDate, parseIsoDate } from './calendar/dates.js';
// datasets
export type { CreateDatasetOptions } from './dataset/create-dataset.js';
export { createDataset } from './dataset/create-dataset.js';
export type { DataHandlerLPConfig, DataHandlerLPOptions, HandlerProcessorState, HandlerView } from './dataset/data-handler-lp.js';
export { DataHandlerLP, dataHandlerLPConfigSchema } from './dataset/data-handler-lp.js';
export type { DatasetHOptions } from './dataset/dataset-h.js';
export { DatasetH, rowIndexOf } from './dataset/dataset-h.js';
export type { FrameCsvOptions } from './dataset/frame-csv.js';
export { writeFrameCsv } from './dataset/frame-csv.js';
export type { FrameRowsInput } from './dataset/frame-from-rows.js';
export { frameFromRows } from './dataset/frame-from-rows.js';
export type { Segments } from './dataset/segments.js';
export { segmentsSchema, validateSegments } from './dataset/segments.js';
export { toTable } from './dataset/to-table.js';
export type { TSDatasetOptions } from './dataset/ts-dataset-h.js';
export { TSDatasetH, tsDatasetOptionsSchema } from './dataset/ts-dataset-h.js';
export type { DataView, LearnRowPool, ModelDataset, RowIndex, SequenceData, TabularData } from './dataset/types.js';
// errors
export type {
  DataErrorCode,
  ErrorClass,
  ErrorCodeTable,
  ExitClass,
  FormatIssuesOptions,
  InputIssue,
  ParseOrThrowOptions,
  RollqErrorOptions,
} from './errors.js';
export {
  COMMON_ERROR_CODES,
  DATA_ERROR_CODES,
  DataError,
  defineErrorClass,
  formatIssuePath,
  formatIssues,
  inputIssues,
  isRollqError,
  parseOrThrow,
  RollqError,
} from './errors.js';
// expression engine
export type { ConstNode, ExprNode, FieldNode, OpNode, StringNode } from './expr/ast.js';
export { ExprPool } from './expr/ast.js';
export type { EvaluateSeriesOptions } from './expr/evaluate-series.js';
export { evaluateSeries } from './expr/evaluate-series.js';
export type { NodeValues } from './expr/evaluator.js';
export { InstrumentEvaluator } from './expr/evaluator.js';
export type { ExpressionErrorCode } from './expr/expression-error.js';
export { closestName, expressionError } from './expr/expression-error.js';
export { defaultOperatorRegistry, OperatorRegistry } from './expr/operator-registry.js';
export type {
  ArgKind,
  KernelCall,
  Lookback,
  LookbackRule,
  OperatorEvaluate,
  OperatorKernel,
  OperatorParam,
  OperatorSpec,
  OpFamily,
} from './expr/operator-spec.js';
export { defaultLookback, sameRowLookback, shiftLookback, windowLookback } from './expr/operator-spec.js';
export { BUILTIN_OPERATORS, INFIX_OPERATORS, OPERATOR_NAMES, OPERATORS, STD_ZERO_ATOL } from './expr/operators.js';
export type { ParseOptions } from './expr/parser.js';
export { parseExpression } from './expr/parser.js';
export type { Token, TokenKind } from './expr/tokenizer.js';
export { tokenize } from './expr/tokenizer.js';
// features
export type { ComputeFeaturesOptions, FeatureProgress } from './features/compute-features.js';
export { ComputeFeaturesOptionsSchema, computeFeatures, computeFrame } from './features/compute-features.js';
export type { FeatureFrame, FrameColumn } from './features/feature-frame.js';
export { frameRows, newColumnLike } from './features/feature-frame.js';
export type { FeatureStoreStats } from './features/feature-store.js';
export { concatFrames, FeatureStore, FeatureStoreOptionsSchema, sliceFrame } from './features/feature-store.js';
export type { FeatureSummaryRow } from './features/feature-summary.js';
export { summarizeFeatures } from './features/feature-summary.js';
export type { CompiledFields, CompileFieldsOptions, FieldSpec } from './features/field-set.js';
export { compileFields, FieldSpecSchema, leafFields, maxWindow } from './features/field-set.js';
export type { ParallelFeaturesOptions } from './features/parallel-features.js';
export { computeFeaturesParallel, FEATURE_THREADS_ENV, featureThreads } from './features/parallel-features.js';
// handlers
export { ALPHA158_WINDOWS, alpha158 } from './handler/alpha158.js';
export { alpha360 } from './handler/alpha360.js';
export type { HandlerFactory } from './handler/handler-registry.js';
export { BUILTIN_HANDLERS, defaultHandlerRegistry, HandlerRegistry } from './handler/handler-registry.js';
export type { HandlerFields } from './handler/handler-types.js';
export { DEFAULT_LABEL } from './handler/handler-types.js';
export type { ResolveHandlerOptions } from './handler/resolve-handler.js';
export { handlerColumns, resolveHandler } from './handler/resolve-handler.js';
export type { LoadYamlHandlerOptions } from './handler/yaml-handler.js';
export { loadYamlHandler, YamlHandlerSchema } from './handler/yaml-handler.js';
// CSV import
export type { ImportResult } from './import/import-csv.js';
export { importCsv } from './import/import-csv.js';
export type { ImportCsvOptions, ImportProgress, ResolvedImportOptions } from './import/options.js';
export { ImportCsvOptionsSchema, parseImportOptions } from './import/options.js';
export type { ImportUsDemoOnceOptions } from './import/us-demo.js';
export { importUsDemo, importUsDemoOnce, US_DEMO_BENCHMARK, US_DEMO_FILES } from './import/us-demo.js';
// predictions
export { appendNewRows, replaceDateRange } from './predictions/merge-rows.js';
export type { PredictionColumns } from './predictions/prediction-columns.js';
export {
  fromPredictionColumns,
  makePredictionTable,
  readPredictionColumns,
  sortPredictionRows,
  toPredictionColumns,
} from './predictions/prediction-columns.js';
// processors
export type {
  DropColKwargs,
  DropnaLabelKwargs,
  DropnaProcessorKwargs,
  FillnaKwargs,
  FilterColKwargs,
  TanhProcessKwargs,
} from './processor/cleaning.js';
export { DropCol, DropnaLabel, DropnaProcessor, Fillna, FilterCol, TanhProcess } from './processor/cleaning.js';
export type { CSRankNormKwargs, CSZFillnaKwargs, CSZScoreNormKwargs, ProcessInfKwargs } from './processor/cross-section.js';
export { CSRankNorm, CSZFillna, CSZScoreNorm, ProcessInf } from './processor/cross-section.js';
export type { ProcessorLists } from './processor/defaults.js';
export { ALPHA158_RNN_FEATURES, handlerDefaultProcessors } from './processor/defaults.js';
export type { MinMaxNormKwargs, RobustZScoreNormKwargs, ZScoreNormKwargs } from './processor/normalize.js';
export { MinMaxNorm, RobustZScoreNorm, ZScoreNorm } from './processor/normalize.js';
export type { ProcessorConfig, ProcessorDefaults, ProcessorFactory } from './processor/registry.js';
export { defaultProcessorRegistry, ProcessorRegistry, processorConfigSchema } from './processor/registry.js';
export type { FieldsGroup, ProcessContext, Processor, ProcessorJSON } from './processor/types.js';
// random
export { mulberry32 } from './random/mulberry32.js';
// registries
export type { RegisterOptions, RegistryOptions } from './registry/registry.js';
export { Registry } from './registry/registry.js';
// storage
export type { FeatureSeries } from './storage/feature-bin.js';
export { decodeFeatureBin, encodeFeatureBin, readFeatureBin } from './storage/feature-bin.js';
export type { InstrumentSpan, InstrumentSpans } from './storage/instrument-file.js';
export { formatInstrumentFile, parseInstrumentFile } from './storage/instrument-file.js';
export type { InstrumentSpec, MembershipPositions } from './storage/qlib-provider.js';
export { QlibProvider, readCalendarFile } from './storage/qlib-provider.js';
export { featurePath, formatCalendarFile, writeCalendar, writeFeature, writeInstruments } from './storage/qlib-writer.js';
export { folderToSymbol, symbolToFolder } from './storage/symbol-folder.js';
// warnings
export type { Warn } from './warn.js';
export { defaultWarn } from './warn.js';
export type { WorkerEntry } from './worker-entry.js';
export { workerEntry } from './worker-entry.js';
