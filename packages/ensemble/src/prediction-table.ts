import type { PredictionColumns } from '@rollq/data';
import type { ColumnTable } from 'arquero';

/**
 * A prediction table: `datetime` (ISO day), `instrument`, then numeric value columns (usually `score`); the
 * ensembles read it with `readPredictionColumns` and build one with `makePredictionTable` (both `@rollq/data`).
 */
export type PredictionTable = ColumnTable;

/** Rows of several tables joined on `(datetime, instrument)`. */
export interface UnionIndex {
  /** Output rows, sorted by datetime then instrument (pandas' `sort_index`). */
  readonly datetime: string[];
  readonly instrument: string[];
  /** For each input part, the output row of each of its rows. */
  readonly rowsOf: Int32Array[];
}

/**
 * The union of the rows of several tables. Dates and instruments are coded as integers (`date *
 * nInstruments + instrument`, both in sorted order); the union marks a dense grid of ranks (or, for a
 * grid over 16M cells, sorts the codes and binary-searches) — string-keyed maps were ~20x slower.
 */
export function unionIndex(parts: readonly PredictionColumns[], denseLimit = DENSE_LIMIT): UnionIndex {
  const dateSet = new Set<string>();
  const instSet = new Set<string>();
  for (const p of parts) {
    for (const d of p.datetime) dateSet.add(d);
    for (const s of p.instrument) instSet.add(s);
  }
  const dates = [...dateSet].sort();
  const insts = [...instSet].sort();
  const dIdx = new Map(dates.map((d, i) => [d, i]));
  const iIdx = new Map(insts.map((s, i) => [s, i]));
  const nI = insts.length;
  const codesOf = parts.map((p) => {
    const c = new Float64Array(p.datetime.length);
    for (let r = 0; r < c.length; r++) c[r] = dIdx.get(p.datetime[r]!)! * nI + iIdx.get(p.instrument[r]!)!;
    return c;
  });
  const { uniq, rowsOf } = dates.length * nI <= denseLimit ? denseUnion(codesOf, dates.length * nI) : sortedUnion(codesOf);
  const u = uniq.length;
  const datetime = new Array<string>(u);
  const instrument = new Array<string>(u);
  for (let i = 0; i < u; i++) {
    const code = uniq[i]!;
    const di = Math.floor(code / nI);
    datetime[i] = dates[di]!;
    instrument[i] = insts[code - di * nI]!;
  }
  return { datetime, instrument, rowsOf };
}

/** Grids up to this many (date, instrument) cells use the dense path (an Int32Array of ranks, 64 MiB at most). */
const DENSE_LIMIT = 1 << 24;

/** Union by marking a dense date x instrument grid: O(rows + cells), no sort. */
function denseUnion(codesOf: readonly Float64Array[], cells: number): { uniq: Float64Array; rowsOf: Int32Array[] } {
  const rank = new Int32Array(cells);
  for (const c of codesOf) for (let r = 0; r < c.length; r++) rank[c[r]!] = 1;
  let u = 0;
  for (let i = 0; i < cells; i++) if (rank[i] === 1) u++;
  const uniq = new Float64Array(u);
  u = 0;
  for (let i = 0; i < cells; i++) {
    if (rank[i] === 1) {
      uniq[u] = i;
      rank[i] = u++;
    }
  }
  return { uniq, rowsOf: codesOf.map((c) => Int32Array.from(c, (code) => rank[code]!)) };
}

/** Union by sorting all codes, for grids too large to allocate densely. */
function sortedUnion(codesOf: readonly Float64Array[]): { uniq: Float64Array; rowsOf: Int32Array[] } {
  const all = new Float64Array(codesOf.reduce((a, c) => a + c.length, 0));
  let k = 0;
  for (const c of codesOf) {
    all.set(c, k);
    k += c.length;
  }
  all.sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[u - 1]) all[u++] = all[i]!;
  const uniq = all.slice(0, u);
  const rowsOf = codesOf.map((c) => {
    const out = new Int32Array(c.length);
    for (let r = 0; r < c.length; r++) out[r] = bisect(uniq, c[r]!);
    return out;
  });
  return { uniq, rowsOf };
}

function bisect(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
