import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rollingStd, rollingSum, rollingVar } from './rolling-moments.js';
import { rollingPair } from './rolling-pair.js';

// Golden values: pandas 2.2.3's own `rolling(w, min_periods=1)` sum / mean / var / std / cov / corr on real CN
// prices and volumes (a weeks-long flat suspension stretch, NaN, ±inf), written by testing/pandas-rolling-golden.py.
// pandas' online algorithms leave history-dependent rounding residues (a "flat" window's std can be 1e-8, not 0);
// rollq runs the same update order, so every value must be equal bit for bit, exact zeros included.
type Cell = number | null | 'inf' | '-inf';
interface Golden {
  windows: number[];
  series: Record<string, Cell[]>;
  single: Record<string, Record<string, Record<'sum' | 'mean' | 'var' | 'std', Cell[]>>>;
  pair: Record<string, Record<string, Record<'cov' | 'corr', Cell[]>>>;
}
const golden = JSON.parse(readFileSync(new URL('./testing/pandas-rolling.golden.json', import.meta.url), 'utf8')) as Golden;

function decode(cells: Cell[]): Float64Array {
  return Float64Array.from(cells, (c) => (c === null ? NaN : c === 'inf' ? Infinity : c === '-inf' ? -Infinity : c));
}

function expectBitEqual(actual: Float64Array, expected: Cell[], label: string): void {
  const e = decode(expected);
  const bad: string[] = [];
  for (let i = 0; i < e.length; i++) {
    if (!Object.is(actual[i], e[i]) && !(Number.isNaN(actual[i]) && Number.isNaN(e[i]))) bad.push(`[${i}] ${actual[i]} vs ${e[i]}`);
  }
  expect(bad.slice(0, 5), `${label}: ${bad.length} of ${e.length} differ`).toEqual([]);
}

describe('rolling kernels equal pandas 2.2.3 bit for bit (real CN series)', () => {
  for (const [name, byWindow] of Object.entries(golden.single)) {
    const x = decode(golden.series[name]!);
    for (const w of golden.windows) {
      const g = byWindow[String(w)]!;
      it(`${name}, window ${w}: sum, mean, var, std`, () => {
        expectBitEqual(rollingSum(x, w), g.sum, 'sum');
        expectBitEqual(rollingSum(x, w, true), g.mean, 'mean');
        expectBitEqual(rollingVar(x, w), g.var, 'var');
        expectBitEqual(rollingStd(x, w), g.std, 'std');
      });
    }
  }

  it('the fixture holds the cases that matter: exact zeros and tiny residues of flat windows', () => {
    const std20 = decode(golden.single.close!['20']!.std);
    const zeros = std20.filter((v) => v === 0).length;
    const residues = std20.filter((v) => v > 0 && v < 1e-5).length;
    expect(zeros).toBeGreaterThan(10);
    expect(residues).toBeGreaterThan(0);
  });

  for (const [key, byWindow] of Object.entries(golden.pair)) {
    const [a, b] = key.split('|') as [string, string];
    const x = decode(golden.series[a]!);
    const y = decode(golden.series[b]!);
    for (const w of golden.windows) {
      const g = byWindow[String(w)]!;
      it(`${a} with ${b}, window ${w}: cov, corr`, () => {
        expectBitEqual(rollingPair(x, y, w, false), g.cov, 'cov');
        expectBitEqual(rollingPair(x, y, w, true), g.corr, 'corr');
      });
    }
  }
});
