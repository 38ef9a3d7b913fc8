import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryRecorderStore, type RecorderInfo } from '@rollq/workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOnlineTag, ONLINE_KEY, OnlineTool } from './online-tool.js';

let root: string;
let store: DirectoryRecorderStore;
let tool: OnlineTool;
let recs: RecorderInfo[];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rollq-online-'));
  store = new DirectoryRecorderStore(root);
  tool = new OnlineTool(store, { defaultExperiment: 'rolling' });
  recs = [];
  for (let i = 0; i < 4; i++) recs.push(await store.createRecorder('rolling', { params: { i } }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function tags(): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const r of await store.listRecorders('rolling')) out[r.params.i as number] = r.tags[ONLINE_KEY];
  return out;
}

describe('OnlineTool', () => {
  it('counts an untagged recorder as offline, as Qlib does', () => {
    expect(getOnlineTag(recs[0])).toBe('offline');
    expect(getOnlineTag({ ...recs[0], tags: { [ONLINE_KEY]: 'online' } })).toBe('online');
  });

  it('setOnlineTag tags only the given recorders (objects or ids)', async () => {
    await tool.setOnlineTag([recs[0], recs[2].id], 'online');
    await tool.setOnlineTag(recs[1], 'offline');
    expect(await tags()).toEqual({ 0: 'online', 1: 'offline', 2: 'online', 3: undefined });
    await expect(tool.setOnlineTag(recs[0], 'live' as never)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('resetOnlineTag makes exactly the given set online and tags every other recorder offline', async () => {
    await tool.setOnlineTag([recs[0], recs[1]], 'online');
    await tool.resetOnlineTag([recs[2], recs[3]]);
    expect(await tags()).toEqual({ 0: 'offline', 1: 'offline', 2: 'online', 3: 'online' });
    await tool.resetOnlineTag(recs[1]);
    expect(await tags()).toEqual({ 0: 'offline', 1: 'online', 2: 'offline', 3: 'offline' });
    await tool.resetOnlineTag([]);
    expect(await tags()).toEqual({ 0: 'offline', 1: 'offline', 2: 'offline', 3: 'offline' });
  });

  it('leaves other experiments alone', async () => {
    const elsewhere = await store.createRecorder('other', { tags: { [ONLINE_KEY]: 'online' } });
    await tool.resetOnlineTag([recs[0]]);
    expect((await store.getRecorder(elsewhere.id)).tags[ONLINE_KEY]).toBe('online');
    expect((await tool.onlineModels('other')).map((r) => r.id)).toEqual([elsewhere.id]);
  });

  it('onlineModels lists online recorders newest first, failed ones included', async () => {
    await tool.resetOnlineTag([recs[0], recs[3]]);
    await store.endRecorder(recs[0].id, 'FAILED', { error: 'boom' });
    expect((await tool.onlineModels()).map((r) => r.id)).toEqual([recs[3].id, recs[0].id]);
  });

  it('needs an experiment when it has no default', async () => {
    const bare = new OnlineTool(store);
    await expect(bare.onlineModels()).rejects.toMatchObject({ code: 'EXPERIMENT_REQUIRED' });
    expect(await bare.onlineModels('rolling')).toEqual([]);
    expect(() => new OnlineTool(store, { defaultExperiment: 1 } as never)).toThrow(/defaultExperiment/);
  });
});
