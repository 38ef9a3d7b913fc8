import type { ColumnTable } from 'arquero';

/**
 * Text output shaped like Qlib's (pandas / pprint), because users compare runs by eye and parse these
 * lines in notebooks: the same keys, row names and order.
 */

/** A Python float repr closely enough for metrics: up to 17 significant digits trimmed, `nan` for NaN. */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/**
 * `pprint(dict)` of a flat metric dict: one line when it fits in 80 columns, else one entry per line,
 * e.g. `{'IC': 0.041, 'ICIR': 0.31, 'Rank IC': 0.045, 'Rank ICIR': 0.36}`.
 */
export function pprintDict(metrics: Record<string, number>): string {
  const entries = Object.entries(metrics).map(([k, v]) => `'${k}': ${pyFloat(v)}`);
  const line = `{${entries.join(', ')}}`;
  return line.length <= 80 ? line : `{${entries.join(',\n ')}}`;
}

/** A pandas float cell (`display.precision` 6). */
function cell(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v.toFixed(6);
}

/**
 * A one-column pandas frame as `print(df)` shows it, e.g. Qlib's risk table:
 * ```
 *                        risk
 * mean               0.000651
 * ```
 */
export function formatColumnFrame(column: string, rows: Record<string, number>): string {
  const names = Object.keys(rows);
  const values = names.map((n) => cell(rows[n]!));
  const nameW = Math.max(0, ...names.map((n) => n.length));
  const valW = Math.max(column.length, ...values.map((v) => v.length));
  const lines = [`${' '.repeat(nameW)}  ${column.padStart(valW)}`];
  for (const [i, n] of names.entries()) lines.push(`${n.padEnd(nameW)}  ${values[i]!.padStart(valW)}`);
  return lines.join('\n');
}

/** The first `n` rows of a `datetime, instrument, value…` table as pandas prints a MultiIndex frame head. */
export function formatTableHead(t: ColumnTable, n = 5): string {
  const cols = t.columnNames().slice(2);
  const rows = Math.min(n, t.numRows());
  const dt = t.array('datetime') as ArrayLike<string>;
  const inst = t.array('instrument') as ArrayLike<string>;
  const instW = Math.max('instrument'.length, ...Array.from({ length: rows }, (_, i) => String(inst[i]).length));
  const data = cols.map((c) => {
    const arr = t.array(c) as ArrayLike<number>;
    const cells = Array.from({ length: rows }, (_, i) => cell(Number(arr[i])));
    return { c, cells, w: Math.max(c.length, ...cells.map((s) => s.length)) };
  });
  const left = 10 + 1 + instW;
  const out = [
    `${' '.repeat(left)}  ${data.map((d) => d.c.padStart(d.w)).join('  ')}`,
    `${'datetime'.padEnd(10)} ${'instrument'.padEnd(instW)}`,
  ];
  for (let i = 0; i < rows; i++) {
    out.push(`${String(dt[i]).padEnd(10)} ${String(inst[i]).padEnd(instW)}  ${data.map((d) => d.cells[i]!.padStart(d.w)).join('  ')}`);
  }
  return out.join('\n');
}
