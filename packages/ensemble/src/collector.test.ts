import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { averageEnsemble } from './average-ensemble.js';
import { MergeCollector, ProcessedCollector, StaticCollector } from './collector.js';
import { RollingGroup } from './group.js';
import { tupleKey } from './keys.js';

const t = (d: string, vals: number[]) => aq.table({ datetime: vals.map(() => d), instrument: vals.map((_, i) => `s${i}`), score: vals });

describe('collectors', () => {
  it('ProcessedCollector applies processors in order to each top-level value', async () => {
    const c = new ProcessedCollector(new StaticCollector({ a: 1, b: 2 }), [(x: number) => x + 1, (x: number) => x * 10]);
    expect(await c.collect()).toEqual({ a: 20, b: 30 });
  });

  it('MergeCollector flattens keys into (collector, …key) tuples, in collector order', async () => {
    const m = new MergeCollector({
      gbdt: new StaticCollector({ [tupleKey('LGB', 's1')]: 1 }),
      mlp: new StaticCollector(async () => ({ plain: 2 })),
    });
    expect(Object.keys(await m.collect())).toEqual([tupleKey('gbdt', 'LGB', 's1'), tupleKey('mlp', 'plain')]);
    const custom = new MergeCollector({ g: new StaticCollector({ k: 1 }) }, { mergeKey: (c, k) => `${c}:${k}` });
    expect(await custom.collect()).toEqual({ 'g:k': 1 });
  });

  it('the online pipeline: per-strategy RollingGroup, merged, then averaged', async () => {
    const strategy = (name: string, first: number[], second: number[]) =>
      new ProcessedCollector(
        new StaticCollector({
          pred: { [tupleKey(name, '2020-01-02')]: t('2020-01-02', first), [tupleKey(name, '2020-01-03')]: t('2020-01-03', second) },
        }),
        [new RollingGroup().processor],
      );
    const merged = await new MergeCollector({
      a: strategy('LGB', [1, 2, 3], [3, 2, 1]),
      b: strategy('MLP', [3, 2, 1], [1, 2, 4]),
    }).collect();
    expect(Object.keys(merged)).toEqual([tupleKey('a', 'pred'), tupleKey('b', 'pred')]);
    const signal = averageEnsemble(merged as never);
    const s = signal.array('score') as ArrayLike<number>;
    expect([s[0], s[1], s[2]]).toEqual([0, 0, 0]);
    expect(signal.numRows()).toBe(6);
  });
});
