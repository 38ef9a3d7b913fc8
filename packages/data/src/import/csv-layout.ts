import { DataError } from '../errors.js';

/** Column names tried, in order, when no symbol column is given (Qlib's `symbol`, Kaggle's `Name`, …). */
export const DEFAULT_SYMBOL_FIELDS = ['symbol', 'Name', 'ticker', 'code'] as const;
/** Column names tried, in order, when no date column is given. */
export const DEFAULT_DATE_FIELDS = ['date', 'Date'] as const;
/** Fields that are prices: a negative value there is a data error, not a quirk. */
export const PRICE_FIELDS: ReadonlySet<string> = new Set([
  'open',
  'high',
  'low',
  'close',
  'vwap',
  'adj_close',
  'adjclose',
  'adjusted_close',
]);
/** Fields that can never be negative: the prices, and traded volume / amount. */
export const NON_NEGATIVE_FIELDS: ReadonlySet<string> = new Set([...PRICE_FIELDS, 'volume', 'amount']);
/**
 * Fields every import must store: the labels (`Ref($close, -2) / Ref($close, -1) - 1`), most Alpha158 /
 * Alpha360 features and the backtest read `$close`; without it they are all NaN.
 */
export const REQUIRED_FIELDS: readonly string[] = ['close'];

/** Where the date, symbol and stored fields sit in a CSV's rows. */
export interface CsvLayout {
  /** Number of cells in the header; every row must have as many. */
  width: number;
  dateCol: number;
  /** Header name of the date column (for error messages). */
  dateName: string;
  /** -1 when the symbol comes from the file name or the `symbol` option. */
  symbolCol: number;
  /** Header positions of the stored fields, in `fields` order. */
  fieldCols: number[];
  /** Stored field names: lower case, anything but `[a-z0-9_]` turned into `_` (they become file names). */
  fields: string[];
  /** Header names of the stored fields, as written in the file (for error messages). */
  headers: string[];
}

/** What the caller asked for; `needSymbol` is false when the symbol comes from the file name or an option. */
export interface LayoutRequest {
  symbolField?: string;
  dateField?: string;
  fields?: string[];
  needSymbol: boolean;
}

/** Turns a column name into the on-disk field name (`Adj Close` → `adj_close`). */
export function fieldFileName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_');
}

/**
 * Finds the date, symbol and field columns of a CSV header. Errors name the file, say which columns the
 * file has and which option picks another one.
 */
export function resolveLayout(header: string[], file: string, req: LayoutRequest): CsvLayout {
  const names = header.map((h) => h.trim());
  const find = (name: string) => names.indexOf(name);
  const columns = names.join(', ');

  const dateCol = req.dateField ? find(req.dateField) : firstPresent(names, DEFAULT_DATE_FIELDS);
  if (dateCol < 0) {
    throw new DataError(
      'CSV_INVALID',
      `${file}:1: no date column ${req.dateField ? `"${req.dateField}"` : '(looked for date, Date)'}; the columns are: ${columns}`,
      {
        hint: 'name the date column with --date-field <column>',
        details: { file, line: 1, columns: names },
      },
    );
  }

  // the symbol column is located even when not needed, so that it is never stored as a field
  const symbolCol = req.symbolField ? find(req.symbolField) : firstPresent(names, DEFAULT_SYMBOL_FIELDS);
  if (req.needSymbol && symbolCol < 0) {
    throw new DataError(
      'CSV_INVALID',
      `${file}:1: no symbol column ${req.symbolField ? `"${req.symbolField}"` : '(looked for symbol, Name, ticker, code)'}; the columns are: ${columns}`,
      {
        hint: 'name the symbol column with --symbol-field <column>, or pass --symbol <SYMBOL> for a file holding one instrument',
        details: { file, line: 1, columns: names },
      },
    );
  }

  let fieldCols: number[];
  if (req.fields) {
    fieldCols = req.fields.map((f) => {
      // requested fields match a column case-insensitively: on disk they are lower case anyway
      const i = names.findIndex((n) => n === f || fieldFileName(n) === fieldFileName(f));
      if (i < 0) {
        throw new DataError('CSV_INVALID', `${file}:1: requested field "${f}" is not a column; the columns are: ${columns}`, {
          hint: 'list only existing columns in --fields, or leave it out to store every column',
          details: { file, line: 1, field: f, columns: names },
        });
      }
      return i;
    });
  } else {
    fieldCols = names.map((_, i) => i).filter((i) => i !== dateCol && i !== symbolCol);
  }
  const fields = fieldCols.map((i) => fieldFileName(names[i]!));
  const seen = new Map<string, string>();
  fieldCols.forEach((col, k) => {
    const prev = seen.get(fields[k]!);
    if (prev !== undefined) {
      throw new DataError('CSV_INVALID', `${file}:1: columns "${prev}" and "${names[col]}" would both be stored as field "${fields[k]}"`, {
        hint: 'pick one of them with --fields',
        details: { file, line: 1 },
      });
    }
    seen.set(fields[k]!, names[col]!);
  });
  if (fields.length === 0) {
    throw new DataError('CSV_INVALID', `${file}:1: no value columns to store besides the date and symbol`, {
      hint: 'the CSV needs at least one numeric column such as close',
      details: { file, line: 1 },
    });
  }
  const missing = REQUIRED_FIELDS.filter((r) => !fields.includes(r));
  if (missing.length) {
    const named = missing.map((m) => `"${m}"`).join(', ');
    throw new DataError(
      'CSV_INVALID',
      `${file}:1: required column${missing.length > 1 ? 's' : ''} ${named} ${req.fields ? 'not among --fields' : 'missing'}; the columns are: ${columns}`,
      {
        hint: `rollq needs ${named}: labels, Alpha158 / Alpha360 and the backtest read it. ${req.fields ? `add ${missing.join(',')} to --fields` : 'name the column close in the header (e.g. a file with only "Adj Close": rename it)'}`,
        details: { file, line: 1, missing, columns: names },
      },
    );
  }
  return {
    width: names.length,
    dateCol,
    dateName: names[dateCol]!,
    symbolCol,
    fieldCols,
    fields,
    headers: fieldCols.map((i) => names[i]!),
  };
}

function firstPresent(names: string[], candidates: readonly string[]): number {
  for (const c of candidates) {
    const i = names.indexOf(c);
    if (i >= 0) return i;
  }
  return -1;
}
