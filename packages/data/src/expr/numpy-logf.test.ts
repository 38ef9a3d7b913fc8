import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fmaf, numpyLogf } from './numpy-logf.js';

// Golden values: numpy's float32 np.log (its AVX2 / AVX-512F kernel, what Qlib's Log of a float32 series
// runs) on real CN volume-based inputs and edge cases, as float32 bit patterns (testing/numpy-logf-golden.py).
const golden = JSON.parse(readFileSync(new URL('./testing/numpy-logf.golden.json', import.meta.url), 'utf8')) as {
  x: number[];
  log: number[];
};
const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);
const toFloat = (u: number): number => {
  bits[0] = u;
  return asFloat[0]!;
};
const toBits = (f: number): number => {
  asFloat[0] = f;
  return bits[0]!;
};

describe('numpyLogf', () => {
  it("equals numpy's float32 log bit for bit, where it is not the correctly rounded log too", () => {
    const bad: string[] = [];
    let notCorrectlyRounded = 0;
    golden.x.forEach((u, i) => {
      const x = toFloat(u);
      const want = toFloat(golden.log[i]!);
      const got = numpyLogf(x);
      const same = Number.isNaN(want) ? Number.isNaN(got) : toBits(got) === golden.log[i];
      if (!same) bad.push(`log(${x}) = ${got}, numpy ${want}`);
      if (!Number.isNaN(want) && Math.fround(Math.log(x)) !== want) notCorrectlyRounded++;
    });
    expect(bad.slice(0, 5), `${bad.length} of ${golden.x.length} differ`).toEqual([]);
    expect(notCorrectlyRounded).toBeGreaterThan(500); // the cases Math.log gets "wrong"
  });

  it('fmaf rounds once: a*b + c exactly, then to float32', () => {
    // 1 + 2^-24 is a float32 tie; the tiny c decides it, which a float64 sum then fround would lose
    const a = Math.fround(1 + 2 ** -12);
    expect(fmaf(a, a, Math.fround(2 ** -60))).toBe(Math.fround(1 + 2 ** -11 + 2 ** -23));
    expect(fmaf(a, a, -Math.fround(2 ** -60))).toBe(Math.fround(1 + 2 ** -11));
    expect(fmaf(2, 3, 1)).toBe(7);
  });
});
