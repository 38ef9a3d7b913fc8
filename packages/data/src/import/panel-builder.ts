import { DataError } from '../errors.js';
import { symbolProblem } from '../storage/symbol-folder.js';
import { type CsvLayout, NON_NEGATIVE_FIELDS, PRICE_FIELDS } from './csv-layout.js';
import { parseDayCell } from './fast-date.js';

/** The rows of one symbol, in ascending date order, values row-major (`values[row * fields + f]`). */
export interface SymbolRows {
  /** Upper-case symbol (as in all.txt). */
  symbol: string;
  /** The file its rows came from (for error messages after parsing). */
  file: string;
  /** Canonical `YYYY-MM-DD` dates, strictly ascending. */
  dates: string[];
  /** 1-based line numbers of the rows, for error messages raised after parsing. */
  lines: Int32Array;
  values: Float64Array;
}

/** Everything parsed from the CSV input: one entry per symbol, plus the stored field names. */
export interface Panel {
  fields: string[];
  symbols: Map<string, SymbolRows>;
  rows: number;
}

/** The largest finite float32: a `.bin` file stores float32, so anything beyond would be stored as ±inf. */
const FLOAT32_MAX = 3.4028234663852886e38;
const OUT_OF_RANGE = 'is out of range (beyond ±3.4e38, the largest value a float32 .bin file holds)';
/** A decimal number, optionally signed, with optional fraction and exponent (surrounding blanks allowed). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * True when a cell that `Number()` read as a finite number is not a decimal number: `Number()` also reads
 * `0x1F`, `0b101` and `0o17` (never signed). A cell starting with a sign, a digit other than 0, or a dot is
 * decimal then; one starting with `0` is unless an x / b / o follows; anything else (leading blanks) is
 * checked in full. Infinity and overflow are caught before, by value.
 */
function notDecimal(cell: string): boolean {
  const c0 = cell.charCodeAt(0);
  if (c0 === 48) {
    const c1 = cell.charCodeAt(1) | 32;
    return c1 === 120 || c1 === 98 || c1 === 111;
  }
  if ((c0 >= 49 && c0 <= 57) || c0 === 45 || c0 === 46 || c0 === 43) return false;
  return !DECIMAL.test(cell.trim());
}

/** CSV_INVALID for a bad number cell, naming file, line, column and the value. */
function badNumber(file: string, lineNo: number, layout: CsvLayout, f: number, cell: string, problem: string): DataError {
  const col = layout.fieldCols[f]! + 1;
  return new DataError('CSV_INVALID', `${file}:${lineNo}: column "${layout.headers[f]}" (column ${col}) value "${cell}" ${problem}`, {
    hint: 'write numbers in decimal (e.g. 31, -0.5 or 1.5e3; no hex, binary, octal or Infinity); fix the cell, leave it empty for a missing value (stored as NaN), or leave the column out with --fields',
    details: { file, line: lineNo, column: col, field: layout.fields[f], value: cell },
  });
}

/** Cells read as "missing" (pandas' default NA strings that occur in market data); an empty cell too. */
const NA_CELLS = new Set(['', 'nan', 'NaN', 'NA', 'N/A', 'null', 'NULL', 'None']);

interface Growing {
  symbol: string;
  file: string;
  dates: string[];
  lines: Int32Array;
  values: Float64Array;
  n: number;
}

/**
 * Collects and validates CSV rows into per-symbol typed arrays. Every check that can fail on the input
 * (numbers, dates, order, duplicates, negative prices) happens here, while reading, so that a bad file is
 * rejected before any byte is written.
 */
export class PanelBuilder {
  private readonly symbols = new Map<string, Growing>();
  /** raw date cell → canonical day; a panel has few distinct dates, so each is validated once */
  private readonly dateCache = new Map<string, string>();
  private rowCount = 0;
  private storedFields: string[] | undefined;

  /** `range` keeps only rows dated within it (closed; either end optional). */
  constructor(private readonly range: { start?: string; end?: string } = {}) {}

  /** Rows accepted so far (after the start/end filter). */
  get rows(): number {
    return this.rowCount;
  }

  /**
   * Adds one data row. `fixedSymbol` is the already-known symbol (file name / option), or undefined to read it
   * from the layout's symbol column.
   */
  addRow(cells: string[], layout: CsvLayout, file: string, lineNo: number, fixedSymbol: string | undefined): void {
    if (cells.length !== layout.width) {
      throw new DataError('CSV_INVALID', `${file}:${lineNo}: ${cells.length} cells, but the header has ${layout.width}`, {
        hint: 'every row needs one cell per header column (check for stray commas or a truncated line)',
        details: { file, line: lineNo },
      });
    }
    const rawDate = cells[layout.dateCol]!;
    let date = this.dateCache.get(rawDate);
    if (date === undefined) {
      try {
        date = parseDayCell(rawDate, 'date');
      } catch {
        throw new DataError('CSV_INVALID', `${file}:${lineNo}: column "${layout.dateName}" value "${rawDate}" is not a valid date`, {
          hint: 'write dates as YYYY-MM-DD (e.g. 2017-01-03), or pick the right column with --date-field',
          details: { file, line: lineNo, column: layout.dateCol + 1, value: rawDate },
        });
      }
      this.dateCache.set(rawDate, date);
    }
    if ((this.range.start && date < this.range.start) || (this.range.end && date > this.range.end)) return;

    let symbol = fixedSymbol;
    if (symbol === undefined) {
      symbol = cells[layout.symbolCol]!.trim().toUpperCase();
      if (!symbol) {
        throw new DataError('CSV_INVALID', `${file}:${lineNo}: the symbol cell is empty`, {
          hint: 'every row needs a symbol; fill it in or remove the row',
          details: { file, line: lineNo, column: layout.symbolCol + 1 },
        });
      }
    }
    const s = this.series(symbol, file, lineNo);
    if (s.n > 0) {
      const prev = s.dates[s.n - 1]!;
      if (date === prev) {
        throw new DataError('CSV_INVALID', `${file}:${lineNo}: duplicate row for (${symbol}, ${date})`, {
          hint: 'keep one row per symbol and date',
          details: { file, line: lineNo, symbol, date, previousLine: s.lines[s.n - 1] },
        });
      }
      if (date < prev) {
        throw new DataError(
          'CSV_INVALID',
          `${file}:${lineNo}: dates of ${symbol} are not ascending (${date} after ${prev} on line ${s.lines[s.n - 1]})`,
          {
            hint: 'sort the rows of each symbol by date (e.g. sort by symbol, then date) and import again',
            details: { file, line: lineNo, symbol, date, previous: prev },
          },
        );
      }
    }
    const nf = layout.fieldCols.length;
    if (s.n === s.lines.length) this.grow(s, nf);
    const base = s.n * nf;
    for (let f = 0; f < nf; f++) {
      const col = layout.fieldCols[f]!;
      const cell = cells[col]!;
      let v: number;
      if (cell.length === 0) v = NaN;
      else {
        // Number() is the fast path; what it accepts beyond decimal numbers is caught by cheap checks after it
        v = Number(cell);
        if (v !== v) {
          // the NA spellings are only looked up on the rare cell that is not a number (hot loop)
          if (NA_CELLS.has(cell.trim())) v = NaN;
          else throw badNumber(file, lineNo, layout, f, cell, 'is not a number');
        } else if (v > FLOAT32_MAX || v < -FLOAT32_MAX) {
          throw badNumber(file, lineNo, layout, f, cell, Number.isFinite(v) || /\d/.test(cell) ? OUT_OF_RANGE : 'is not a finite number');
        } else if (v === 0 && cell.trim() === '')
          v = NaN; // Number(' ') is 0: a blank cell is missing, not zero
        else if (notDecimal(cell)) throw badNumber(file, lineNo, layout, f, cell, 'is not a decimal number');
        else if (v < 0 && NON_NEGATIVE_FIELDS.has(layout.fields[f]!)) {
          const kind = PRICE_FIELDS.has(layout.fields[f]!) ? 'price' : layout.fields[f]!;
          throw new DataError(
            'CSV_INVALID',
            `${file}:${lineNo}: column "${layout.headers[f]}" (column ${col + 1}) has a negative ${kind} ${cell}`,
            {
              hint: 'prices (open, high, low, close, vwap, adj_close, adjusted_close) and volume / amount must be >= 0: correct the row or remove it',
              details: { file, line: lineNo, column: col + 1, field: layout.fields[f], value: v },
            },
          );
        }
      }
      s.values[base + f] = v;
    }
    s.dates.push(date);
    s.lines[s.n] = lineNo;
    s.n += 1;
    this.rowCount += 1;
  }

  /** The collected panel, arrays trimmed to their row counts. */
  finish(): Panel {
    const symbols = new Map<string, SymbolRows>();
    const nf = this.storedFields?.length ?? 0;
    for (const [k, s] of this.symbols) {
      if (s.n === 0) continue;
      symbols.set(k, { symbol: s.symbol, file: s.file, dates: s.dates, lines: s.lines.slice(0, s.n), values: s.values.slice(0, s.n * nf) });
    }
    return { fields: this.storedFields ?? [], symbols, rows: this.rowCount };
  }

  /**
   * Starts a file's rows. All files of one import must store the same fields, or the symbols' folders
   * would differ.
   */
  beginFile(layout: CsvLayout, file: string): void {
    if (!this.storedFields) {
      this.storedFields = layout.fields;
      return;
    }
    if (this.storedFields !== layout.fields && this.storedFields.join(',') !== layout.fields.join(',')) {
      throw new DataError(
        'CSV_INVALID',
        `${file}:1: stores fields ${layout.fields.join(',')}, but earlier files stored ${this.storedFields.join(',')}`,
        {
          hint: 'give every file the same columns, or choose common ones with --fields',
          details: { file, line: 1 },
        },
      );
    }
  }

  /** The rows of `symbol`; a symbol seen for the first time is checked once (it becomes a folder and an instruments line). */
  private series(symbol: string, file: string, lineNo: number): Growing {
    let s = this.symbols.get(symbol);
    if (!s) {
      const problem = symbolProblem(symbol);
      if (problem !== undefined) {
        throw new DataError('CSV_INVALID', `${file}:${lineNo}: symbol ${JSON.stringify(symbol)} cannot be stored: ${problem}`, {
          hint: 'fix or remove the rows of that symbol (other characters, such as / or .., are stored safely and read back as written)',
          details: { file, line: lineNo, symbol },
        });
      }
      s = { symbol, file, dates: [], lines: new Int32Array(0), values: new Float64Array(0), n: 0 };
      this.symbols.set(symbol, s);
    }
    return s;
  }

  private grow(s: Growing, nf: number): void {
    // doubling keeps appends amortised O(1) while the values stay in one typed array per symbol
    const cap = Math.max(64, s.lines.length * 2);
    const values = new Float64Array(cap * nf);
    values.set(s.values);
    s.values = values;
    const lines = new Int32Array(cap);
    lines.set(s.lines);
    s.lines = lines;
  }
}
