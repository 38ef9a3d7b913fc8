import { open } from 'node:fs/promises';
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
 * Appends one line. A single write on a file opened with O_APPEND: a line shorter than PIPE_BUF is written
 * whole, so two writers never interleave and a crash leaves at most a torn last line, which
 * {@link readRoutineLog} skips (the next line starts on a line of its own). The message is cut so the line
 * stays short.
 */
export async function appendRoutineLog(stateDir: string, entry: RoutineLogEntry): Promise<void> {
  const e = { ...entry };
  if (e.message !== undefined && e.message.length > 1500) e.message = `${e.message.slice(0, 1500)}…`;
  if (e.hint !== undefined && e.hint.length > 500) e.hint = `${e.hint.slice(0, 500)}…`;
  const fh = await open(join(stateDir, ROUTINE_LOG_FILE), 'a+');
  try {
    // after a torn last line (a crash mid-write), start on a line of our own rather than extend the torn one
    const { size } = await fh.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await fh.read(last, 0, 1, size - 1);
    const lead = size > 0 && last[0] !== 0x0a ? '\n' : '';
    await fh.appendFile(`${lead}${JSON.stringify(e)}\n`);
  } finally {
    await fh.close();
  }
}

/** Bytes read from the end when only the last lines are asked for (a line is well under 4 KiB). */
const TAIL_BYTES_PER_LINE = 4096;

/**
 * The routine log's complete lines, oldest first; `last` reads only the file's tail (cheap on every poll).
 * A missing log is empty; a torn or unreadable line (a crash mid-write) is skipped.
 */
export async function readRoutineLog(stateDir: string, opts: { last?: number } = {}): Promise<RoutineLogEntry[]> {
  const path = join(stateDir, ROUTINE_LOG_FILE);
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  try {
    const { size } = await fh.stat();
    // a tail read grows until it holds `last` complete lines (a long message) or the whole file
    for (let want = opts.last === undefined ? size : (opts.last + 1) * TAIL_BYTES_PER_LINE; ; want *= 2) {
      const n = Math.min(size, want);
      const buf = Buffer.alloc(n);
      await fh.read(buf, 0, n, size - n);
      let text = buf.toString('utf8');
      // a tail read starts mid-line: drop that first partial line
      if (n < size) text = text.slice(text.indexOf('\n') + 1);
      const out = parseLines(text);
      if (opts.last === undefined) return out;
      if (out.length >= opts.last || n === size) return out.slice(-opts.last);
    }
  } finally {
    await fh.close();
  }
}

function parseLines(text: string): RoutineLogEntry[] {
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
  return out;
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
