import { QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultTaskComponents } from '../task/default-components.js';
import { loadRecorderModel, TASK_ARTIFACTS, taskTrain } from '../task/task-train.js';
import { smallGbdtTask } from '../testing/small-task.js';
import { type MongoRecorderStore, openMongoRecorderStore } from './mongo-store.js';

/** A real model of a second's training: 12 S&P 500 stocks, Alpha158, an 8-round GBDT. */
const task = smallGbdtTask();

describe('a real model in the MongoDB store', () => {
  const url = freshMongoUrl('model');
  const stores: MongoRecorderStore[] = [];
  afterAll(async () => {
    await stores[0]?.db.dropDatabase();
    await Promise.all(stores.map((s) => s.close()));
  });

  it('trains into GridFS, then another client reloads the model and reproduces the stored predictions', async () => {
    const provider = await QlibProvider.open(await usQlibDir());
    const store = await openMongoRecorderStore(url);
    stores.push(store);
    const rec = await taskTrain(task, { store, experiment: 'unit', provider, region: 'us' });
    expect(rec.status).toBe('FINISHED');

    const other = await openMongoRecorderStore(url);
    stores.push(other);
    const artifacts = await other.listArtifacts(rec.id);
    expect(artifacts).toEqual(expect.arrayContaining([TASK_ARTIFACTS.task, TASK_ARTIFACTS.dataset, 'pred.arrow', 'label.arrow']));
    const modelFiles = artifacts.filter((a) => a.startsWith(TASK_ARTIFACTS.modelPrefix));
    expect(modelFiles.length).toBeGreaterThan(0);
    for (const name of modelFiles) {
      expect(Buffer.from(await other.loadArtifact(rec.id, name)).equals(Buffer.from(await store.loadArtifact(rec.id, name)))).toBe(true);
    }
    const loaded = await loadRecorderModel(other, rec.id);
    const ds = await defaultTaskComponents().buildDataset(loaded.task.dataset, provider);
    const again = loaded.model.predict(ds, 'test');
    const stored = (await other.loadPredictions(rec.id, 'pred')).array('score') as Float64Array;
    expect(again.length).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(100);
    for (let i = 0; i < stored.length; i++) expect(again[i]).toBeCloseTo(stored[i]!, 6);
    loaded.model.dispose();
  });
});
