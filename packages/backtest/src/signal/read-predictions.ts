import { readFileSync } from 'node:fs';
import type { PredictionColumns } from '@rollq/data';
import { BacktestError } from '../errors.js';

/**
 * Reads a `datetime,instrument,score` CSV (columns in any order, extra columns ignored; quotes around
 * fields allowed). Parsed by hand rather than through a table library: files of a million rows are common.
 */
export function readPredictionsCsv(path: string): PredictionColumns {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BacktestError('PREDICTIONS_INVALID', `cannot read predictions file ${path}`, {
      hint: 'pass an existing CSV file with --pred',
      cause: e,
    });
  }
  return parsePredictionsCsv(text, path);
}

/** Parses the text of a predictions CSV (see `readPredictionsCsv`). */
export function parsePredictionsCsv(text: string, source = '<csv>'): PredictionColumns {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => unquote(h).toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const [di, ii, si] = [at('datetime'), at('instrument'), at('score')];
  if (di < 0 || ii < 0 || si < 0) {
    throw new BacktestError('PREDICTIONS_INVALID', `${source}: header "${lines[0] ?? ''}" lacks datetime, instrument and score columns`, {
      hint: 'the first line must name the columns: datetime,instrument,score',
    });
  }
  const datetime: string[] = [];
  const instrument: string[] = [];
  const score: number[] = [];
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (!line) continue;
    const f = line.split(',');
    datetime.push(unquote(f[di] ?? ''));
    instrument.push(unquote(f[ii] ?? ''));
    const s = unquote(f[si] ?? '');
    score.push(s === '' ? NaN : Number(s));
  }
  return { datetime, instrument, values: new Map([['score', Float64Array.from(score)]]) };
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}
