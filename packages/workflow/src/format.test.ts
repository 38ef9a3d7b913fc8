import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { formatColumnFrame, formatTableHead, pprintDict, pyFloat } from './format.js';

describe('Qlib-shaped text output', () => {
  it('prints a metric dict as pprint does: one line when short, one entry per line when long', () => {
    expect(pprintDict({ IC: 0.05, ICIR: 0.5 })).toBe("{'IC': 0.05, 'ICIR': 0.5}");
    const long = pprintDict({ IC: 0.0123456789012, ICIR: 0.123456789012, 'Rank IC': 0.0223456789012, 'Rank ICIR': 0.223456789012 });
    expect(long.split('\n')).toEqual([
      "{'IC': 0.0123456789012,",
      " 'ICIR': 0.123456789012,",
      " 'Rank IC': 0.0223456789012,",
      " 'Rank ICIR': 0.223456789012}",
    ]);
    expect(pyFloat(Number.NaN)).toBe('nan');
    expect(pyFloat(2)).toBe('2.0');
  });

  it('prints a risk table with right-aligned six-decimal values under the column name', () => {
    const text = formatColumnFrame('risk', { mean: 0.000651, max_drawdown: -0.370479 });
    // index left-aligned to its widest name, two spaces, values right-aligned under the column name
    expect(text.split('\n')).toEqual(['                   risk', 'mean           0.000651', 'max_drawdown  -0.370479']);
  });

  it('prints the head of a prediction table with its (datetime, instrument) index', () => {
    const t = table({ datetime: ['2017-01-03', '2017-01-03'], instrument: ['A', 'AAPL'], score: [0.5, -0.25] });
    const lines = formatTableHead(t, 5).split('\n');
    expect(lines[1]).toMatch(/^datetime\s+instrument$/);
    expect(lines[2]).toMatch(/^2017-01-03 A\s+0\.500000$/);
    expect(lines[3]).toMatch(/^2017-01-03 AAPL\s+-0\.250000$/);
    expect(lines).toHaveLength(4);
  });
});
