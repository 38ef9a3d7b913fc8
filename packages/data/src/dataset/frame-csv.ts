import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FeatureFrame } from '../features/feature-frame.js';
import { siblingTempPath } from '../storage/atomic.js';

/** Rows per write: large enough for few syscalls, small enough to keep memory flat for big frames. */
const CHUNK_ROWS = 4096;

/** Options of {@link writeFrameCsv}. */
export interface FrameCsvOptions {
  /** Called after each chunk with rows written and total rows (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** A value as CSV text: shortest round-trip decimal, empty for NaN (as pandas `to_csv` writes it). */
function cell(v: number): string {
  return v === v ? String(v) : '';
}

/**
 * Writes a frame as CSV (`datetime,instrument,` then its columns) atomically: rows stream to a temp file
 * beside `path`, which is renamed over it only when complete, so readers never see half a file.
 */
export function writeFrameCsv(frame: FeatureFrame, path: string, opts: FrameCsvOptions = {}): { rows: number; columns: number } {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = siblingTempPath(path, 'tmp');
  const fd = openSync(tmp, 'w');
  const n = frame.rowDate.length;
  try {
    writeSync(fd, `${['datetime', 'instrument', ...frame.columns].join(',')}\n`);
    for (let lo = 0; lo < n; lo += CHUNK_ROWS) {
      const hi = Math.min(n, lo + CHUNK_ROWS);
      const lines: string[] = [];
      for (let r = lo; r < hi; r++) {
        let line = `${frame.calendar[frame.rowDate[r]!]},${frame.instruments[frame.rowInstrument[r]!]}`;
        for (const col of frame.values) line += `,${cell(col[r]!)}`;
        lines.push(line);
      }
      writeSync(fd, `${lines.join('\n')}\n`);
      opts.onProgress?.(hi, n);
    }
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw e;
  }
  return { rows: n, columns: frame.columns.length };
}
