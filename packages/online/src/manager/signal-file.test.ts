import { averageEnsemble, type PredictionTable, rollingEnsemble } from '@rollq/ensemble';
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { mergeSignals, rowsSince, signalColumns } from './signal-file.js';

const days = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08'];
const insts = ['a', 'b', 'c', 'd'];

/** A prediction table over `ds` with scores from a small deterministic generator (some NaN). */
function preds(ds: string[], seed: number): PredictionTable {
  const datetime = ds.flatMap((d) => insts.map(() => d));
  const instrument = ds.flatMap(() => insts);
  const score = Float64Array.from(datetime, (_, i) => ((i * 7 + seed * 13) % 11 === 3 ? NaN : Math.sin(i * 1.7 + seed)));
  return table({ datetime, instrument, score });
}

describe('rowsSince', () => {
  it('keeps the rows dated on or after the day, and every row for null', () => {
    const t = preds(days, 1);
    expect(rowsSince(t, null)).toBe(t);
    const cut = rowsSince(t, '2020-01-06');
    expect(cut.numRows()).toBe(3 * insts.length);
    expect(new Set(cut.array('datetime') as string[])).toEqual(new Set(days.slice(2)));
    expect(Array.from(cut.array('score') as Float64Array)).toEqual(Array.from(t.array('score') as Float64Array).slice(2 * insts.length));
    expect(rowsSince(t, '2021-01-01').numRows()).toBe(0);
  });

  it('blending only the days mergeSignals keeps gives the signals of blending everything', () => {
    const old = signalColumns(averageEnsemble({ s1: preds(days.slice(0, 3), 1) }));
    const since = old.datetime[old.datetime.length - 1]!;
    const perStrategy = {
      s1: { LGBModel: rollingEnsemble({ w1: preds(days.slice(0, 3), 1), w2: preds(days.slice(2), 2) }) },
      s2: { LGBModel: preds(days, 3), Linear: preds(days.slice(1), 4) },
    };
    const cut = Object.fromEntries(
      Object.entries(perStrategy).map(([s, g]) => [s, Object.fromEntries(Object.entries(g).map(([k, t]) => [k, rowsSince(t, since)]))]),
    );
    const full = mergeSignals(old, signalColumns(averageEnsemble(perStrategy)));
    const fast = mergeSignals(old, signalColumns(averageEnsemble(cut)));
    expect(fast.datetime).toEqual(full.datetime);
    expect(fast.instrument).toEqual(full.instrument);
    expect(Array.from(fast.values.get('score')!)).toEqual(Array.from(full.values.get('score')!));
    expect(full.datetime.filter((d) => d >= since).length).toBe(3 * insts.length);
  });
});
