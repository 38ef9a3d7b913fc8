import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkflowError } from '../errors.js';
import { DirectoryRecorderStore } from './directory-store.js';
import type { RecorderStore } from './recorder-store.js';

/** Opens the store at a location of its scheme (the whole location string, scheme included). */
export type RecorderStoreOpener = (location: string) => RecorderStore | Promise<RecorderStore>;

/** `scheme` of a location such as `mongodb://host/db` (lower case), or null for a plain path. */
export function locationScheme(location: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Chooses a {@link RecorderStore} from a location, once, at the edge (tfjs's IO router by URL scheme): a
 * folder path or `file://…` opens a {@link DirectoryRecorderStore}; `mongodb://…` and `mongodb+srv://…` open
 * the MongoDB store (`@rollq/workflow/mongo`, loaded only then); other schemes open whatever was registered
 * for them. A store that holds connections has `close()` ({@link closeRecorderStore}). A value, not a global:
 * each program builds one and may add its own schemes.
 *
 * @example
 * ```ts
 * const router = new RecorderStoreRouter();
 * router.register('memory', () => new MyMemoryStore());
 * const store = await router.open('mlruns');        // DirectoryRecorderStore over ./mlruns
 * const db = await router.open('mongodb://127.0.0.1:27017/rollq'); // MongoRecorderStore; await db.close?.()
 * const mem = await router.open('memory://test');   // MyMemoryStore
 * ```
 */
export class RecorderStoreRouter {
  private readonly openers = new Map<string, RecorderStoreOpener>();

  constructor() {
    this.openers.set('file', (location) => new DirectoryRecorderStore(fileURLToPath(location)));
    // Loaded on first use: directory-store users never load the MongoDB driver.
    const mongo: RecorderStoreOpener = async (location) => (await import('../mongo/mongo-store.js')).openMongoRecorderStore(location);
    this.openers.set('mongodb', mongo);
    this.openers.set('mongodb+srv', mongo);
  }

  /** Adds the opener of `scheme`; an existing scheme is replaced only with `{ override: true }`. */
  register(scheme: string, opener: RecorderStoreOpener, opts: { override?: boolean } = {}): this {
    const key = scheme.toLowerCase();
    if (this.openers.has(key) && !opts.override) {
      throw new WorkflowError('CONFIG_INVALID', `a recorder store is already registered for ${key}://`, {
        hint: 'pass { override: true } to replace it',
      });
    }
    this.openers.set(key, opener);
    return this;
  }

  /** Schemes this router opens (`file` always; plain paths need none). */
  schemes(): string[] {
    return [...this.openers.keys()].sort();
  }

  /** The store at `location`: a folder path (relative to the current folder), `file://…`, or a registered scheme. */
  async open(location: string): Promise<RecorderStore> {
    const scheme = locationScheme(location);
    if (scheme === null) return new DirectoryRecorderStore(isAbsolute(location) ? location : resolve(location));
    const opener = this.openers.get(scheme);
    if (!opener) {
      throw new WorkflowError('STORE_UNSUPPORTED', `no recorder store handles ${scheme}:// locations (${location})`, {
        hint: `use a folder path${
          this.openers.size > 1
            ? ` or one of ${this.schemes()
                .map((s) => `${s}://`)
                .join(', ')}`
            : ' or file://…'
        }`,
        details: { location, scheme },
      });
    }
    return opener(location);
  }
}

/** The store at `location` through a router with the default schemes (see {@link RecorderStoreRouter}). */
export function openRecorderStore(location: string, router: RecorderStoreRouter = new RecorderStoreRouter()): Promise<RecorderStore> {
  return router.open(location);
}

/** Closes a store that holds connections (the MongoDB store's client); nothing for the directory store. */
export async function closeRecorderStore(store: RecorderStore): Promise<void> {
  const closable = store as RecorderStore & { close?: () => Promise<void> };
  if (typeof closable.close === 'function') await closable.close();
}
