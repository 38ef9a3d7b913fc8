import type { PredictionColumns, QlibProvider } from '@rollq/data/provider';
import { BacktestError } from '../errors.js';
import { type Signal, SignalColumns } from './signal.js';

/** What validation dropped, by reason, with a few examples of each. */
export interface PredictionAudit {
  total: number;
  kept: number;
  unknownInstruments: { rows: number; examples: string[] };
  outsideCalendar: { rows: number; examples: string[] };
  notTradingDay: { rows: number; examples: string[] };
  nanScores: { rows: number; examples: string[] };
  duplicates: { rows: number; examples: string[] };
}

/** The checked signal and what was dropped on the way. */
export interface ValidatedPredictions {
  signal: Signal;
  audit: PredictionAudit;
}

/**
 * Checks predictions (their `column` value column, default `score`) against the data and builds the
 * signal. Rows are dropped (and counted) when the instrument is not in the data, the date is outside the
 * calendar or not a trading day, the score is not a finite number, or the (datetime, instrument) pair
 * already appeared (the first row wins).
 * Throws PREDICTIONS_INVALID when nothing usable is left, so a bad file never gives a silent empty result.
 *
 * @example
 * ```ts
 * const { signal, audit } = validatePredictions(readPredictionsCsv('pred.csv'), provider);
 * if (audit.kept < audit.total) console.warn(describeAudit(audit)); // "dropped 3 row(s) dated outside the calendar (e.g. …); kept …"
 * ```
 */
export function validatePredictions(cols: PredictionColumns, provider: QlibProvider, column = 'score'): ValidatedPredictions {
  const cal = provider.calendar;
  const scores = cols.values.get(column);
  if (!scores) {
    throw new BacktestError(
      'PREDICTIONS_INVALID',
      `predictions have no "${column}" column (columns: ${[...cols.values.keys()].join(', ')})`,
      {
        hint: `give the predictions a ${column} column`,
      },
    );
  }
  const bucket = () => ({ rows: 0, examples: [] as string[] });
  const audit: PredictionAudit = {
    total: cols.datetime.length,
    kept: 0,
    unknownInstruments: bucket(),
    outsideCalendar: bucket(),
    notTradingDay: bucket(),
    nanScores: bucket(),
    duplicates: bucket(),
  };
  const note = (b: { rows: number; examples: string[] }, what: string) => {
    b.rows++;
    if (b.examples.length < 5 && !b.examples.includes(what)) b.examples.push(what);
  };
  // one look-up per distinct instrument text and per run of equal dates, not per row: a row costs a Map
  // probe and a few typed-array writes
  const slotOf = new Map<unknown, number>(); // instrument as given → slot
  const slotBy = new Map<string, number>(); // upper-cased symbol → slot
  const slotName: string[] = [];
  const slotKnown: boolean[] = [];
  const slotSym: number[] = []; // slot → signal instrument index, -1 until the slot's first kept row
  const symbols: string[] = [];
  const rows = new SignalColumns();
  const rowOf: number[] = []; // input row number of each kept row
  let prevRaw: unknown;
  let date = '';
  let pos = -1;
  for (let k = 0; k < audit.total; k++) {
    const raw = cols.instrument[k];
    let slot = slotOf.get(raw);
    if (slot === undefined) {
      const inst = String(raw).trim().toUpperCase();
      slot = slotBy.get(inst);
      if (slot === undefined) {
        slot = slotName.length;
        slotBy.set(inst, slot);
        slotName.push(inst);
        slotKnown.push(provider.hasSymbol(inst));
        slotSym.push(-1);
      }
      slotOf.set(raw, slot);
    }
    if (!slotKnown[slot]) {
      note(audit.unknownInstruments, slotName[slot]!);
      continue;
    }
    const rawDate = cols.datetime[k];
    if (rawDate !== prevRaw || k === 0) {
      prevRaw = rawDate;
      date = String(rawDate).slice(0, 10);
      pos = cal.indexOf(date);
    }
    if (pos < 0) {
      if (date < cal.first || date > cal.last) note(audit.outsideCalendar, date);
      else note(audit.notTradingDay, date);
      continue;
    }
    const score = scores[k]!;
    if (!Number.isFinite(score)) {
      note(audit.nanScores, `${date} ${slotName[slot]!}`);
      continue;
    }
    // a repeated (datetime, instrument) pair never holds an instrument's first kept row, so indices are
    // given in order of first appearance, duplicates or not
    if (slotSym[slot] === -1) {
      slotSym[slot] = symbols.length;
      symbols.push(slotName[slot]!);
    }
    rows.push(pos, slotSym[slot]!, score);
    rowOf.push(k);
  }
  const duplicates: number[] = [];
  const signal = rows.toSignal(symbols, (r) => duplicates.push(rowOf[r]!));
  // the first row of a pair wins; the repeats are noted in input order
  duplicates.sort((x, y) => x - y);
  for (const k of duplicates) {
    note(audit.duplicates, `${String(cols.datetime[k]).slice(0, 10)} ${String(cols.instrument[k]).trim().toUpperCase()}`);
  }
  audit.kept = rows.length - duplicates.length;
  if (audit.kept === 0) {
    throw new BacktestError('PREDICTIONS_INVALID', `no usable prediction rows: ${describeAudit(audit)}`, {
      hint: `predictions need datetime,instrument,score rows with instruments of ${provider.root} and trading days ${cal.first}..${cal.last}`,
      details: { audit },
    });
  }
  return { signal, audit };
}

/** One line saying what was dropped and why ("" when nothing was). */
export function describeAudit(a: PredictionAudit): string {
  const parts: string[] = [];
  const add = (b: { rows: number; examples: string[] }, what: string) => {
    if (b.rows) parts.push(`${b.rows} row(s) ${what} (e.g. ${b.examples.join(', ')})`);
  };
  add(a.unknownInstruments, 'with instruments not in the data');
  add(a.outsideCalendar, 'dated outside the calendar');
  add(a.notTradingDay, 'dated on non-trading days');
  add(a.nanScores, 'with a missing or non-numeric score');
  add(a.duplicates, 'repeating a (datetime, instrument) pair');
  return parts.length ? `dropped ${parts.join('; ')}; kept ${a.kept} of ${a.total}` : '';
}
