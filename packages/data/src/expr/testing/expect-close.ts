import { expect } from 'vitest';

/** Golden values are printed with 6 significant digits; NaN must match NaN exactly. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, rel = 2e-5, abs = 1e-6): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a === e) continue; // equal infinities
    if (Number.isNaN(e)) expect(a, `${label}[${i}]`).toBeNaN();
    else expect(Math.abs(a - e), `${label}[${i}] = ${a}, expected ${e}`).toBeLessThanOrEqual(abs + rel * Math.abs(e));
  }
}
