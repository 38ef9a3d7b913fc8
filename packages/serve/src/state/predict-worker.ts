/**
 * A prediction worker (a piscina thread of {@link PredictPool}): computes one model's scores of one day with
 * {@link computeModelDay}. It holds the models of one committed state, loaded from the recorder store the
 * first time each is asked for; a task of another commit drops them (disposed, store closed) and loads that
 * commit's, so a swapped-in commit reloads the workers' models.
 */
import { threadId } from 'node:worker_threads';
import { FeatureStore, QlibProvider } from '@rollq/data';
import type { FeatureFrameCache } from '@rollq/online';
import {
  closeRecorderStore,
  defaultTaskComponents,
  loadRecorderModel,
  openRecorderStore,
  type RecorderModel,
  type RecorderStore,
  type TaskComponents,
} from '@rollq/workflow';
import { computeModelDay } from './model-day.js';

/** One task of a prediction worker: a model of a committed state and a day. */
export interface PredictTask {
  /** The committed state's number: the worker's models are of one commit. */
  commit: number;
  /** The state's data folder and recorder store location (a folder or a mongodb:// URL). */
  dataDir: string;
  store: string;
  recorderId: string;
  date: string;
  /** Test only: block the thread this long before computing (a computation a timeout must cut off). */
  delayMs?: number;
}

/** What a worker sends back: the day's scores and the commit (and thread) they were computed with. */
export interface PredictTaskResult {
  commit: number;
  threadId: number;
  /** How many commits this worker has loaded models of (1 for its first). */
  commitsLoaded: number;
  instruments: string[];
  scores: Float64Array;
}

interface WorkerModels {
  key: string;
  provider: QlibProvider;
  store: Promise<RecorderStore>;
  components: TaskComponents;
  models: Map<string, Promise<RecorderModel>>;
  /** Feature frames of the last few days: the models of one day share them, as in the server's thread. */
  frames: Map<string, FeatureFrameCache>;
}

/** Days whose feature frames a worker keeps (the models of a request ask for one day, some at a time). */
const FRAME_DAYS = 4;

function framesOf(w: WorkerModels, date: string): FeatureFrameCache {
  let f = w.frames.get(date);
  if (!f) {
    f = new Map();
    w.frames.set(date, f);
    if (w.frames.size > FRAME_DAYS) w.frames.delete(w.frames.keys().next().value!);
  }
  return f;
}

let current: WorkerModels | null = null;
let commitsLoaded = 0;

async function modelsOf(task: PredictTask): Promise<WorkerModels> {
  const key = `${task.commit}\u0000${task.dataDir}\u0000${task.store}`;
  if (current?.key === key) return current;
  const old = current;
  current = {
    key,
    provider: QlibProvider.open(task.dataDir),
    store: openRecorderStore(task.store),
    components: defaultTaskComponents({ featureStore: new FeatureStore() }),
    models: new Map(),
    frames: new Map(),
  };
  commitsLoaded++;
  if (old) await retire(old);
  return current;
}

async function retire(w: WorkerModels): Promise<void> {
  for (const m of w.models.values()) await m.then((x) => x.model.dispose()).catch(() => {});
  await closeRecorderStore(await w.store).catch(() => {});
}

/** The worker's entry: one model's scores of `task.date`. */
export default async function predictDay(task: PredictTask): Promise<PredictTaskResult> {
  const w = await modelsOf(task);
  let loaded = w.models.get(task.recorderId);
  if (!loaded) {
    loaded = w.store.then((s) => loadRecorderModel(s, task.recorderId, w.components));
    // a model that failed to load is tried again by the next task
    loaded.catch(() => w.models.delete(task.recorderId));
    w.models.set(task.recorderId, loaded);
  }
  const model = await loaded;
  if (task.delayMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, task.delayMs);
  const day = computeModelDay(task.recorderId, model, w.provider, task.date, framesOf(w, task.date));
  return { commit: task.commit, threadId, commitsLoaded, instruments: day.instruments, scores: day.scores };
}
