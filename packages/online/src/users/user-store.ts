import { existsSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isHiddenName, listVisibleDirs, readVersionedJson, writeJsonAtomic } from '@rollq/data/node-fs';
import { OnlineError } from '../errors.js';
import { withWriterLock } from '../manager/writer-lock.js';
import { USER_STATE_VERSION, UserDay, UserRecord, type UserState } from './user-state.js';

/** Folder of the users inside an online state folder. */
export const USERS_DIR = 'users';
/** Folder of removed users inside {@link USERS_DIR} (hidden: listings skip it). */
export const USERS_ARCHIVE_DIR = '.archive';
/** The lock every writer of the users holds (add, remove, routine). */
export const USERS_LOCK_FILE = '.users.lock';
/** A user's document inside its folder. */
export const USER_FILE = 'user.json';
/** Folder of a user's journal (one `<date>.json` per trading day) inside its folder. */
export const USER_DAYS_DIR = 'days';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** Throws `USER_ID_INVALID` unless `id` can name a folder on every platform. */
export function validateUserId(id: string): string {
  if (!USER_ID.test(id)) {
    throw new OnlineError('USER_ID_INVALID', `user id "${id}" is not valid`, {
      hint: 'use 1-64 letters, digits, _ or -, starting with a letter or digit',
    });
  }
  return id;
}

/** `20261201T125700123Z`: a timestamp that sorts and can be part of a file name. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

const REPAIR_HINT = 'restore the user folder from a backup, or remove the user (`rollq user remove`) and add it again';

/**
 * The users of one online state on disk: `<state>/users/<id>/user.json` with the journal in
 * `<id>/days/<date>.json` (and the report files beside them), `<state>/users/.archive/<id>-<timestamp>/`
 * for removed users, and `<state>/users/.users.lock`.
 */
export class UserStore {
  readonly dir: string;

  constructor(
    readonly stateDir: string,
    private readonly lockTimeoutMs = 30_000,
  ) {
    this.dir = join(stateDir, USERS_DIR);
  }

  /** The folder of user `id`. */
  userDir(id: string): string {
    return join(this.dir, validateUserId(id));
  }

  exists(id: string): boolean {
    return existsSync(join(this.userDir(id), USER_FILE));
  }

  /** The ids of the users, sorted. */
  async ids(): Promise<string[]> {
    const dirs = await listVisibleDirs(this.dir);
    return dirs.filter((d) => USER_ID.test(d) && existsSync(join(this.dir, d, USER_FILE))).sort();
  }

  /** User `id`'s settings and account (no journal); `USER_NOT_FOUND` when there is none, `USER_INVALID` when it is not rollq's. */
  async readRecord(id: string): Promise<UserRecord> {
    return readVersionedJson(join(this.userDir(id), USER_FILE), UserRecord, {
      what: 'user document',
      errorClass: OnlineError,
      code: 'USER_INVALID',
      version: { schemaVersion: USER_STATE_VERSION },
      hint: REPAIR_HINT,
      ifMissing: {
        code: 'USER_NOT_FOUND',
        message: `no user "${id}" in ${this.dir}`,
        hint: 'list the users with `rollq user list --state <dir>`, or add this one with `rollq user add`',
      },
    });
  }

  /**
   * User `id` with its journal: the day files up to its `lastDate` (a later one is a day a crash left
   * uncommitted, ignored and later overwritten).
   */
  async read(id: string): Promise<UserState> {
    const rec = await this.readRecord(id);
    const dir = join(this.userDir(id), USER_DAYS_DIR);
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((n) => !isHiddenName(n));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const dates = names
      .map((n) => DAY_FILE.exec(n)?.[1])
      .filter((d): d is string => d !== undefined && d > rec.addDate && d <= rec.lastDate)
      .sort();
    if (dates.length !== rec.dayCount) {
      throw new OnlineError(
        'USER_INVALID',
        `user "${id}" names ${rec.dayCount} trading days but ${dir} holds ${dates.length} up to ${rec.lastDate}`,
        {
          hint: REPAIR_HINT,
        },
      );
    }
    const days: UserDay[] = [];
    for (const d of dates) {
      days.push(
        await readVersionedJson(join(dir, `${d}.json`), UserDay, {
          what: 'user journal day',
          errorClass: OnlineError,
          code: 'USER_INVALID',
          hint: REPAIR_HINT,
          ifMissing: { code: 'USER_INVALID', message: `${join(dir, `${d}.json`)} disappeared`, hint: REPAIR_HINT },
        }),
      );
    }
    return { ...rec, days };
  }

  /** Writes a new user's document (one atomic write). */
  async create(rec: UserRecord): Promise<void> {
    await writeJsonAtomic(join(this.userDir(rec.id), USER_FILE), UserRecord.parse(rec));
  }

  /**
   * Commits one trading day of a user: the day's journal file, then `user.json` naming it (the commit). Both
   * writes are atomic; a crash between them leaves a day file past `lastDate`, which readers ignore.
   */
  async commitDay(rec: UserRecord, day: UserDay): Promise<void> {
    const dir = this.userDir(rec.id);
    await writeJsonAtomic(join(dir, USER_DAYS_DIR, `${day.date}.json`), day);
    await writeJsonAtomic(join(dir, USER_FILE), rec);
  }

  /** Moves user `id`'s folder to `.archive/<id>-<timestamp>/` in one rename; returns the archive folder. */
  async archive(id: string, now = new Date()): Promise<string> {
    const from = this.userDir(id);
    const archive = join(this.dir, USERS_ARCHIVE_DIR);
    await mkdir(archive, { recursive: true });
    const to = join(archive, `${id}-${stamp(now)}`);
    await rename(from, to);
    return to;
  }

  /** Runs `fn` as the only writer of the users (across processes); a second one waits, then fails with `USERS_LOCKED`. */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return withWriterLock(join(this.dir, USERS_LOCK_FILE), fn, {
      timeoutMs: this.lockTimeoutMs,
      code: 'USERS_LOCKED',
      what: `the users of ${this.stateDir}`,
    });
  }
}
