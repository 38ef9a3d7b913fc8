import { table as aqTable, type ColumnTable } from 'arquero';

/**
 * Qlib's `RollingEnsemble` on the per-model test predictions of a rolling run: parts are ordered by their
 * first date, concatenated, and where two parts share a `(datetime, instrument)` the later part wins;
 * rows come out sorted by `(datetime, instrument)`. Value columns are those of the first part.
 *
 * (The runner keeps this local adapter because the merge runs on tables it just stored; @rollq/ensemble's
 * collectors do the same for recorders they discover.)
 */
export function mergeRollingPredictions(parts: readonly ColumnTable[]): ColumnTable {
  const nonEmpty = parts.filter((t) => t.numRows() > 0);
  const first = (t: ColumnTable): string => {
    const dt = t.array('datetime') as ArrayLike<string>;
    let min = dt[0]!;
    for (let i = 1; i < dt.length; i++) if (dt[i]! < min) min = dt[i]!;
    return min;
  };
  const ordered = nonEmpty.map((t) => ({ t, start: first(t) })).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const valueNames = (parts[0]?.columnNames() ?? ['datetime', 'instrument', 'score']).slice(2);
  // key -> [part, row]; later parts overwrite earlier ones
  const winner = new Map<string, [number, number]>();
  ordered.forEach(({ t }, p) => {
    const dt = t.array('datetime') as ArrayLike<string>;
    const inst = t.array('instrument') as ArrayLike<string>;
    for (let i = 0; i < dt.length; i++) winner.set(`${dt[i]}\u0000${inst[i]}`, [p, i]);
  });
  const keys = [...winner.keys()].sort();
  const datetime = new Array<string>(keys.length);
  const instrument = new Array<string>(keys.length);
  const values = valueNames.map(() => new Float64Array(keys.length));
  const cols = ordered.map(({ t }) => valueNames.map((n) => t.array(n) as ArrayLike<number>));
  keys.forEach((k, j) => {
    const sep = k.indexOf('\u0000');
    datetime[j] = k.slice(0, sep);
    instrument[j] = k.slice(sep + 1);
    const [p, i] = winner.get(k)!;
    valueNames.forEach((_, c) => (values[c]![j] = Number(cols[p]![c]![i])));
  });
  return aqTable({ datetime, instrument, ...Object.fromEntries(valueNames.map((n, c) => [n, values[c]!])) });
}
