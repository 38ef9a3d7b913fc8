import type { BacktestResult } from '../backtest/result.js';

/** Named columns of equal length: strings and numbers (typed arrays welcome). */
export type CsvColumns = Record<string, ArrayLike<string | number>>;

/** The daily report as Qlib's `report_normal_1day` frame: `datetime, account, return, total_turnover, turnover, total_cost, cost, value, cash, bench`. */
export function reportColumns(res: BacktestResult): CsvColumns {
  const r = res.report;
  return {
    datetime: res.dates,
    account: r.account,
    return: r.return,
    total_turnover: r.totalTurnover,
    turnover: r.turnover,
    total_cost: r.totalCost,
    cost: r.cost,
    value: r.value,
    cash: r.cash,
    bench: r.bench,
  };
}

/** Holdings at each bar end: `datetime, instrument, amount, price, count, weight` (weight of the account). */
export function positionsColumns(res: BacktestResult): CsvColumns {
  const p = res.positions;
  return {
    datetime: p.map((x) => res.dates[x.day]!),
    instrument: p.map((x) => res.symbols[x.inst]!),
    amount: numbers(p, (x) => x.amount),
    price: numbers(p, (x) => x.price),
    count: numbers(p, (x) => x.count),
    weight: numbers(p, (x) => x.weight),
  };
}

/** Filled orders: `datetime, instrument, direction, amount, price, value, cost`. */
export function tradesColumns(res: BacktestResult): CsvColumns {
  const t = res.trades;
  return {
    datetime: t.map((x) => res.dates[x.day]!),
    instrument: t.map((x) => res.symbols[x.inst]!),
    direction: t.map((x) => x.direction),
    amount: numbers(t, (x) => x.amount),
    price: numbers(t, (x) => x.price),
    value: numbers(t, (x) => x.value),
    cost: numbers(t, (x) => x.cost),
  };
}

/** What the risk controls changed: `datetime, instrument, check, before, after` (instrument empty for account-level cuts). */
export function riskLogColumns(res: BacktestResult): CsvColumns {
  const l = res.riskLog;
  return {
    datetime: l.map((x) => res.dates[x.day]!),
    instrument: l.map((x) => (x.inst < 0 ? '' : res.symbols[x.inst]!)),
    check: l.map((x) => x.check),
    before: numbers(l, (x) => x.before),
    after: numbers(l, (x) => x.after),
  };
}

/** `Float64Array.from(rows, pick)` as a plain loop: `from` walks an array through the iterator protocol. */
function numbers<T>(rows: readonly T[], pick: (row: T) => number): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = pick(rows[i]!);
  return out;
}

const NEEDS_QUOTES = /[",\n\r]/;

/**
 * The CSV text of `columns`, character for character what arquero's `table(columns).toCSV()` gives (a header
 * row, `String(value)` cells, quotes around cells holding a comma, quote or line break, a newline after each
 * row), without building the table: the report's positions run to 50k rows, and arquero's per-cell scan and
 * test made their CSV ~1.5x slower. Converted column by column (one tight loop per column: a typed array's
 * numbers, or a string column's few distinct values escaped once each), then joined row by row.
 */
export function columnsCsv(columns: CsvColumns): string {
  const names = Object.keys(columns);
  const rows = names.length ? columns[names[0]!]!.length : 0;
  const cells = names.map((n) => columnCells(columns[n]!, rows));
  const lines = new Array<string>(rows + 1);
  lines[0] = names.map(csvCell).join(',');
  for (let i = 0; i < rows; i++) {
    let line = cells[0]![i]!;
    for (let c = 1; c < cells.length; c++) line += `,${cells[c]![i]!}`;
    lines[i + 1] = line;
  }
  return `${lines.join('\n')}\n`;
}

/** The CSV cells of one column's first `rows` values. */
function columnCells(column: ArrayLike<string | number>, rows: number): string[] {
  const out = new Array<string>(rows);
  if (ArrayBuffer.isView(column)) {
    // digits, '.', '-', 'e', NaN, Infinity: never quoted
    for (let i = 0; i < rows; i++) out[i] = String(column[i]);
    return out;
  }
  // dates and instruments repeat row after row: a value equal to the row before reuses its cell
  let prev: unknown;
  let prevCell = '';
  for (let i = 0; i < rows; i++) {
    const v = column[i]!;
    if (i === 0 || v !== prev) {
      prevCell = csvCell(v);
      prev = v;
    }
    out[i] = prevCell;
  }
  return out;
}

function csvCell(v: string | number): string {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
