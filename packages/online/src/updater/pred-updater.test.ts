import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HandlerProcessorState, QlibProvider, replaceDateRange, toPredictionColumns } from '@rollq/data';
import { RollingGen, TimeAdjuster } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { beginTaskTrain, DirectoryRecorderStore, loadRecorderModel, taskTrain } from '@rollq/workflow';
import { smallGbdtTask } from '@rollq/workflow/testing';
import { table } from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnlineTool } from '../online-tool/online-tool.js';
import { RollingStrategy } from '../strategy/rolling-strategy.js';
import { buildInferenceDataset } from './inference-dataset.js';
import { updatePredictions } from './pred-updater.js';
import { updateOnlinePredictions } from './update-online.js';

describe('replaceDateRange (Qlib _replace_range)', () => {
  it('replaces the whole date range of the new data, every instrument, and keeps rows outside it', () => {
    const old = toPredictionColumns(
      table({
        datetime: ['01-02', '01-03', '01-06', '01-07'].flatMap((d) => [d, d, d].map(() => `2020-${d}`)),
        instrument: Array.from({ length: 4 }, () => ['a', 'b', 'c']).flat(),
        score: Array.from({ length: 12 }, (_, i) => i),
      }),
    );
    const fresh = toPredictionColumns(
      table({
        datetime: ['2020-01-03', '2020-01-03', '2020-01-06', '2020-01-06'],
        instrument: ['a', 'b', 'a', 'b'],
        score: [-1, -2, -3, -4],
      }),
    );
    const { merged, replaced } = replaceDateRange(old, fresh);
    expect(replaced).toBe(6);
    const rows = merged.datetime.map((d, i) => `${d}/${merged.instrument[i]}=${merged.values.get('score')![i]}`);
    expect(rows).toEqual([
      '2020-01-02/a=0',
      '2020-01-02/b=1',
      '2020-01-02/c=2',
      '2020-01-03/a=-1',
      '2020-01-03/b=-2',
      '2020-01-06/a=-3',
      '2020-01-06/b=-4',
      '2020-01-07/a=9',
      '2020-01-07/b=10',
      '2020-01-07/c=11',
    ]);
  });
});

describe('PredUpdater on the shipped US data', () => {
  let provider: QlibProvider;
  let root: string;
  let store: DirectoryRecorderStore;

  beforeAll(async () => {
    provider = await QlibProvider.open(await usQlibDir());
    root = mkdtempSync(join(tmpdir(), 'rollq-upd-'));
    store = new DirectoryRecorderStore(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('extends predictions incrementally, equal to a full re-prediction, without touching old days', async () => {
    const rec = await taskTrain(smallGbdtTask('2016-10-31'), { store, experiment: 'upd', provider });
    const before = toPredictionColumns(await store.loadPredictions(rec.id, 'pred'));
    expect(before.datetime[before.datetime.length - 1]).toBe('2016-10-31');

    const res = await updatePredictions(rec.id, { store, provider, toDate: '2016-11-30' });
    expect(res).toMatchObject({ lastEnd: '2016-10-31', start: '2016-11-01', toDate: '2016-11-30' });
    const after = toPredictionColumns(await store.loadPredictions(rec.id, 'pred'));
    // old days are kept bit for bit
    const n = before.datetime.length;
    expect(after.datetime.slice(0, n)).toEqual(before.datetime);
    expect(Array.from(after.values.get('score')!.subarray(0, n))).toEqual(Array.from(before.values.get('score')!));
    expect(after.datetime[after.datetime.length - 1]).toBe('2016-11-30');

    // full re-prediction: the whole range from the handler start, same model and fitted state
    const { model, task, datasetState } = await loadRecorderModel(store, rec.id);
    const full = buildInferenceDataset(task.dataset, provider, datasetState as HandlerProcessorState, {
      loadStart: '2016-01-04',
      start: '2016-11-01',
      end: '2016-11-30',
    });
    const score = model.predict(full, 'test');
    model.dispose();
    const newScores = after.values.get('score')!.subarray(n);
    expect(newScores.length).toBe(score.length);
    for (let i = 0; i < score.length; i++) expect(newScores[i]).toBeCloseTo(score[i]!, 10);

    // already current: nothing to do, nothing written
    expect(await updatePredictions(rec.id, { store, provider, toDate: '2016-11-30' })).toBeNull();
  });

  it('re-predicts from fromDate with the replace-range rule (Qlib test_update_pred)', async () => {
    const rec = await taskTrain(smallGbdtTask('2016-10-31'), { store, experiment: 'upd2', provider });
    const good = toPredictionColumns(await store.loadPredictions(rec.id, 'pred'));
    const tampered = {
      ...good,
      values: new Map([['score', good.values.get('score')!.map((_v, i) => (good.datetime[i]! >= '2016-10-24' ? -2 : -1))]]),
    };
    await store.savePredictions(
      rec.id,
      'pred',
      table({ datetime: tampered.datetime, instrument: tampered.instrument, score: tampered.values.get('score')! }),
    );
    await updatePredictions(rec.id, { store, provider, fromDate: '2016-10-03', toDate: '2016-10-21' });
    const got = toPredictionColumns(await store.loadPredictions(rec.id, 'pred'));
    const s = got.values.get('score')!;
    const g = good.values.get('score')!;
    for (let i = 0; i < got.datetime.length; i++) {
      if (got.datetime[i]! <= '2016-10-21') expect(s[i]).toBeCloseTo(g[i]!, 10);
      else expect(s[i]).toBe(-2);
    }
  });

  it('skips an online recorder whose model cannot load, with a warning', async () => {
    const strategy = new RollingStrategy({
      name: 'skip',
      template: smallGbdtTask(),
      rollingGen: new RollingGen(new TimeAdjuster(provider.calendar), { step: 10 }),
      store,
      calendar: provider.calendar,
      warn: () => {},
    });
    const begun = await beginTaskTrain(smallGbdtTask(), { store, experiment: 'skip' });
    await new OnlineTool(store, { defaultExperiment: 'skip' }).resetOnlineTag(begun);
    const warnings: string[] = [];
    const report = await updateOnlinePredictions(strategy, '2016-11-30', { store, provider, warn: (m) => warnings.push(m) });
    expect(report.skipped.map((s) => s.recorderId)).toEqual([begun.id]);
    expect(warnings[0]).toMatch(/skip it/);
  });
});
