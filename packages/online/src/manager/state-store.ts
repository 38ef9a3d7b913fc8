import { type Dirent, existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PredictionColumns } from '@rollq/data';
import { isProcessAlive, writeFileAtomic } from '@rollq/data/node-fs';
import { readSignalFile, removeSignalFile, writeSignalFile } from './signal-file.js';
import { readState, STATE_FILE, writeState } from './state-file.js';
import { ManagerState } from './state-schema.js';
import { withWriterLock } from './writer-lock.js';

/** File of the state folder's writer lock (one writer per state: init, routine, simulate, rollback). */
export const STATE_LOCK_FILE = '.state.lock';

/**
 * Where a manager's state lives and how it commits: the state document, the signal files it points at, and
 * the writer lock. The manager is the only writer; the directory implementation is the default, and the
 * seam lets a test fail a commit on purpose or a later store keep the state elsewhere.
 */
export interface ManagerStateStore {
  /** Where the state is (a folder path for the directory store), for messages. */
  readonly location: string;
  /** True when a committed state exists. */
  exists(): Promise<boolean>;
  /** The committed state; `STATE_NOT_FOUND` / `STATE_INVALID` otherwise. */
  read(): Promise<ManagerState>;
  /**
   * Commits `next` after `prev`: writes `signals` (when given) under a new name, then the state document
   * atomically (that write is the commit), then drops the signal file `prev` pointed at if no longer used.
   * Returns the committed state.
   */
  commit(prev: ManagerState, next: ManagerState, signals: PredictionColumns | null | undefined): Promise<ManagerState>;
  /** A signal file of a committed state. */
  readSignals(file: string): Promise<PredictionColumns>;
  /** Runs `fn` as the state's only writer (across processes); a second writer waits, then fails with `STATE_LOCKED`. */
  withWriteLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Keeps a text file beside the state (the workflow a strategy came from), atomically. */
  writeAttachment(name: string, text: string): Promise<void>;
  /** Removes what a failed `init` created (nothing when a state was committed). */
  discardInit(): Promise<void>;
}

/** Options of {@link DirectoryStateStore}. */
export interface DirectoryStateStoreOptions {
  /** How long a second writer waits for the lock before `STATE_LOCKED` (default 30 000 ms). */
  lockTimeoutMs?: number;
}

/**
 * The default {@link ManagerStateStore}: `<dir>/state.json` plus `<dir>/signals/`, locked by `<dir>/.state.lock`.
 *
 * @example
 * ```ts
 * const states = new DirectoryStateStore('state/');
 * await states.withWriteLock(async () => console.log((await states.read()).curTime));
 * ```
 */
export class DirectoryStateStore implements ManagerStateStore {
  private createdDir = false;
  private readonly preexisting = new Set<string>();

  constructor(
    readonly location: string,
    private readonly opts: DirectoryStateStoreOptions = {},
  ) {}

  async exists(): Promise<boolean> {
    return existsSync(join(this.location, STATE_FILE));
  }

  read(): Promise<ManagerState> {
    return readState(this.location);
  }

  async commit(prev: ManagerState, next: ManagerState, signals: PredictionColumns | null | undefined): Promise<ManagerState> {
    next.commit = prev.commit + 1;
    const oldFile = prev.signals?.file;
    if (signals) {
      const file = await writeSignalFile(this.location, next.commit, signals);
      next.signals = { file, maxDate: signals.datetime[signals.datetime.length - 1] ?? null, rows: signals.datetime.length };
    }
    await writeState(this.location, next);
    const committed = ManagerState.parse(next);
    if (oldFile && oldFile !== committed.signals?.file) await removeSignalFile(this.location, oldFile);
    return committed;
  }

  readSignals(file: string): Promise<PredictionColumns> {
    return readSignalFile(this.location, file);
  }

  async withWriteLock<T>(fn: () => Promise<T>): Promise<T> {
    if (!existsSync(this.location)) {
      // remembered so that a failed init removes the folder it made, and only that
      await mkdir(this.location, { recursive: true });
      this.createdDir = true;
    } else if (!this.createdDir && this.preexisting.size === 0) {
      for (const name of await readdir(this.location)) this.preexisting.add(name);
    }
    return withWriterLock(
      join(this.location, STATE_LOCK_FILE),
      async () => {
        await removeStaleTempFiles(this.location);
        return fn();
      },
      { timeoutMs: this.opts.lockTimeoutMs ?? 30_000, code: 'STATE_LOCKED', what: `the online state ${this.location}` },
    );
  }

  async writeAttachment(name: string, text: string): Promise<void> {
    await writeFileAtomic(join(this.location, name), text);
  }

  async discardInit(): Promise<void> {
    if (await this.exists()) return;
    if (this.createdDir) {
      await rm(this.location, { recursive: true, force: true });
      return;
    }
    for (const name of await readdir(this.location)) {
      if (!this.preexisting.has(name) && name !== STATE_LOCK_FILE) await rm(join(this.location, name), { recursive: true, force: true });
    }
  }
}

/** A temp file of an atomic write (`tempPathFor`: `.<name>.rollq-tmp-<pid>-<n>-<hex>`); group 1 is the writer's pid. */
const TEMP_FILE = /\.rollq-tmp-(\d+)-\d+-[0-9a-f]+$/;

/**
 * Removes, anywhere under the state folder, the temp files of atomic writes whose process has died (a kill
 * between writing the temp file and renaming it: state, signals, recorder meta and artifacts, the lock's
 * own temp file). Readers ignore them, so this is only tidying, done by the one writer that holds the lock.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const host = hostname();
  const walk = async (d: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return; // removed meanwhile, or not a folder
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        await walk(p);
        continue;
      }
      const m = TEMP_FILE.exec(e.name);
      if (!m || isProcessAlive({ pid: Number(m[1]), hostname: host })) continue;
      await rm(p, { force: true });
      removed.push(p);
    }
  };
  await walk(dir);
  return removed;
}
