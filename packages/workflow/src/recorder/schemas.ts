import { z } from '@rollq/data/zod';

/** Lifecycle of a recorder, as Qlib's: `RUNNING` until its run ends `FINISHED` or `FAILED`. */
export const RecorderStatus = z.enum(['RUNNING', 'FINISHED', 'FAILED']);
/** `RUNNING | FINISHED | FAILED`. */
export type RecorderStatus = z.output<typeof RecorderStatus>;

/** Version of the persisted documents below; bump it (and add a migration) when their shape changes. */
export const RECORDER_SCHEMA_VERSION = 1;

/** A parameter value: params are flat JSON scalars (Qlib flattens the task into string params). */
export const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A parameter value. */
export type ParamValue = z.output<typeof ParamValue>;

const ProcessIdentitySchema = z.strictObject({ pid: z.number().int().positive(), hostname: z.string() });

/** The persisted description of an experiment (`<root>/<experiment>/experiment.json`). */
export const ExperimentMeta = z.strictObject({
  schemaVersion: z.literal(RECORDER_SCHEMA_VERSION),
  name: z.string(),
  createdAt: z.iso.datetime(),
});
/** An experiment: a named group of recorders. */
export type ExperimentInfo = Omit<z.output<typeof ExperimentMeta>, 'schemaVersion'>;

/** The persisted description of a recorder (`<root>/<experiment>/<id>/meta.json`). */
export const RecorderMeta = z.strictObject({
  schemaVersion: z.literal(RECORDER_SCHEMA_VERSION),
  id: z.string(),
  name: z.string(),
  experiment: z.string(),
  status: RecorderStatus,
  startTime: z.iso.datetime(),
  endTime: z.iso.datetime().nullable(),
  error: z.string().nullable().describe('Why the run failed; null unless status is FAILED.'),
  params: z.record(z.string(), ParamValue),
  tags: z.record(z.string(), z.string()),
  task: z.json().nullable().describe('The task definition that produced this recorder (plain JSON), or null.'),
  process: ProcessIdentitySchema.nullable().describe('The process that runs it while RUNNING; null once ended.'),
});
/** A recorder as the store reports it (a dead RUNNING run already reported as FAILED). */
export type RecorderInfo = Omit<z.output<typeof RecorderMeta>, 'schemaVersion'>;

/** What {@link RecorderStore.createRecorder} takes. */
export const CreateRecorderOptions = z.strictObject({
  name: z.string().min(1).default('recorder').describe('Free-form display name (default "recorder"); ids identify.'),
  params: z.record(z.string(), ParamValue).default({}).describe('Flat parameters (default {}).'),
  tags: z.record(z.string(), z.string()).default({}).describe('String tags such as online_status (default {}).'),
  task: z.json().nullable().default(null).describe('The task definition, plain JSON (default null).'),
});
/** Input of {@link RecorderStore.createRecorder} (every field optional). */
export type CreateRecorderInput = z.input<typeof CreateRecorderOptions>;

/** One point of a metric series: `step` is an integer or an ISO date (IC by day). NaN survives as null. */
export const MetricPoint = z.strictObject({
  step: z.union([z.number().int(), z.string()]),
  value: z
    .number()
    .nullable()
    .transform((v) => (v === null ? Number.NaN : v)),
});
/** One point of a metric series. */
export interface MetricPoint {
  step: number | string;
  value: number;
}

/** The persisted metrics of a recorder (`<root>/<experiment>/<id>/metrics.json`), kept out of meta.json so listing stays cheap. */
export const MetricsDocument = z.strictObject({
  schemaVersion: z.literal(RECORDER_SCHEMA_VERSION),
  series: z.record(z.string(), z.array(MetricPoint)),
});
