import { writeSync } from 'node:fs';
import type { FeatureFrame } from '../features/feature-frame.js';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

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
 * beside `path`, which is flushed and renamed over it only when complete, so readers never see half a file.
 */
export function writeFrameCsv(frame: FeatureFrame, path: string, opts: FrameCsvOptions = {}): { rows: number; columns: number } {
  const n = frame.rowDate.length;
  writeFileAtomicSync(path, (fd) => {
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
  });
  return { rows: n, columns: frame.columns.length };
}
