import { IsoDateOrNull } from '@rollq/data';
import { z } from '@rollq/data/zod';

/**
 * A segment: an inclusive pair `[start, end]` of trading days. `null` is Qlib's `None`, an open bound;
 * an open test end means "until the latest data".
 */
export const segmentSchema = z
  .tuple([IsoDateOrNull, IsoDateOrNull])
  .describe('[start, end], inclusive; either may be null for an open bound');

/** A segment, `[start, end]` (inclusive; `null` = open). */
export type Segment = z.output<typeof segmentSchema>;

/** Named segments (`train`, `valid`, `test`, …) in the order written; generators keep that order. */
export const segmentsSchema = z.record(z.string(), segmentSchema).describe('segment name -> [start, end]; usually train, valid and test');

/** Named segments as validated (`train` / `valid` / `test` …), key order preserved. */
export type SegmentsConfig = z.output<typeof segmentsSchema>;

/**
 * Qlib's `{class, module_path, kwargs}` object. `class` is looked up in a rollq registry later;
 * `module_path` only names a Python module, so it is kept for reference and ignored (the workflow
 * loader reports it in `warnings`). Strict: a typo such as `kwarg:` would otherwise silently drop
 * every argument. `kwargs` are passed through untouched — the registry that owns the class validates them.
 */
export const classSpecSchema = z
  .strictObject({
    class: z.string().min(1).describe('class name looked up in a rollq registry (required)'),
    module_path: z.string().optional().describe('Python module of the class; ignored by rollq (default: none)'),
    kwargs: z.record(z.string(), z.unknown()).default({}).describe('constructor arguments (default: {})'),
  })
  .describe('{class, module_path?, kwargs?}');

/** A `{class, module_path, kwargs}` object. */
export type ClassSpec = z.output<typeof classSpecSchema>;

/**
 * Handler kwargs: the time range fields are typed (the rolling generator edits `end_time`), the rest
 * (`instruments`, `infer_processors`, …) is passed through to the handler registry.
 */
export const handlerKwargsSchema = z
  .looseObject({
    start_time: IsoDateOrNull.optional().describe('first day of data to load (default: calendar start)'),
    end_time: IsoDateOrNull.optional().describe('last day of data to load; null = latest (default: calendar end)'),
    fit_start_time: IsoDateOrNull.optional().describe('first day processors fit on (default: start_time)'),
    fit_end_time: IsoDateOrNull.optional().describe('last day processors fit on (default: end_time)'),
  })
  .describe('data handler kwargs (start_time, end_time, fit_start_time, fit_end_time, instruments, …)');

/**
 * A handler: a class spec, or a string such as Qlib's `"file://<cache>.pkl"` reference, which rolling
 * generators leave alone (Qlib's `handler_mod` swallows the TypeError it gets on a string).
 */
export const handlerSpecSchema = z.union([
  z.string().min(1),
  z.strictObject({
    class: z.string().min(1).describe('handler class, e.g. Alpha158 (required)'),
    module_path: z.string().optional().describe('ignored by rollq (default: none)'),
    kwargs: handlerKwargsSchema.default({}).describe('handler kwargs (default: {})'),
  }),
]);

/** The dataset spec: `kwargs.handler` and `kwargs.segments` are typed, other kwargs (`step_len`, …) pass through. */
export const datasetSpecSchema = z
  .strictObject({
    class: z.string().min(1).describe('dataset class, e.g. DatasetH or TSDatasetH (required)'),
    module_path: z.string().optional().describe('ignored by rollq (default: none)'),
    kwargs: z
      .looseObject({
        handler: handlerSpecSchema.describe('the data handler (required)'),
        segments: segmentsSchema.describe('named segments (required)'),
      })
      .describe('dataset kwargs: handler, segments, and class-specific extras'),
  })
  .describe('{class, module_path?, kwargs: {handler, segments, …}}');

/** A record entry: a class spec, or Qlib's dotted-string shorthand (`qlib.workflow.record_temp.SignalRecord`). */
export const recordSpecSchema = z.union([z.string().min(1), classSpecSchema]);

/**
 * A task: what one model training run needs (Qlib's task dict). Strict at this level so a misspelt
 * `datset:` is an error rather than a silently empty dataset.
 */
export const taskSchema = z
  .strictObject({
    model: classSpecSchema.describe('the model (required)'),
    dataset: datasetSpecSchema.describe('the dataset (required)'),
    record: z
      .union([recordSpecSchema, z.array(recordSpecSchema)])
      .optional()
      .describe('records to produce after training; one or a list (default: none)'),
  })
  .describe('{model, dataset, record?}');

/** A validated task (Qlib's task dict): `{model, dataset, record}`. */
export type TaskConfig = z.output<typeof taskSchema>;
/** The dataset part of a task. */
export type DatasetSpec = z.output<typeof datasetSpecSchema>;
/** The handler part of a dataset: a class spec or an opaque string reference. */
export type HandlerSpec = z.output<typeof handlerSpecSchema>;
/** A record entry. */
export type RecordSpec = z.output<typeof recordSpecSchema>;
