import type { PredictionColumns, QlibProvider } from '@rollq/data';
import { BacktestError } from '../errors.js';
import { Signal } from './signal.js';

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
  const known = new Map<string, boolean>();
  const seen = new Set<string>();
  const rows: Array<{ pos: number; instrument: string; score: number }> = [];
  for (let k = 0; k < audit.total; k++) {
    const date = String(cols.datetime[k]).slice(0, 10);
    const inst = String(cols.instrument[k]).trim().toUpperCase();
    const score = scores[k]!;
    let ok = known.get(inst);
    if (ok === undefined) known.set(inst, (ok = provider.hasSymbol(inst)));
    if (!ok) {
      note(audit.unknownInstruments, inst);
      continue;
    }
    const pos = cal.indexOf(date);
    if (pos < 0) {
      if (date < cal.first || date > cal.last) note(audit.outsideCalendar, date);
      else note(audit.notTradingDay, date);
      continue;
    }
    if (!Number.isFinite(score)) {
      note(audit.nanScores, `${date} ${inst}`);
      continue;
    }
    const key = `${pos}\u0000${inst}`;
    if (seen.has(key)) {
      note(audit.duplicates, `${date} ${inst}`);
      continue;
    }
    seen.add(key);
    rows.push({ pos, instrument: inst, score });
  }
  audit.kept = rows.length;
  if (rows.length === 0) {
    throw new BacktestError('PREDICTIONS_INVALID', `no usable prediction rows: ${describeAudit(audit)}`, {
      hint: `predictions need datetime,instrument,score rows with instruments of ${provider.root} and trading days ${cal.first}..${cal.last}`,
      details: { audit },
    });
  }
  return { signal: Signal.fromRows(rows), audit };
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
