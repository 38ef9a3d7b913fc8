import type { RecorderStore } from './recorder-store.js';
import type { CreateRecorderInput, RecorderInfo } from './schemas.js';

/** Options of {@link runInRecorder}: a new recorder's fields, or `resume` to reopen an existing one. */
export interface RunInRecorderOptions extends CreateRecorderInput {
  /** Id of an existing recorder to run in again (Qlib's `R.start(recorder_id=…, resume=True)`); the other fields are ignored. */
  resume?: string;
}

/** What {@link runInRecorder} returns. */
export interface RecorderRun<T> {
  /** The recorder after the run ended (status `FINISHED`). */
  recorder: RecorderInfo;
  /** What `fn` returned. */
  result: T;
}

/** The message kept in a failed recorder: the error's own message, with its code when it has one. */
function failureMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${e.message}` : e.message || e.name;
  }
  return String(e);
}

/**
 * Runs `fn` inside a recorder (Qlib's `with R.start(...)`): creates a `RUNNING` recorder in `experiment`
 * (or resumes `opts.resume`), runs `fn` with it, then ends it `FINISHED`, or `FAILED` with the error's
 * message when `fn` throws, re-throwing that error. A process that dies inside `fn` leaves the recorder
 * `RUNNING` with its pid, which the store reports as `FAILED`: a crashed run never looks finished.
 *
 * @example
 * ```ts
 * const { recorder, result } = await runInRecorder(store, 'rolling', { task }, async (rec) => {
 *   await store.savePredictions(rec.id, 'pred', await train(task));
 *   return 'ok';
 * });
 * ```
 */
export async function runInRecorder<T>(
  store: RecorderStore,
  experiment: string,
  opts: RunInRecorderOptions,
  fn: (recorder: RecorderInfo) => Promise<T> | T,
): Promise<RecorderRun<T>> {
  const { resume, ...create } = opts;
  const rec = resume !== undefined ? await store.resumeRecorder(resume) : await store.createRecorder(experiment, create);
  let result: T;
  try {
    result = await fn(rec);
  } catch (e) {
    try {
      await store.endRecorder(rec.id, 'FAILED', { error: failureMessage(e) });
    } catch {
      // The run's own error matters more; the pid check still reports this recorder FAILED later.
    }
    throw e;
  }
  return { recorder: await store.endRecorder(rec.id, 'FINISHED'), result };
}
