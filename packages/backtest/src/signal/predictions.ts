import type { PredictionColumns, QlibProvider } from '@rollq/data/provider';
import { BacktestError } from '../errors.js';
import { EncodedPredictions } from './encoded-predictions.js';
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
  // a look-up per distinct instrument and date text, then a few typed-array reads per row
  const enc = EncodedPredictions.of(cols);
  const { dateCodes, instrumentCodes } = enc;
  const bucket = () => ({ rows: 0, examples: [] as string[] });
  const audit: PredictionAudit = {
    total: enc.rows,
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
  // instrument texts that read the same upper-cased and trimmed share a slot
  const slotBy = new Map<string, number>();
  const slotName: string[] = [];
  const slotKnown: boolean[] = [];
  const slotOfCode = enc.instrumentTexts.map((raw) => {
    const inst = String(raw).trim().toUpperCase();
    let slot = slotBy.get(inst);
    if (slot === undefined) {
      slot = slotName.length;
      slotBy.set(inst, slot);
      slotName.push(inst);
      slotKnown.push(provider.hasSymbol(inst));
    }
    return slot;
  });
  const dayOfCode = enc.dateTexts.map((raw) => String(raw).slice(0, 10));
  const posOfCode = dayOfCode.map((date) => cal.indexOf(date));
  const slotSym = new Int32Array(slotName.length).fill(-1); // slot → signal instrument index, -1 until its first kept row
  const symbols: string[] = [];
  const rows = new SignalColumns(audit.total);
  const rowOf = new Int32Array(audit.total); // input row number of each kept row
  for (let k = 0; k < audit.total; k++) {
    const slot = slotOfCode[instrumentCodes[k]!]!;
    if (!slotKnown[slot]) {
      note(audit.unknownInstruments, slotName[slot]!);
      continue;
    }
    const pos = posOfCode[dateCodes[k]!]!;
    if (pos < 0) {
      const date = dayOfCode[dateCodes[k]!]!;
      if (date < cal.first || date > cal.last) note(audit.outsideCalendar, date);
      else note(audit.notTradingDay, date);
      continue;
    }
    const score = scores[k]!;
    if (!Number.isFinite(score)) {
      note(audit.nanScores, `${dayOfCode[dateCodes[k]!]!} ${slotName[slot]!}`);
      continue;
    }
    // a repeated (datetime, instrument) pair never holds an instrument's first kept row, so indices are
    // given in order of first appearance, duplicates or not
    if (slotSym[slot] === -1) {
      slotSym[slot] = symbols.length;
      symbols.push(slotName[slot]!);
    }
    rowOf[rows.length] = k;
    rows.push(pos, slotSym[slot]!, score);
  }
  const duplicates: number[] = [];
  const signal = rows.toSignal(symbols, (r) => duplicates.push(rowOf[r]!));
  // the first row of a pair wins; the repeats are noted in input order
  duplicates.sort((x, y) => x - y);
  for (const k of duplicates) {
    note(audit.duplicates, `${dayOfCode[dateCodes[k]!]!} ${slotName[slotOfCode[instrumentCodes[k]!]!]!}`);
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
