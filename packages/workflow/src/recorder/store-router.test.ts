import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { afterEach, describe, expect, it } from 'vitest';
import { MongoRecorderStore } from '../mongo/mongo-store.js';
import { DirectoryRecorderStore } from './directory-store.js';
import { closeRecorderStore, openRecorderStore, RecorderStoreRouter } from './store-router.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('RecorderStoreRouter', () => {
  it('opens a directory store for a folder path or a file:// URL, on the same folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollq-router-'));
    const a = await openRecorderStore(dir);
    const b = await openRecorderStore(pathToFileURL(dir).href);
    expect(a).toBeInstanceOf(DirectoryRecorderStore);
    expect((b as DirectoryRecorderStore).root).toBe((a as DirectoryRecorderStore).root);
    const rec = await a.createRecorder('exp');
    expect((await b.getRecorder(rec.id)).id).toBe(rec.id);
  });

  it('routes a registered scheme to its opener and refuses an unknown one naming the fix', async () => {
    const router = new RecorderStoreRouter();
    const opened: string[] = [];
    router.register('memory', (loc) => {
      opened.push(loc);
      return new DirectoryRecorderStore(join(tmpdir(), 'unused'));
    });
    await router.open('memory://x');
    expect(opened).toEqual(['memory://x']);
    expect(() => router.register('MEMORY', () => new DirectoryRecorderStore('x'))).toThrow(/already registered/);
    await expect(router.open('s3://bucket/mlruns')).rejects.toMatchObject({
      code: 'STORE_UNSUPPORTED',
      hint: expect.stringContaining('mongodb://'),
    });
    expect(router.schemes()).toEqual(['file', 'memory', 'mongodb', 'mongodb+srv']);
  });

  it('opens the MongoDB store for mongodb:// through the default router, and closes it', async () => {
    const store = await openRecorderStore(freshMongoUrl('router'));
    try {
      expect(store).toBeInstanceOf(MongoRecorderStore);
      const rec = await store.createRecorder('exp');
      expect((await store.getRecorder(rec.id)).id).toBe(rec.id);
    } finally {
      await closeRecorderStore(store);
    }
    await expect(openRecorderStore('mongodb+srv://a:1,b:2/x')).rejects.toMatchObject({ code: 'MONGO_URL_INVALID' });
  });

  it('does not load the MongoDB driver for a directory store (a child process watching the require cache)', () => {
    // the package's own entry points, as a user imports them (kept out of literal import() calls: this file is
    // inside the package, and the boundary check reads import specifiers)
    const self = '@rollq/workflow';
    const probe = `
      import { createRequire } from 'node:module';
      import { mkdtempSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      const cache = createRequire(import.meta.url).cache;
      const driverLoaded = () => Object.keys(cache).some((f) => f.includes('/node_modules/mongodb/'));
      const { openRecorderStore } = await import('${self}');
      const store = await openRecorderStore(mkdtempSync(join(tmpdir(), 'rollq-probe-')));
      await store.createRecorder('exp');
      const before = driverLoaded();
      await import('${self}/mongo');
      console.log(JSON.stringify({ before, after: driverLoaded() }));`;
    const r = spawnSync(process.execPath, ['--conditions=@rollq/source', '--import', 'tsx', '--input-type=module', '-e', probe], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({ before: false, after: true });
  });
});
