import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { listVisibleDirs, readVersionedJson, withFileLock, writeJsonAtomic } from '@rollq/data/node-fs';
import { OnlineError } from '../errors.js';
import { USER_STATE_VERSION, UserState } from './user-state.js';

/** Folder of the users inside an online state folder. */
export const USERS_DIR = 'users';
/** Folder of removed users inside {@link USERS_DIR} (hidden: listings skip it). */
export const USERS_ARCHIVE_DIR = '.archive';
/** The lock every writer of the users holds (add, remove, routine). */
export const USERS_LOCK_FILE = '.users.lock';
/** A user's document inside its folder. */
export const USER_FILE = 'user.json';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

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

/**
 * The users of one online state on disk: `<state>/users/<id>/user.json` (plus the report files beside it),
 * `<state>/users/.archive/<id>-<timestamp>/` for removed users, and `<state>/users/.users.lock`.
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

  /** User `id`'s document; `USER_NOT_FOUND` when there is none, `USER_INVALID` when it is not rollq's. */
  async read(id: string): Promise<UserState> {
    return readVersionedJson(join(this.userDir(id), USER_FILE), UserState, {
      what: 'user document',
      errorClass: OnlineError,
      code: 'USER_INVALID',
      version: { schemaVersion: USER_STATE_VERSION },
      hint: 'restore the file from a backup or remove the user (`rollq user remove`) and add it again',
      ifMissing: {
        code: 'USER_NOT_FOUND',
        message: `no user "${id}" in ${this.dir}`,
        hint: 'list the users with `rollq user list --state <dir>`, or add this one with `rollq user add`',
      },
    });
  }

  /** Commits a user's document (one atomic write). */
  async write(user: UserState): Promise<void> {
    await writeJsonAtomic(join(this.userDir(user.id), USER_FILE), user);
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
    const lock = join(this.dir, USERS_LOCK_FILE);
    try {
      return await withFileLock(lock, fn, { timeoutMs: this.lockTimeoutMs });
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'STORE_LOCK_TIMEOUT') throw e;
      const owner = (e as { details?: { owner?: { pid: number; hostname: string } | null } }).details?.owner;
      throw new OnlineError('USERS_LOCKED', `the users of ${this.stateDir} are being written by another process`, {
        hint: `${owner ? `pid ${owner.pid} on ${owner.hostname}` : 'another rollq'} holds ${lock}; wait for it to finish (a lock left by a dead process is broken automatically)`,
        details: { lock, owner: owner ?? null },
        cause: e,
      });
    }
  }
}
