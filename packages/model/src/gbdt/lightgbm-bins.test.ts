import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataset, type DataHandlerLP, DatasetH, QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labelledRows, prepareTabular } from '../core/segment-data.js';
import { LGBModel } from './lgb-model.js';
import { binPlan, releasePooledBins } from './lightgbm-bins.js';
import { C_API_DTYPE_FLOAT32, loadLightGBM, setLightGBMLog } from './lightgbm-lib.js';
import { resolveLGB } from './lightgbm-params.js';

const tmp = mkdtempSync(join(tmpdir(), 'rollq-lgb-bins-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => releasePooledBins());

// Fixed rounds, no early stopping: the trees depend on the train Dataset only, so two paths can be compared tree for tree.
const KWARGS = { num_boost_round: 25, early_stopping_rounds: 0, num_leaves: 31, learning_rate: 0.1, num_threads: 1 };
const FIT: [string, string] = ['2014-01-02', '2015-06-30'];
const SEGMENTS = {
  // train = the fit window (Qlib's single-run YAMLs, a rolling run's first task)
  first: { train: FIT, valid: ['2015-07-01', '2015-12-31'], test: ['2016-01-04', '2016-03-31'] },
  // train past the fit window (a later task of an expanding rolling run)
  later: { train: ['2014-01-02', '2015-12-31'], valid: ['2016-01-04', '2016-06-30'], test: ['2016-07-01', '2016-09-30'] },
  // train starting after the fit window's start (a sliding window): LightGBM bins its own rows
  sliding: { train: ['2014-07-01', '2015-12-31'], valid: ['2016-01-04', '2016-06-30'], test: ['2016-07-01', '2016-09-30'] },
} as const;

let handler: DataHandlerLP;
/** Learn view without DropnaLabel up to the data's last day: the last days' labels are NaN, so the pooled rows must skip them as the matrices do. */
let withNaNLabels: DataHandlerLP;
let lastDay: string;

beforeAll(async () => {
  const provider = QlibProvider.open(await usQlibDir());
  const base = {
    handler: 'Alpha158',
    instruments: ['AAPL', 'AMZN', 'JPM', 'MSFT', 'XOM'],
    start: '2014-01-02',
    end: '2016-09-30',
    fitStart: FIT[0],
    fitEnd: FIT[1],
    segments: SEGMENTS.first,
  };
  handler = createDataset(provider, base).handler;
  lastDay = provider.calendar.dates.at(-1)!;
  const nan = {
    start: '2017-01-03',
    end: lastDay,
    fitStart: '2017-01-03',
    fitEnd: lastDay,
    segments: { train: ['2017-01-03', lastDay] as const },
  };
  withNaNLabels = createDataset(provider, { ...base, ...nan, processors: { learn: [] } }).handler;
});

/** The model's trees (the text before LightGBM's parameter echo). */
async function treesOf(m: LGBModel, name: string): Promise<string> {
  await m.save(join(tmp, name));
  const text = readFileSync(join(tmp, name, 'lightgbm.txt'), 'utf8');
  return text.slice(text.indexOf('Tree=0'), text.indexOf('end of trees'));
}

async function fitTrees(ds: DatasetH, name: string): Promise<string> {
  const m = new LGBModel(KWARGS);
  await m.fit(ds);
  const t = await treesOf(m, name);
  m.dispose();
  return t;
}

function bins(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  setLightGBMLog((l) => {
    if (l.includes('bins fitted')) lines.push(l);
  });
  return { lines, restore: () => setLightGBMLog(null) };
}

describe('LGBModel bins from the fit window, one binned Dataset per handler', () => {
  it('plans: own bins where train is the fit window or starts after it; a shared handler pooled; alone, by reference', () => {
    const params = resolveLGB(new LGBModel(KWARGS).kwargs).paramString;
    expect(binPlan(new DatasetH(handler, SEGMENTS.first), true, params).kind).toBe('own');
    expect(binPlan(new DatasetH(handler, SEGMENTS.first, { sharedHandler: true }), true, params).kind).toBe('pooled');
    expect(binPlan(new DatasetH(handler, SEGMENTS.later), true, params).kind).toBe('reference');
    expect(binPlan(new DatasetH(handler, SEGMENTS.later, { sharedHandler: true }), true, params).kind).toBe('pooled');
    expect(binPlan(new DatasetH(handler, SEGMENTS.sliding, { sharedHandler: true }), true, params).kind).toBe('own');
  });

  it('train = fit window: the pooled Dataset gives the very model the matrices give (a rolling first task = qrun)', async () => {
    const own = await fitTrees(new DatasetH(handler, SEGMENTS.first), 'own');
    const pooled = await fitTrees(new DatasetH(handler, SEGMENTS.first, { sharedHandler: true }), 'pooled');
    expect(own.length).toBeGreaterThan(1000);
    expect(pooled).toBe(own);
  });

  it('rows with a NaN label are left out of the pooled Dataset as they are out of the matrices', async () => {
    const segments = { train: ['2017-01-03', lastDay] };
    const ds = new DatasetH(withNaNLabels, segments, { sharedHandler: true });
    const pool = ds.learnRowPool();
    const y = pool.rows().y;
    expect(y.some((v) => Number.isNaN(v))).toBe(true);
    const own = await fitTrees(new DatasetH(withNaNLabels, segments), 'nan-own');
    expect(await fitTrees(ds, 'nan-pooled')).toBe(own);
  });

  it('train past the fit window: bins fitted on the fit rows, built once for every task, the same in a lone process', async () => {
    // what the rule means, straight through the C API: a Dataset of the fit rows gives the bin mappers,
    // the train rows are binned with them (LightGBM's `reference`), then the same boosting rounds
    const ds = new DatasetH(handler, SEGMENTS.later);
    const api = loadLightGBM();
    const cfg = resolveLGB(new LGBModel(KWARGS).kwargs);
    const fitRows = labelledRows(prepareTabular(new DatasetH(handler, { train: FIT }), 'train', 'learn', 'test'));
    const train = labelledRows(prepareTabular(ds, 'train', 'learn', 'test'));
    const ref = [null];
    const dtrain = [null];
    const booster = [null];
    expect(api.DatasetCreateFromMat(fitRows.x, C_API_DTYPE_FLOAT32, fitRows.nRows, fitRows.width, 1, cfg.paramString, null, ref)).toBe(0);
    expect(api.DatasetCreateFromMat(train.x, C_API_DTYPE_FLOAT32, train.nRows, train.width, 1, cfg.paramString, ref[0], dtrain)).toBe(0);
    expect(api.DatasetSetField(dtrain[0], 'label', train.y, train.nRows, C_API_DTYPE_FLOAT32)).toBe(0);
    expect(api.BoosterCreate(dtrain[0], cfg.paramString, booster)).toBe(0);
    for (let i = 0; i < KWARGS.num_boost_round; i++) expect(api.BoosterUpdateOneIter(booster[0], [0])).toBe(0);
    const len = [0];
    const buf = new Uint8Array(1 << 22);
    expect(api.BoosterSaveModelToString(booster[0], 0, -1, 0, buf.length, len, buf)).toBe(0);
    for (const h of [booster[0]]) api.BoosterFree(h);
    for (const h of [dtrain[0], ref[0]]) api.DatasetFree(h);
    const text = Buffer.from(buf.subarray(0, Number(len[0]) - 1)).toString('utf8');
    const expected = text.slice(text.indexOf('Tree=0'), text.indexOf('end of trees'));

    const log = bins();
    try {
      // a rolling run: the first task builds the handler's Dataset, the later one takes subsets of it
      await fitTrees(new DatasetH(handler, SEGMENTS.first, { sharedHandler: true }), 'run-first');
      const inRun = await fitTrees(new DatasetH(handler, SEGMENTS.later, { sharedHandler: true }), 'run-later');
      expect(log.lines).toHaveLength(1);
      expect(inRun).toBe(expected);
      // a pool worker trains the later task alone: the fit rows' mappers by reference, the same trees,
      // without building the handler-wide Dataset
      releasePooledBins();
      expect(await fitTrees(ds, 'lone-later')).toBe(expected);
      expect(log.lines).toHaveLength(1);
    } finally {
      log.restore();
    }
  });

  it("bins_from: train keeps Qlib's per-task bins: the model of the bare matrices, not the fit window's", async () => {
    const shared = new DatasetH(handler, SEGMENTS.later, { sharedHandler: true });
    // the same segments without the pool (what a dataset with nothing to share gives the model)
    const bare = { kind: 'tabular' as const, segmentNames: () => shared.segmentNames(), prepare: shared.prepare.bind(shared) };
    const params = resolveLGB(new LGBModel(KWARGS).kwargs).paramString;
    expect(binPlan(shared, true, params, 'train').kind).toBe('own');
    const trees = async (ds: typeof bare, kwargs: object, name: string) => {
      const m = new LGBModel(kwargs);
      await m.fit(ds);
      const t = await treesOf(m, name);
      m.dispose();
      return t;
    };
    const perTask = await trees(shared, { ...KWARGS, bins_from: 'train' }, 'train-bins');
    expect(perTask).toBe(await trees(bare, KWARGS, 'bare'));
    expect(perTask).not.toBe(await trees(shared, KWARGS, 'fit-bins'));
    expect(() => new LGBModel({ ...KWARGS, bins_from: 'valid' })).toThrow(/bins_from/);
  });

  it('predictions of a pooled fit score every test row and survive save/load', async () => {
    const ds = new DatasetH(handler, SEGMENTS.later, { sharedHandler: true });
    const m = new LGBModel({ ...KWARGS, early_stopping_rounds: 5 });
    await m.fit(ds);
    const scores = m.predict(ds, 'test');
    expect(scores.length).toBe(ds.prepare('test').nRows);
    expect(new Set(scores).size).toBeGreaterThan(10);
    await m.save(join(tmp, 'reload'));
    const again = await LGBModel.load(join(tmp, 'reload'));
    expect(again.predict(ds, 'test')).toEqual(scores);
    again.dispose();
    m.dispose();
  });
});
