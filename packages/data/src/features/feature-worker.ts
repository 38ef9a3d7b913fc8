/**
 * A feature worker (a thread of {@link computeFeaturesParallel}): opens the provider itself, compiles the same
 * fields, and fills its instruments' rows straight into the frame's shared columns, a chunk of jobs per message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isRollqError } from '../errors.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { ColumnWriter, evaluateInstrument, evaluationRanges, type InstrumentJob } from './compute-features.js';
import { type CompiledFields, compileFields, type FieldSpec } from './field-set.js';

/** What the thread is started with. */
export interface FeatureWorkerData {
  root: string;
  freq: string;
  fields: FieldSpec[];
  anchor: number;
  ei: number;
  /** The frame's columns, on SharedArrayBuffers: each job writes only its own rows. */
  values: Float32Array[];
}

/** main → worker: jobs to evaluate, or null to exit. */
export type FeatureWorkerRequest = { jobs: InstrumentJob[] } | null;
/** worker → main: a chunk done (its job count), or the error that stopped it. */
export type FeatureWorkerReply =
  | { done: number }
  | { error: { name: string; message: string; code?: string; hint?: string; details?: Record<string, unknown> } };

const data = workerData as FeatureWorkerData;
// opened on the first message, so a folder that cannot be read is reported like any other error
let state: { provider: QlibProvider; compiled: CompiledFields; ranges: ReturnType<typeof evaluationRanges>; writer: ColumnWriter } | null =
  null;

function open(): NonNullable<typeof state> {
  const provider = QlibProvider.open(data.root, data.freq);
  const compiled = compileFields(data.fields);
  const ranges = evaluationRanges(compiled, data.anchor, data.ei, provider.calendar.length);
  return { provider, compiled, ranges, writer: new ColumnWriter(data.values) };
}

parentPort!.on('message', (msg: FeatureWorkerRequest) => {
  if (msg === null) {
    parentPort!.close();
    return;
  }
  try {
    state ??= open();
    const { provider, compiled, ranges, writer } = state;
    for (const job of msg.jobs) writer.add(job.rows, evaluateInstrument(provider, compiled, job, ranges));
    writer.flush();
    parentPort!.postMessage({ done: msg.jobs.length } satisfies FeatureWorkerReply);
  } catch (e) {
    const err = e as Error;
    const rollq = isRollqError(e) ? { code: e.code, hint: e.hint, details: e.details } : {};
    parentPort!.postMessage({ error: { name: err.name, message: err.message, ...rollq } } satisfies FeatureWorkerReply);
  }
});
