import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkflowError } from '../errors.js';
import { DirectoryRecorderStore } from './directory-store.js';
import { runInRecorder } from './run-in-recorder.js';

let root: string;
let store: DirectoryRecorderStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rollq-run-'));
  store = new DirectoryRecorderStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runInRecorder', () => {
  it('ends FINISHED and returns what the body returned', async () => {
    const { recorder, result } = await runInRecorder(store, 'exp', { task: { model: 'GBDT' } }, async (rec) => {
      expect((await store.getRecorder(rec.id)).status).toBe('RUNNING');
      await store.saveJson(rec.id, 'out.json', { ok: true });
      return 42;
    });
    expect(result).toBe(42);
    expect(recorder).toMatchObject({ status: 'FINISHED', error: null, process: null, task: { model: 'GBDT' } });
    expect(await store.getRecorder(recorder.id)).toEqual(recorder);
  });

  it('ends FAILED with the error message and re-throws the same error', async () => {
    const boom = new WorkflowError('CONFIG_INVALID', 'label column missing');
    let id = '';
    await expect(
      runInRecorder(store, 'exp', {}, (rec) => {
        id = rec.id;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.getRecorder(id)).toMatchObject({ status: 'FAILED', error: 'CONFIG_INVALID: label column missing', process: null });
    expect((await store.listRecorders('exp', { status: 'FINISHED' })).length).toBe(0);
  });

  it('resumes an existing recorder (Qlib resume=True) and ends it again', async () => {
    const first = await runInRecorder(store, 'exp', { name: 'delayed' }, () => 'recorded');
    const again = await runInRecorder(store, 'exp', { resume: first.recorder.id }, async (rec) => {
      expect(rec.status).toBe('RUNNING');
      return 'trained';
    });
    expect(again.recorder).toMatchObject({ id: first.recorder.id, name: 'delayed', status: 'FINISHED' });
    expect(await store.listRecorders('exp')).toHaveLength(1);
  });

  it('reports a run whose process died as FAILED, while a live run stays RUNNING', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/abandon-run.ts', import.meta.url));
    let out = '';
    try {
      execFileSync(process.execPath, ['--conditions=@rollq/source', '--import', 'tsx', fixture, root, 'exp'], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string; status: number }).stdout;
      expect((e as { status: number }).status).toBe(3);
    }
    const deadId = out.trim();
    expect(deadId).toMatch(/^\d{8}T/);
    const live = await store.createRecorder('exp');

    const listed = await store.listRecorders('exp');
    expect(listed.find((r) => r.id === deadId)).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('exited without ending the run'),
    });
    expect(listed.find((r) => r.id === live.id)?.status).toBe('RUNNING');
    expect((await store.getRecorder(deadId)).status).toBe('FAILED');
    expect((await store.listRecorders('exp', { status: 'RUNNING' })).map((r) => r.id)).toEqual([live.id]);
  });
});
