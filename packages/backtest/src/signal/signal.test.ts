import { describe, expect, it } from 'vitest';
import { seededRandom } from '../strategy/rng.js';
import { Signal } from './signal.js';

describe('Signal.fromRows', () => {
  it('sorts each day by score descending, ties by instrument index, for days long and short', () => {
    const random = seededRandom(3);
    const rows: Array<{ pos: number; instrument: string; score: number }> = [];
    // day p has 7p + 1 rows (1..204: runs of 16 and their merges), few distinct scores (many ties), shuffled symbols
    for (let p = 0; p < 30; p++) {
      for (let k = 0; k < 7 * p + 1; k++)
        rows.push({ pos: p, instrument: `S${Math.floor(random() * 400)}_${p}_${k}`, score: Math.floor(random() * 5) - 2 });
    }
    rows.sort(() => random() - 0.5);
    const signal = Signal.fromRows(rows);
    const index = new Map(signal.symbols.map((s, i) => [s, i]));
    for (let p = 0; p < 30; p++) {
      const want = rows
        .filter((r) => r.pos === p)
        .map((r) => ({ inst: index.get(r.instrument)!, score: r.score }))
        .sort((a, b) => b.score - a.score || a.inst - b.inst);
      const day = signal.day(p)!;
      expect(Array.from(day.inst)).toEqual(want.map((w) => w.inst));
      expect(Array.from(day.score)).toEqual(want.map((w) => w.score));
    }
    expect(signal.positions()).toEqual(Array.from({ length: 30 }, (_, p) => p));
    expect(signal.day(30)).toBeNull();
  });
});
