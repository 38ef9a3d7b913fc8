import { readFileSync } from 'node:fs';
import type { PredictionColumns } from '@rollq/data/provider';
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

const CR = 13;

/**
 * Parses the text of a predictions CSV (see `readPredictionsCsv`). One scan over the text with `indexOf`
 * (no line or field arrays), and a row whose date reads as the previous row's shares that string: files
 * are sorted by date, so a 200k-row file holds a few hundred date strings instead of 200k.
 */
export function parsePredictionsCsv(text: string, source = '<csv>'): PredictionColumns {
  const firstNl = text.indexOf('\n');
  const headerLine = firstNl < 0 ? text : text.slice(0, firstNl).replace(/\r$/, '');
  const header = headerLine.split(',').map((h) => unquote(h).toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const di = at('datetime');
  const ii = at('instrument');
  const si = at('score');
  if (di < 0 || ii < 0 || si < 0) {
    throw new BacktestError('PREDICTIONS_INVALID', `${source}: header "${headerLine}" lacks datetime, instrument and score columns`, {
      hint: 'the first line must name the columns: datetime,instrument,score',
    });
  }
  const last = Math.max(di, ii, si);
  const datetime: string[] = [];
  const instrument: string[] = [];
  let score = new Float64Array(1024);
  let n = 0;
  // field bounds of the current line, for the columns up to `last`
  const lo = new Int32Array(last + 1);
  const hi = new Int32Array(last + 1);
  let prevDate = '';
  // rows of a day usually list the instruments in the order of the day before: row `dayStart + o` takes the
  // string of row `prevStart + o` when it reads the same, so each instrument is one string, not one per row
  let dayStart = 0;
  let prevStart = -1;
  let pos = firstNl < 0 ? text.length : firstNl + 1;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const stop = nl < 0 ? text.length : nl;
    // a line ends before "\r\n"; a last line without "\n" keeps a trailing "\r" (trimmed with its field)
    const end = nl >= 0 && stop > pos && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    const next = nl < 0 ? text.length : nl + 1;
    if (end === pos) {
      pos = next; // an empty line
      continue;
    }
    // as line.split(','): field f is text[lo[f], hi[f]), empty when the line has fewer fields
    for (let f = 0, a = pos; f <= last; f++) {
      if (a > end) {
        lo[f] = hi[f] = a;
        continue;
      }
      const c = text.indexOf(',', a);
      const b = c < 0 || c > end ? end : c;
      lo[f] = a;
      hi[f] = b;
      a = b + 1;
    }
    const date = field(text, lo[di]!, hi[di]!, prevDate);
    if (date !== prevDate) {
      prevStart = dayStart;
      dayStart = n;
    }
    prevDate = date;
    datetime.push(date);
    const twin = prevStart + n - dayStart;
    instrument.push(field(text, lo[ii]!, hi[ii]!, prevStart >= 0 && twin < dayStart ? instrument[twin]! : ''));
    const s = field(text, lo[si]!, hi[si]!, '');
    if (n === score.length) {
      const grown = new Float64Array(2 * n);
      grown.set(score);
      score = grown;
    }
    score[n++] = s === '' ? NaN : Number(s);
    pos = next;
  }
  return { datetime, instrument, values: new Map([['score', score.slice(0, n)]]) };
}

/**
 * The field `text[a, b)` unquoted and trimmed, as `unquote` would give it; `same` when the field reads as
 * that string (no new string then). Fields that start and end with a plain printable character need no
 * trimming or unquoting and are cut straight from the text.
 */
function field(text: string, a: number, b: number, same: string): string {
  if (b <= a) return '';
  const c0 = text.charCodeAt(a);
  const c1 = text.charCodeAt(b - 1);
  if (c0 > 32 && c0 < 127 && c0 !== 34 && c1 > 32 && c1 < 127 && c1 !== 34) {
    if (same.length === b - a && text.startsWith(same, a)) return same;
    return text.slice(a, b);
  }
  const u = unquote(text.slice(a, b));
  return u === same ? same : u;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}
