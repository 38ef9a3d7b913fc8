import { describe, expect, it } from 'vitest';
import { formatTable, runCrashSuite } from '../crash/crash-suite.js';

// The kill -9 suite of tools/crash with a small count (CI): two kills of each case at fixed-seed points.
// A large run: `npx tsx tools/crash/crash-suite.ts --seed 12 --runs 15`.
describe('crash suite (kill -9 of data import, online init, online routine)', () => {
  it('leaves data old-or-new, states continuable and signals identical', { timeout: 170_000 }, async () => {
    const lines: string[] = [];
    const r = await runCrashSuite({ seed: 7, runs: 2, log: (l) => lines.push(l) });
    const table = formatTable(r);
    expect(r.cases.map((c) => c.name)).toEqual(['import --mode all', 'import --mode update', 'online init', 'online routine']);
    expect(
      r.cases.every((c) => c.runs === 2),
      `${table}\n${lines.join('\n')}`,
    ).toBe(true);
    expect(r.ok, `${table}\n${lines.join('\n')}`).toBe(true);
  });
});
