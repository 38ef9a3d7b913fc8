import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { QlibProvider } from '@rollq/data';
import type { Model } from '@rollq/model';
import { fillPlaceholders, parseTask, type TaskConfig } from '@rollq/rolling';
import { WorkflowError } from '../errors.js';
import type { RecorderStore } from '../recorder/recorder-store.js';
import { runInRecorder } from '../recorder/run-in-recorder.js';
import type { RecorderInfo } from '../recorder/schemas.js';
import { type RecordRegistry, runRecords } from '../records/record-registry.js';
import type { TaskComponents, TaskDataset, TaskProgress } from './components.js';
import { defaultTaskComponents } from './default-components.js';
import { flattenTask } from './flatten-task.js';

/** Artifact names written by the task runner (Qlib: `task`, `params.pkl`, `dataset`). */
export const TASK_ARTIFACTS = {
  /** The task definition as given (JSON), so `endTaskTrain` and other processes can rebuild it. */
  task: 'task.json',
  /** Folder prefix of the model files `model.save(dir)` wrote. */
  modelPrefix: 'model/',
  /** The dataset spec and its fitted processor state. */
  dataset: 'dataset.json',
} as const;

/** Qlib's tag for where a delayed task stands. */
export const TRAIN_STATUS_TAG = 'train_status';

/** Options of {@link taskTrain} / {@link beginTaskTrain} / {@link endTaskTrain}. */
export interface TaskTrainOptions {
  store: RecorderStore;
  /** Experiment that receives the recorder (created when missing). */
  experiment: string;
  /** Where the dataset reads its data; required to train (not to begin a delayed task). */
  provider?: QlibProvider;
  /** Qlib region of the data (`cn`, `us`, `tw`): exchange defaults of PortAnaRecord. Default `cn`. */
  region?: string;
  /** Recorder display name (Qlib's default `mlflow_recorder`). */
  recorderName?: string;
  /** How specs become datasets / models (default: the registries of @rollq/data and @rollq/model). */
  components?: TaskComponents;
  /** Record classes by name (default: SignalRecord, SigAnaRecord, PortAnaRecord). */
  records?: RecordRegistry;
  /** Receives the text records print (Qlib prints it; the CLI sends it to stdout). Default: dropped. */
  report?: (text: string) => void;
  /** Progress of dataset building, fitting and records (the CLI renders it on stderr). */
  onProgress?: (p: TaskProgress) => void;
}

/** A fitted model with the dataset spec it was trained on, as {@link loadRecorderModel} returns it. */
export interface RecorderModel {
  model: Model;
  task: TaskConfig;
  /** The fitted dataset state saved at training time (processor statistics), or null. */
  datasetState: unknown;
}

/**
 * Qlib's `task_train`: in a new recorder, log the task (flattened params, `task.json`, hostname tag),
 * build the dataset and model, fit, save the model files and the dataset state, fill `<MODEL>` /
 * `<DATASET>` in a copy of the task, and run its records. The recorder ends FINISHED, or FAILED with the
 * error (which is re-thrown). Returns the recorder as it ended.
 */
export async function taskTrain(input: TaskConfig, opts: TaskTrainOptions): Promise<RecorderInfo> {
  const task = parseTask(input); // validated once at the edge; a fresh copy, so the caller's task is never touched
  return inRecorder(opts, null, task, async (id) => {
    await logTaskInfo(opts.store, id, task);
    await executeTask(task, id, opts);
  });
}

/**
 * Qlib's `begin_task_train` (for delayed training): log the task only. The recorder ends FINISHED with no
 * model, tagged `train_status=begin_task_train`; {@link endTaskTrain} trains it later.
 */
export async function beginTaskTrain(input: TaskConfig, opts: Omit<TaskTrainOptions, 'provider'>): Promise<RecorderInfo> {
  const task = parseTask(input);
  return inRecorder(opts, null, task, async (id) => {
    await logTaskInfo(opts.store, id, task);
    await opts.store.setTags(id, { [TRAIN_STATUS_TAG]: 'begin_task_train' });
  });
}

/**
 * Qlib's `end_task_train`: reopen a recorder made by {@link beginTaskTrain}, read back its `task.json` and
 * execute it there (fit, save, records). Tags it `train_status=end_task_train`.
 */
export async function endTaskTrain(recorderId: string, opts: TaskTrainOptions): Promise<RecorderInfo> {
  return inRecorder(opts, recorderId, null, async (id) => {
    const task = parseTask(await opts.store.loadJson(id, TASK_ARTIFACTS.task), `task.json of recorder ${id}`);
    await executeTask(task, id, opts);
    await opts.store.setTags(id, { [TRAIN_STATUS_TAG]: 'end_task_train' });
  });
}

/**
 * Loads the fitted model of a recorder (in any process) with the task that trained it and the saved
 * dataset state, so predictions can be extended without re-training.
 */
export async function loadRecorderModel(
  store: RecorderStore,
  recorderId: string,
  components: TaskComponents = defaultTaskComponents(),
): Promise<RecorderModel> {
  const artifacts = await store.listArtifacts(recorderId);
  const names = artifacts.filter((n) => n.startsWith(TASK_ARTIFACTS.modelPrefix));
  if (names.length === 0) {
    throw new WorkflowError('MODEL_NOT_TRAINED', `recorder ${recorderId} has no saved model`, {
      hint: 'train it first (taskTrain, or endTaskTrain for a delayed task); begin-only recorders hold just the task',
      details: { recorderId },
    });
  }
  // models load from a folder (their own file layout), so the artifacts are laid out in a temp one
  const dir = await mkdtemp(join(tmpdir(), 'rollq-model-'));
  try {
    for (const name of names) {
      const path = join(dir, name.slice(TASK_ARTIFACTS.modelPrefix.length));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await store.loadArtifact(recorderId, name));
    }
    const model = await components.loadModel(dir);
    const task = parseTask(await store.loadJson(recorderId, TASK_ARTIFACTS.task), `task.json of recorder ${recorderId}`);
    const saved = artifacts.includes(TASK_ARTIFACTS.dataset)
      ? ((await store.loadJson(recorderId, TASK_ARTIFACTS.dataset)) as { state?: unknown })
      : null;
    return { model, task, datasetState: saved?.state ?? null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Qlib's `_log_task_info`: flattened params, the task document, the hostname tag. */
async function logTaskInfo(store: RecorderStore, id: string, task: TaskConfig): Promise<void> {
  await store.logParams(id, flattenTask(task));
  await store.saveJson(id, TASK_ARTIFACTS.task, task);
  await store.setTags(id, { hostname: hostname() });
}

/** Qlib's `_exe_task`: dataset + model, fit, save, fill placeholders, records. */
async function executeTask(task: TaskConfig, id: string, opts: TaskTrainOptions): Promise<void> {
  const { store } = opts;
  if (!opts.provider) {
    throw new WorkflowError('CONFIG_INVALID', 'training a task needs a data provider', {
      hint: 'pass `provider: await QlibProvider.open(dir)` (the workflow YAML sets it with qlib_init.provider_uri)',
    });
  }
  const components = opts.components ?? defaultTaskComponents();
  const progress = opts.onProgress ?? (() => {});
  // the model is created first so a bad model class / kwargs fails before minutes of feature computation
  const model = components.createModel(task.model);
  let dataset: TaskDataset | undefined;
  try {
    dataset = await components.buildDataset(task.dataset, opts.provider, (p) => progress({ kind: 'dataset', progress: p }));
    await model.fit(dataset, { onProgress: (p) => progress({ kind: 'fit', progress: p }) });
    await saveModel(store, id, model);
    await store.saveJson(id, TASK_ARTIFACTS.dataset, { spec: task.dataset, state: dataset.stateJson?.() ?? null });
    const filled = fillPlaceholders(task, { '<MODEL>': model, '<DATASET>': dataset });
    await runRecords(filled.record, {
      store,
      recorderId: id,
      model,
      dataset,
      provider: opts.provider,
      region: opts.region,
      report: opts.report ?? (() => {}),
      onRecord: (name) => progress({ kind: 'record', record: name }),
      registry: opts.records,
    });
  } finally {
    model.dispose();
  }
}

/** Saves the model's files as artifacts under `model/` (the store has no folders of its own). */
async function saveModel(store: RecorderStore, id: string, model: Model): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rollq-save-'));
  try {
    await model.save(dir);
    for (const rel of await listFiles(dir)) {
      await store.saveArtifact(id, TASK_ARTIFACTS.modelPrefix + rel, new Uint8Array(await readFile(join(dir, rel))));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * Runs `body` in a recorder (a new one, or `resumeId` reopened) through {@link runInRecorder}: it ends
 * FINISHED, or FAILED with the error, which is re-thrown, so a crashed task never looks finished.
 */
async function inRecorder(
  opts: Pick<TaskTrainOptions, 'store' | 'experiment' | 'recorderName'>,
  resumeId: string | null,
  task: TaskConfig | null,
  body: (id: string) => Promise<void>,
): Promise<RecorderInfo> {
  // the task also goes into the recorder's metadata, so recorders can be listed by task fields
  const runOpts = resumeId === null ? { name: opts.recorderName ?? 'mlflow_recorder', task: task as never } : { resume: resumeId };
  const { recorder } = await runInRecorder(opts.store, opts.experiment, runOpts, (rec) => body(rec.id));
  return recorder;
}
