import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';

/** The routine log beside the state: one JSON line per routine / simulate, its outcome included. */
export const ROUTINE_LOG_FILE = 'routines.jsonl';

/** One line of the routine log. */
export interface RoutineLogEntry {
  /** Wall-clock ISO time the routine ended. */
  at: string;
  /** `routine` or `simulate`. */
  kind: 'routine' | 'simulate';
  /** The routine's trading day (a simulation's last day), or null when it failed before one was known. */
  date: string | null;
  outcome: 'ok' | 'failed';
  /** The error's code (a rollq error), when it failed. */
  code?: string;
  message?: string;
  /** How to fix it, when the error says. */
  hint?: string;
  durationMs: number;
  /** The committed state version after the routine (on failure: the unchanged one). */
  commit: number;
}

/**
 * Appends one line. A single `appendFile` on a file opened with O_APPEND: a line shorter than PIPE_BUF is
 * written whole, so two writers never interleave and a crash leaves at most a torn last line, which
 * {@link readRoutineLog} skips. The message is cut so the line stays short.
 */
export async function appendRoutineLog(stateDir: string, entry: RoutineLogEntry): Promise<void> {
  const e = { ...entry };
  if (e.message !== undefined && e.message.length > 1500) e.message = `${e.message.slice(0, 1500)}…`;
  if (e.hint !== undefined && e.hint.length > 500) e.hint = `${e.hint.slice(0, 500)}…`;
  await appendFile(join(stateDir, ROUTINE_LOG_FILE), `${JSON.stringify(e)}\n`, { flag: 'a' });
}

/** Bytes read from the end when only the last lines are asked for (a line is well under 4 KiB). */
const TAIL_BYTES_PER_LINE = 4096;

/**
 * The routine log's complete lines, oldest first; `last` reads only the file's tail (cheap on every poll).
 * A missing log is empty; a torn or unreadable line (a crash mid-write) is skipped.
 */
export async function readRoutineLog(stateDir: string, opts: { last?: number } = {}): Promise<RoutineLogEntry[]> {
  const path = join(stateDir, ROUTINE_LOG_FILE);
  let text: string;
  try {
    const fh = await open(path, 'r');
    try {
      const { size } = await fh.stat();
      const want = opts.last === undefined ? size : Math.min(size, (opts.last + 1) * TAIL_BYTES_PER_LINE);
      const buf = Buffer.alloc(want);
      await fh.read(buf, 0, want, size - want);
      text = buf.toString('utf8');
      // a tail read starts mid-line: drop that first partial line
      if (want < size) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      await fh.close();
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: RoutineLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as RoutineLogEntry;
      if (v && typeof v === 'object' && (v.outcome === 'ok' || v.outcome === 'failed')) out.push(v);
    } catch {
      // a line cut short by a crash
    }
  }
  return opts.last === undefined ? out : out.slice(-opts.last);
}

/**
 * Runs a routine and logs its outcome: ok with the commit after, or failed with the error's code, message
 * and hint and the unchanged commit; the error is rethrown as is. A log that cannot be written does not
 * fail the routine (it is reported through `warn`).
 */
export async function loggedRoutine<T>(
  stateDir: string | null,
  kind: RoutineLogEntry['kind'],
  dateOf: () => string | null,
  commitOf: () => number,
  warn: (m: string) => void,
  run: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  const write = async (e: Omit<RoutineLogEntry, 'at' | 'kind' | 'date' | 'durationMs' | 'commit'>) => {
    if (stateDir === null) return;
    const entry: RoutineLogEntry = {
      at: new Date().toISOString(),
      kind,
      date: dateOf(),
      ...e,
      durationMs: Math.round(performance.now() - t0),
      commit: commitOf(),
    };
    await appendRoutineLog(stateDir, entry).catch((err) => warn(`cannot append to the routine log: ${(err as Error).message}`));
  };
  try {
    const out = await run();
    await write({ outcome: 'ok' });
    return out;
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; hint?: unknown };
    await write({
      outcome: 'failed',
      ...(typeof err?.code === 'string' ? { code: err.code } : {}),
      message: typeof err?.message === 'string' ? err.message : String(e),
      ...(typeof err?.hint === 'string' ? { hint: err.hint } : {}),
    });
    throw e;
  }
}
