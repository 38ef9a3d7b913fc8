import { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { TINY_INSTRUMENTS, usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultTaskComponents } from '../task/default-components.js';
import { loadRecorderModel, TASK_ARTIFACTS, taskTrain } from '../task/task-train.js';
import { type MongoRecorderStore, openMongoRecorderStore } from './mongo-store.js';

/** A real model of a second's training: 12 S&P 500 stocks, Alpha158, an 8-round GBDT. */
const task = {
  model: { class: 'LGBModel', kwargs: { num_boost_round: 8, max_depth: 3, learning_rate: 0.2, num_threads: 1 } },
  dataset: {
    class: 'DatasetH',
    kwargs: {
      handler: {
        class: 'Alpha158',
        kwargs: {
          start_time: '2016-01-04',
          end_time: '2016-10-31',
          fit_start_time: '2016-01-04',
          fit_end_time: '2016-06-30',
          instruments: TINY_INSTRUMENTS,
        },
      },
      segments: { train: ['2016-01-04', '2016-06-30'], valid: ['2016-07-01', '2016-09-30'], test: ['2016-10-03', '2016-10-31'] },
    },
  },
  record: [{ class: 'SignalRecord', kwargs: { model: '<MODEL>', dataset: '<DATASET>' } }],
} as TaskConfig;

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
