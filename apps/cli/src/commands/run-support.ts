import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ImportProgress, importUsDemoOnce, QlibProvider } from '@rollq/data';
import type { TrainProgress } from '@rollq/online';
import { type LoadedWorkflow, loadWorkflowConfig } from '@rollq/rolling';
import type { RollingProgress } from '@rollq/workflow';
import { demoDataDir } from '../shipped-files.js';

/** Shared by `rollq run` and `rollq rolling run`: loading the workflow, the data, and drawing progress. */

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
  for (const w of loaded.warnings) process.stderr.write(`rollq: note: ${w}\n`);
  return loaded;
}

/**
 * Opens the workflow's provider. When it is the default US folder and does not exist yet, the shipped
 * demo CSVs are imported there first (into a temp folder renamed into place, so an interrupted import is
 * never mistaken for data).
 */
export async function openProvider(loaded: LoadedWorkflow): Promise<QlibProvider> {
  const uri = loaded.config.qlib_init.provider_uri;
  const dir = typeof uri === 'string' ? uri : (uri.day ?? Object.values(uri)[0]!);
  if (!existsSync(dir) && resolve(dir) === defaultUsDir() && process.env[US_DATA_ENV] === undefined) {
    await importUsDemoOnce(dir, {
      dataDir: demoDataDir(),
      onProgress: renderImportProgress,
      onImport: (d) => process.stderr.write(`rollq: ${d} is missing: importing the shipped US demo data there (once)\n`),
    });
    endProgress();
  }
  return QlibProvider.open(dir);
}

let lastLine = 0;
let pending = false;

/** Writes a progress line on stderr, at most a few per second (the last one is always kept). */
function progressLine(text: string, force = false): void {
  const now = Date.now();
  if (!force && now - lastLine < 500) return;
  lastLine = now;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns ?? 120) - 1)}`);
    pending = true;
  } else {
    process.stderr.write(`${text}\n`);
  }
}

function endProgress(): void {
  if (pending) process.stderr.write('\n');
  pending = false;
}

const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '-' : v.toPrecision(5));

/** Renders task / rolling progress events on stderr. */
export function renderProgress(p: RollingProgress): void {
  switch (p.kind) {
    case 'task': {
      endProgress();
      const segs = Object.entries(p.segments)
        .map(([k, [s, e]]) => `${k} ${s ?? '…'}..${e ?? '…'}`)
        .join(', ');
      process.stderr.write(`rolling task ${p.index} of ${p.total}: ${segs}\n`);
      break;
    }
    case 'dataset': {
      endProgress();
      process.stderr.write(`dataset: ${p.progress.stage}\n`);
      break;
    }
    case 'fit': {
      const f = p.progress;
      progressLine(
        `train ${f.model}: ${f.unit} ${f.current}/${f.total}  train loss ${fmt(f.trainLoss)}  valid loss ${fmt(f.validLoss)}`,
        f.current === 1 || f.current === f.total,
      );
      break;
    }
    case 'record':
      endProgress();
      process.stderr.write(`record: ${p.record}\n`);
      break;
  }
}

/** Renders CSV import progress (rows read, then symbols written) on stderr. */
export function renderImportProgress(p: ImportProgress): void {
  if (p.phase === 'read') progressLine(`import: reading ${p.file}: ${p.rows} rows`);
  else progressLine(`import: writing ${p.symbols}/${p.totalSymbols} symbols`, p.symbols === p.totalSymbols);
}

/** Renders training progress of the online manager: one line per task, then the fit progress. */
export function renderTrainProgress(p: TrainProgress): void {
  if (p.kind === 'train-task') {
    endProgress();
    const test = p.task?.dataset?.kwargs?.segments?.test;
    process.stderr.write(
      `train ${p.experiment}: task ${p.index} of ${p.total}${test ? ` (test ${test[0] ?? '…'}..${test[1] ?? '…'})` : ''}\n`,
    );
    return;
  }
  renderProgress(p);
}

/** Ends any open progress line (call before printing results). */
export function finishProgress(): void {
  endProgress();
}

/** Where a recorder's artifacts live in a DirectoryRecorderStore. */
export function recorderDir(uriFolder: string, experiment: string, recorderId: string): string {
  return join(uriFolder, experiment, recorderId);
}
