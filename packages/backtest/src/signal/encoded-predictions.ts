import type { PredictionColumns } from '@rollq/data/provider';

/**
 * Predictions whose `datetime` and `instrument` columns are dictionary-encoded: row `k` has the date text
 * `dateTexts[dateCodes[k]]` and the instrument text `instrumentTexts[instrumentCodes[k]]`. A prediction file
 * holds a few hundred distinct dates and instruments over 10^5–10^6 rows, so checking them against the data
 * costs a look-up per distinct text and a few typed-array reads per row, and no string is kept per row.
 * `parsePredictionsCsv` gives this form; `EncodedPredictions.of` encodes any {@link PredictionColumns}.
 * The row arrays `datetime` and `instrument` of the interface are built on first use.
 */
export class EncodedPredictions implements PredictionColumns {
  readonly dateTexts: readonly string[];
  readonly dateCodes: Int32Array;
  readonly instrumentTexts: readonly string[];
  readonly instrumentCodes: Int32Array;
  readonly values: Map<string, Float64Array>;
  private datetimeRows: string[] | undefined;
  private instrumentRows: string[] | undefined;

  constructor(
    dateTexts: readonly string[],
    dateCodes: Int32Array,
    instrumentTexts: readonly string[],
    instrumentCodes: Int32Array,
    values: Map<string, Float64Array>,
  ) {
    this.dateTexts = dateTexts;
    this.dateCodes = dateCodes;
    this.instrumentTexts = instrumentTexts;
    this.instrumentCodes = instrumentCodes;
    this.values = values;
  }

  /** Number of rows. */
  get rows(): number {
    return this.dateCodes.length;
  }

  /** The date text of each row. */
  get datetime(): string[] {
    this.datetimeRows ??= decode(this.dateTexts, this.dateCodes);
    return this.datetimeRows;
  }

  /** The instrument text of each row. */
  get instrument(): string[] {
    this.instrumentRows ??= decode(this.instrumentTexts, this.instrumentCodes);
    return this.instrumentRows;
  }

  /**
   * The encoded form of `cols` (itself when it is one already). Values are keyed as given: callers may hand
   * over non-string cells, which validation reads through `String()` as before.
   */
  static of(cols: PredictionColumns): EncodedPredictions {
    if (cols instanceof EncodedPredictions) return cols;
    const [dateTexts, dateCodes] = encode(cols.datetime);
    const [instrumentTexts, instrumentCodes] = encode(cols.instrument);
    return new EncodedPredictions(dateTexts, dateCodes, instrumentTexts, instrumentCodes, cols.values);
  }
}

function decode(texts: readonly string[], codes: Int32Array): string[] {
  const out = new Array<string>(codes.length);
  for (let k = 0; k < codes.length; k++) out[k] = texts[codes[k]!]!;
  return out;
}

function encode(cells: readonly unknown[]): [string[], Int32Array] {
  const codeOf = new Map<unknown, number>();
  const texts: unknown[] = [];
  const codes = new Int32Array(cells.length);
  let prev: unknown;
  let prevCode = -1;
  for (let k = 0; k < cells.length; k++) {
    const v = cells[k];
    // runs of equal cells (a day's dates) skip the Map
    if (prevCode < 0 || v !== prev) {
      let c = codeOf.get(v);
      if (c === undefined) {
        c = texts.length;
        codeOf.set(v, c);
        texts.push(v);
      }
      prev = v;
      prevCode = c;
    }
    codes[k] = prevCode;
  }
  return [texts as string[], codes];
}
