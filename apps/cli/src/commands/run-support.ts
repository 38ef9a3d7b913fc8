import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importUsDemoOnce, QlibProvider } from '@rollq/data';
import { isRollqError } from '@rollq/data/errors';
import { type LoadedWorkflow, loadWorkflowConfig } from '@rollq/rolling';
import { DirectoryRecorderStore, locationScheme, type RecorderStore, validateWorkflow, workflowExperiment } from '@rollq/workflow';
import { endProgress, note, renderImportProgress } from '../progress.js';
import { demoDataDir } from '../shipped-files.js';
import { routeModelLogs } from './model-logs.js';

/** Shared by `rollq run`, `rollq rolling` and `rollq online`: loading the workflow and its data. */

/** Env var of the shipped US examples; unset, it defaults to `.cache/us_qlib` under the current folder. */
export const US_DATA_ENV = 'ROLLQ_US_DATA';

function defaultUsDir(): string {
  return resolve('.cache', 'us_qlib');
}

/**
 * Loads and validates the whole workflow file (errors carry file:line:col) with `${ROLLQ_US_DATA}`
 * defaulted, and prints the loader's notes (ignored module_path, unknown keys) on stderr.
 */
export function loadWorkflow(path: string): LoadedWorkflow {
  const env = { [US_DATA_ENV]: defaultUsDir(), ...process.env };
  const loaded = loadWorkflowConfig(path, { env });
  for (const w of loaded.warnings) note(`rollq: note: ${w}`);
  return loaded;
}

/**
 * The data folder of a workflow: `qlib_init.provider_uri`, or, when it maps frequencies to folders, its
 * `day` entry, else its first (rollq reads daily data; the loader made the paths absolute).
 */
export function providerDir(loaded: LoadedWorkflow): string {
  const uri = loaded.config.qlib_init.provider_uri;
  return typeof uri === 'string' ? uri : (uri.day ?? Object.values(uri)[0]!);
}

/**
 * Opens the workflow's provider (see {@link providerDir}). When it is the default US folder and does not
 * exist yet, the shipped demo CSVs are imported there first (into a temp folder renamed into place, so an
 * interrupted import is never mistaken for data).
 */
export async function openProvider(loaded: LoadedWorkflow): Promise<QlibProvider> {
  const dir = providerDir(loaded);
  if (!existsSync(dir) && resolve(dir) === defaultUsDir() && process.env[US_DATA_ENV] === undefined) {
    await importUsDemoOnce(dir, {
      dataDir: demoDataDir(),
      onProgress: renderImportProgress,
      onImport: (d) => note(`rollq: ${d} is missing: importing the shipped US demo data there (once)`),
    });
    endProgress();
  }
  return QlibProvider.open(dir);
}

/**
 * Where the store keeps a recorder, for the closing line of a run: the folder a DirectoryRecorderStore
 * gives it, else `<experiment>/<id>` inside the store.
 */
export function recorderLocation(store: RecorderStore, experiment: string, recorderId: string): string {
  return store instanceof DirectoryRecorderStore ? store.recorderPath(experiment, recorderId) : `${experiment}/${recorderId}`;
}

/**
 * Runs `fn`, a run that records into the store folder `uri`. When it fails on the user's input (a usage
 * error, exit 2: an unknown handler, market or symbol, a segment outside the data, …), the recorders it left
 * (`FAILED`, started after `fn` began) are removed, then the experiment folders and the store folder it
 * created when they hold nothing else: a bad workflow leaves the folder as it was. A runtime failure keeps
 * its `FAILED` recorder, as Qlib's mlruns does. A URL store (`mongodb://…`) is left as it is: a shared
 * database has other writers (workers), whose runs a time-window sweep could take for ours; the run's
 * recorder stays there `FAILED`.
 */
export async function keepStoreOnUsageError<T>(uri: string, fn: () => Promise<T>): Promise<T> {
  if (locationScheme(uri) !== null) return fn();
  const existed = existsSync(uri);
  const before = new Set(existed ? readdirSync(uri) : []);
  const started = new Date().toISOString();
  try {
    return await fn();
  } catch (e) {
    if (isRollqError(e) && e.exitCode === 2 && existsSync(uri)) removeFailedRuns(uri, existed, before, started);
    throw e;
  }
}

function removeFailedRuns(uri: string, existed: boolean, before: ReadonlySet<string>, started: string): void {
  const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  for (const experiment of readdirSync(uri)) {
    const dir = join(uri, experiment);
    if (!isDir(dir)) continue;
    for (const id of readdirSync(dir)) {
      let meta: { status?: unknown; startTime?: unknown } | null = null;
      try {
        meta = JSON.parse(readFileSync(join(dir, id, 'meta.json'), 'utf8'));
      } catch {
        continue;
      }
      if (meta?.status === 'FAILED' && typeof meta.startTime === 'string' && meta.startTime >= started)
        rmSync(join(dir, id), { recursive: true, force: true });
    }
    if (!before.has(experiment) && !readdirSync(dir).some((f) => isDir(join(dir, f)))) rmSync(dir, { recursive: true, force: true });
  }
  if (!existed && readdirSync(uri).length === 0) rmSync(uri, { recursive: true, force: true });
}

/** What `rollq run` and `rollq rolling run` start from: the checked workflow, its data, the experiment, the store folder. */
export interface PreparedRun {
  loaded: LoadedWorkflow;
  provider: QlibProvider;
  experiment: string;
  /** The recorder store (`--uri_folder`): a folder made absolute, or a URL such as `mongodb://…` as given. */
  uri: string;
}

/**
 * The common start of `rollq run` and `rollq rolling run`: model logs routed to the CLI, the workflow loaded
 * and its task checked before any feature is computed, the data opened (imported on first use), the
 * experiment named.
 */
export async function prepareRun(workflow: string, opts: { experiment_name?: string; uri_folder: string }): Promise<PreparedRun> {
  routeModelLogs();
  const loaded = loadWorkflow(workflow);
  validateWorkflow(loaded.config, { file: loaded.path });
  const provider = await openProvider(loaded);
  return {
    loaded,
    provider,
    experiment: workflowExperiment(loaded.config, opts.experiment_name),
    uri: locationScheme(opts.uri_folder) === null ? resolve(opts.uri_folder) : opts.uri_folder,
  };
}

/** Prints a record's report (a table, a dict) on stdout, after any progress line, ending with a newline. */
export function printReport(text: string): void {
  endProgress();
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
