import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError } from '../errors.js';
import { type DirectoryRecovery, directoryLockPath, recoverDirectory, replaceDirectory, tempPathFor } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import { isProcessAlive, type ProcessIdentity } from '../fs/process-alive.js';
import { readCalendarFile } from '../storage/qlib-provider.js';
import { defaultWarn } from '../warn.js';
import { type ImportCsvOptions, parseImportOptions, type ResolvedImportOptions } from './options.js';
import { planFullImport } from './plan-full.js';
import { planUpdate } from './plan-update.js';
import { listCsvInputs, readPanel } from './read-panel.js';
import { applyPlan } from './write-plan.js';

/** What an import did. */
export interface ImportResult {
  out: string;
  mode: 'all' | 'update';
  /** The calendar of the directory after the import. */
  calendar: { start: string; end: string; days: number };
  /** Calendar days this import added (all of them for mode `all`). */
  newDays: number;
  /** Symbols whose features this import wrote or extended. */
  symbols: number;
  /** Symbols listed in instruments/all.txt afterwards. */
  instruments: number;
  fields: string[];
  /** CSV rows accepted (after the start/end filter). */
  rows: number;
  seconds: number;
  /** What an earlier, interrupted import had left beside `out` and this one repaired first. */
  recovered: DirectoryRecovery;
}

/**
 * Imports daily CSV data into a Qlib data directory (Qlib's `scripts/dump_bin.py dump_all` /
 * `dump_update`). `out` is checked first (a file, or a folder that cannot be created or written to, fails
 * at once); the whole import then holds the folder's lock. The input is read and validated completely
 * before anything is written; the result is built in a temp directory beside `out` and swapped into place
 * (`replaceDirectory`), so a failed import leaves `out` exactly as it was. A killed one leaves `out` old or
 * new plus leftovers beside it, which the next import repairs first (`recoverDirectory`).
 */
export async function importCsv(options: ImportCsvOptions): Promise<ImportResult> {
  const t0 = performance.now();
  const opts = parseImportOptions(options);
  const out = resolve(opts.out);
  const created = prepareTarget(out);
  try {
    return await withImportLock(out, opts, () => importLocked(opts, out, t0));
  } catch (e) {
    // folders made for `out` go again when the import fails (innermost first; only while empty)
    for (const dir of created.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        break;
      }
    }
    throw e;
  }
}

/**
 * Checks `out` before any work: it must not be a file, nor lie under one, and the folders above it are made
 * one level at a time (a recursive mkdir spins forever under /proc). Returns the folders it created.
 */
function prepareTarget(out: string): string[] {
  const bad = (message: string, hint: string, cause?: unknown) =>
    new DataError('IMPORT_TARGET_INVALID', message, { hint, details: { out }, ...(cause ? { cause } : {}) });
  if (dirname(out) === out) throw bad(`--out ${out} is the root of the file system`, 'choose a folder for the data, e.g. ./qlib_data');
  const st = statOrNone(out);
  if (st && !st.isDirectory()) throw bad(`--out ${out} is a file, not a directory`, 'choose a directory path for --out');
  const missing: string[] = [];
  let above = dirname(out);
  let ast = statOrNone(above);
  while (!ast && dirname(above) !== above) {
    missing.push(above);
    above = dirname(above);
    ast = statOrNone(above);
  }
  if (ast && !ast.isDirectory()) {
    throw bad(`--out ${out} lies under ${above}, which is a file`, 'choose a --out whose parent folders are folders');
  }
  const created: string[] = [];
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
      created.push(dir);
    } catch (e) {
      for (const d of created.reverse()) rmSync(d, { recursive: true, force: true });
      throw bad(`--out ${out}: cannot create the folder ${dir} (${errnoText(e)})`, 'choose a --out in a folder you can write to', e);
    }
  }
  return created;
}

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  // `EACCES: permission denied, open '/x/.y'` → `EACCES: permission denied`
  return err.code ? err.message.replace(/, \w+ '.*'$/, '') : String(e);
}

/** stat of `path`, or undefined when nothing is there (also when a file sits where a folder on the way should be). */
function statOrNone(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * Runs `fn` holding the lock of data folder `out` (`.<name>.rollq-lock` beside it; the one file lock of
 * fs/file-lock.ts): one writer per data folder, so two imports never interleave and lose an update. A
 * second importer says whom it waits for, then gives up after `lockTimeoutMs` with an error naming the
 * holder; a lock whose process has died is taken over.
 */
async function withImportLock<T>(out: string, opts: ResolvedImportOptions, fn: () => Promise<T>): Promise<T> {
  const lock = directoryLockPath(out);
  const warn = opts.warn ?? defaultWarn;
  const holder = lockHolder(lock);
  if (holder && isProcessAlive(holder)) {
    warn(`${out} is being written by another import (${describeHolder(holder)}); waiting up to ${opts.lockTimeoutMs / 1000} s for it`);
  }
  let entered = false;
  try {
    return await withFileLock(
      lock,
      () => {
        entered = true;
        return fn();
      },
      { timeoutMs: opts.lockTimeoutMs },
    );
  } catch (e) {
    if (!entered && !(e instanceof DataError)) {
      // the lock file could not be created: the folder above `out` is not writable (read-only, /proc, ...)
      throw new DataError('IMPORT_TARGET_INVALID', `--out ${out}: cannot write in ${dirname(out)} (${errnoText(e)})`, {
        hint: 'choose a --out in a folder you can write to',
        details: { out, lock },
        cause: e,
      });
    }
    if (!(e instanceof DataError && e.code === 'STORE_LOCK_TIMEOUT')) throw e;
    const owner = (e.details?.owner as ProcessIdentity | null | undefined) ?? lockHolder(lock);
    throw new DataError(
      'IMPORT_TARGET_INVALID',
      `--out ${out} is being written by another import (${owner ? describeHolder(owner) : 'holder unknown'}), still after ${opts.lockTimeoutMs / 1000} s`,
      {
        hint: `one import at a time per data folder: wait for that one to finish, then run this one again (a lock left by a process that has died is taken over by itself; the lock file is ${lock})`,
        details: { out, lock, owner },
        cause: e,
      },
    );
  }
}

/** The owner written in a lock file, or null when there is none (or it is unreadable). */
function lockHolder(lock: string): ProcessIdentity | null {
  try {
    const v = JSON.parse(readFileSync(lock, 'utf8')) as Partial<ProcessIdentity>;
    return typeof v.pid === 'number' && typeof v.hostname === 'string' ? { pid: v.pid, hostname: v.hostname } : null;
  } catch {
    return null;
  }
}

function describeHolder(h: ProcessIdentity): string {
  return `pid ${h.pid} on ${h.hostname}`;
}

async function importLocked(opts: ResolvedImportOptions, out: string, t0: number): Promise<ImportResult> {
  const recovered = recoverDirectory(out);
  if (recovered.restored || recovered.removed.length) {
    (opts.warn ?? defaultWarn)(
      `an earlier import into ${out} was interrupted: ${recovered.restored ? `restored the previous copy from ${recovered.restored}; ` : ''}removed ${recovered.removed.length} leftover(s) beside it`,
    );
  }
  if (opts.mode === 'update') requireQlibDir(out);
  else refuseForeignDir(out);

  const inputs = listCsvInputs(opts.csv);
  if (opts.symbol && inputs.length > 1) {
    throw new DataError(
      'CONFIG_INVALID',
      `--symbol ${opts.symbol} names one instrument, but ${opts.csv} is a folder of ${inputs.length} files`,
      {
        hint: 'use --symbol only with a single CSV file; a folder takes each symbol from its file name',
      },
    );
  }
  const { symbolField, dateField, fields, symbol, start, end, onProgress } = opts;
  const panel = await readPanel(inputs, { symbolField, dateField, fields, symbol, start, end, onProgress });
  const oldDays = opts.mode === 'update' ? readCalendarFile(join(out, 'calendars', 'day.txt')).length : 0;
  const plan = opts.mode === 'all' ? planFullImport(panel, opts.market) : planUpdate(out, panel, opts.market);

  const build = tempPathFor(out, 'build');
  try {
    // update: start from a full copy, so the live directory is never written to and the swap is all-or-nothing
    if (opts.mode === 'update') cpSync(out, build, { recursive: true });
    else mkdirSync(build, { recursive: true });
    applyPlan(build, plan, opts.onProgress);
    replaceDirectory(build, out);
  } catch (e) {
    rmSync(build, { recursive: true, force: true });
    if (e instanceof DataError) throw e;
    throw new DataError('IMPORT_FAILED', `writing ${out} failed: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'the target was left as it was; check free disk space and write permission on its parent folder',
      cause: e,
      details: { out },
    });
  }

  const calendar = readCalendarFile(join(out, 'calendars', 'day.txt'));
  return {
    out,
    mode: opts.mode,
    calendar: { start: calendar.first, end: calendar.last, days: calendar.length },
    newDays: calendar.length - oldDays,
    symbols: new Set(plan.features.map((w) => w.symbol)).size,
    instruments: plan.instruments.get('all')!.size,
    fields: panel.fields,
    rows: panel.rows,
    seconds: (performance.now() - t0) / 1000,
    recovered,
  };
}

function requireQlibDir(out: string): void {
  if (!existsSync(join(out, 'calendars', 'day.txt'))) {
    throw new DataError('PROVIDER_NOT_FOUND', `--mode update needs an existing Qlib data directory, but ${out} has no calendars/day.txt`, {
      hint: 'run the first import with --mode all (the default)',
      details: { out },
    });
  }
}

/** Mode `all` replaces `out`; never replace a non-empty folder that is not a Qlib data directory. */
function refuseForeignDir(out: string): void {
  if (!existsSync(out)) return; // a file is refused earlier, by prepareTarget
  if (readdirSync(out).length > 0 && !existsSync(join(out, 'calendars'))) {
    throw new DataError(
      'IMPORT_TARGET_INVALID',
      `--out ${out} is a non-empty folder that is not a Qlib data directory; an import would replace it`,
      {
        hint: 'choose a new or empty folder for --out',
        details: { out },
      },
    );
  }
}
