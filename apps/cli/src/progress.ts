import type { FeatureProgress, ImportProgress } from '@rollq/data';
import type { TrainProgress } from '@rollq/online';
import type { RollingProgress } from '@rollq/workflow';

/**
 * The CLI's one progress renderer. Everything goes to stderr (stdout carries only results). On a terminal
 * the current progress line is redrawn in place; elsewhere (CI logs, pipes) each drawn state is a plain
 * line. Both are rate-limited to one draw per {@link INTERVAL_MS} (forced states, such as a first or last
 * step, always draw); counted progress ({@link progressSteps}) draws off a terminal once per tenth. A
 * {@link note} is a line that stays: it ends an open progress line first. Libraries only report progress
 * (callbacks); the renderers below turn their events into these lines.
 */

/** Least time between two draws of a progress line. */
export const INTERVAL_MS = 500;

let lastDraw = 0;
let open = false;

function onTerminal(): boolean {
  return Boolean(process.stderr.isTTY);
}

/** Draws `text` as the current progress line, unless one was drawn less than {@link INTERVAL_MS} ago (`force` draws anyway). */
export function progress(text: string, force = false): void {
  const now = Date.now();
  if (!force && now - lastDraw < INTERVAL_MS) return;
  lastDraw = now;
  if (onTerminal()) {
    // one row: cut to the terminal's width (a width of 0 or none reported: 120)
    process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns || 120) - 1)}`);
    open = true;
  } else {
    process.stderr.write(`${text}\n`);
  }
}

/** Ends an open progress line (on a terminal: moves to a fresh line). Call before printing results. */
export function endProgress(): void {
  if (open) process.stderr.write('\n');
  open = false;
}

/** The last state of a progress line, always drawn and kept (on a terminal it replaces the line in place). */
export function progressDone(text: string): void {
  progress(text, true);
  endProgress();
}

/** A line on stderr that stays (a phase, a task, a warning), after ending any open progress line. */
export function note(text: string): void {
  endProgress();
  process.stderr.write(`${text}\n`);
}

/**
 * Counted progress (`done` of `total`): on a terminal a redrawn line as {@link progress} (the last step
 * forced), elsewhere one plain line each time a new tenth of `total` is reached. One function per run.
 */
export function progressSteps(): (text: string, done: number, total: number) => void {
  let lastTenth = -1;
  return (text, done, total) => {
    if (onTerminal()) {
      progress(text, done >= total);
      return;
    }
    const tenth = Math.floor((10 * done) / Math.max(1, total));
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    lastDraw = Date.now();
    process.stderr.write(`${text}\n`);
  };
}

const fmt = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '-' : v.toPrecision(5));

/** The feature engine's progress: instruments done, then the finished frame's rows. */
export function renderFeatureProgress(p: FeatureProgress): void {
  if (p.rows === undefined) progress(`features: ${p.instruments}/${p.total} instruments`);
  else progressDone(`features: ${p.instruments}/${p.total} instruments, ${p.rows} rows`);
}

/** Task / rolling progress of `rollq run` and `rollq rolling run`: tasks, dataset stages, fitting, records. */
export function renderProgress(p: RollingProgress): void {
  switch (p.kind) {
    case 'task': {
      const segs = Object.entries(p.segments)
        .map(([k, [s, e]]) => `${k} ${s ?? '…'}..${e ?? '…'}`)
        .join(', ');
      note(`rolling task ${p.index} of ${p.total}: ${segs}`);
      break;
    }
    case 'dataset':
      if (p.progress.features) renderFeatureProgress(p.progress.features);
      else note(`dataset: ${p.progress.stage}`);
      break;
    case 'fit': {
      const f = p.progress;
      progress(
        `train ${f.model}: ${f.unit} ${f.current}/${f.total}  train loss ${fmt(f.trainLoss)}  valid loss ${fmt(f.validLoss)}`,
        f.current === 1 || f.current === f.total,
      );
      break;
    }
    case 'record':
      note(`record: ${p.record}`);
      break;
  }
}

/** Training progress of the online manager: one line per task, then the task's own progress. */
export function renderTrainProgress(p: TrainProgress): void {
  if (p.kind === 'train-task') {
    const test = p.task?.dataset?.kwargs?.segments?.test;
    note(`train ${p.experiment}: task ${p.index} of ${p.total}${test ? ` (test ${test[0] ?? '…'}..${test[1] ?? '…'})` : ''}`);
    return;
  }
  renderProgress(p);
}

/** The import of the shipped demo data on first use (run, rolling, online, demo): rows read, then symbols written. */
export function renderImportProgress(p: ImportProgress): void {
  if (p.phase === 'read') progress(`import: reading ${p.file}: ${p.rows} rows`);
  else progress(`import: writing ${p.symbols}/${p.totalSymbols} symbols`, p.symbols === p.totalSymbols);
}

/** A renderer for one `rollq data import`: rows read, then symbols written (off a terminal once per tenth). */
export function csvImportProgress(): (p: ImportProgress) => void {
  const step = progressSteps();
  return (p) => {
    if (p.phase === 'read') progress(`reading ${p.file}: ${p.rows} rows`);
    else step(`writing: ${p.symbols}/${p.totalSymbols} symbols`, p.symbols, p.totalSymbols);
  };
}

/** The line a library warning becomes (the libraries' own default writes the same text). */
export function warnLine(message: string): void {
  note(`rollq: warning: ${message}`);
}

/** A report of @rollq/model (the TensorFlow.js backend, the LightGBM engine; once per process), as the line it always was. */
export function modelLine(message: string): void {
  note(`[rollq/model] ${message}`);
}
