import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { BacktestError } from '../errors.js';
import { EncodedPredictions } from './encoded-predictions.js';
import { grown } from './grown.js';

/**
 * Reads a `datetime,instrument,score` CSV (columns in any order, extra columns ignored; quotes around
 * fields allowed; a UTF-8 byte-order mark is skipped). Parsed by hand rather than through a table library:
 * files of a million rows are common. An ASCII file (the usual case) is decoded as Latin-1, ~8x faster than
 * UTF-8 validation of the same bytes; any other is decoded as UTF-8.
 */
export function readPredictionsCsv(path: string): EncodedPredictions {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new BacktestError('PREDICTIONS_INVALID', `cannot read predictions file ${path}`, {
      hint: 'pass an existing CSV file with --pred',
      cause: e,
    });
  }
  return parsePredictionsCsv(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'), path);
}

const CR = 13;
const BOM = 0xfeff;

/**
 * Parses the text of a predictions CSV (see `readPredictionsCsv`) into dictionary-encoded columns. One scan
 * over the text with `indexOf` (no line or field arrays) and no string per row:
 * - a row whose date reads as the previous row's takes its code (files are sorted by date);
 * - rows of a day usually list the instruments in the order of the day before, so each row first tries the
 *   instrument that follows, in the day before, the previous row's instrument (a `startsWith`, no new
 *   string), and looks the text up only when that misses.
 */
export function parsePredictionsCsv(text: string, source = '<csv>'): EncodedPredictions {
  const bodyStart = text.charCodeAt(0) === BOM ? 1 : 0;
  const firstNl = text.indexOf('\n', bodyStart);
  const headerLine = (firstNl < 0 ? text.slice(bodyStart) : text.slice(bodyStart, firstNl)).replace(/\r$/, '');
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
  const dates = new TextCodes();
  const instruments = new TextCodes();
  // a row per ~30 characters is the usual density; the columns grow when a file is denser
  let capacity = Math.max(1024, Math.ceil(text.length / 24));
  let dateCodes = new Int32Array(capacity);
  let instCodes = new Int32Array(capacity);
  let score = new Float64Array(capacity);
  let n = 0;
  let prevDate = -1;
  // rows [prevStart, dayStart) are the day before the current one, which starts at row dayStart; `follow` is
  // the row of the day before whose instrument the next row is expected to have
  let dayStart = 0;
  let prevStart = 0;
  let follow = 0;
  let lastRow = new Int32Array(1024).fill(-1); // instrument code → the last row that had it
  const { length } = text;
  let pos = firstNl < 0 ? length : firstNl + 1;
  // the loop is written out flat (bounds in locals, the usual matches inline): it runs once per command,
  // mostly before the JIT has optimised it, where every call and array access costs
  while (pos < length) {
    const nl = text.indexOf('\n', pos);
    const stop = nl < 0 ? length : nl;
    const end = stop > pos && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    if (end === pos) {
      pos = stop + 1; // an empty line
      continue;
    }
    // as line.split(','): field f is text[a, b), empty when the line has fewer fields
    let da = end;
    let db = end;
    let ia = end;
    let ib = end;
    let sa = end;
    let sb = end;
    for (let f = 0, a = pos; f <= last && a <= end; f++) {
      const c = text.indexOf(',', a);
      const b = c < 0 || c > end ? end : c;
      if (f === di) {
        da = a;
        db = b;
      }
      if (f === ii) {
        ia = a;
        ib = b;
      }
      if (f === si) {
        sa = a;
        sb = b;
      }
      a = b + 1;
    }
    if (n === capacity) {
      capacity *= 2;
      dateCodes = grown(dateCodes, capacity);
      instCodes = grown(instCodes, capacity);
      score = grown(score, capacity);
    }
    let date = prevDate;
    if (date < 0 || !dates.matches(date, text, da, db)) date = dates.codeOf(text, da, db);
    if (date !== prevDate) {
      prevStart = dayStart;
      dayStart = n;
      follow = prevStart;
      prevDate = date;
    }
    dateCodes[n] = date;
    let inst = follow < dayStart ? instCodes[follow]! : -1;
    if (inst >= 0 && instruments.matches(inst, text, ia, ib)) follow++;
    else {
      inst = instruments.codeOf(text, ia, ib);
      if (inst >= lastRow.length) lastRow = grown(lastRow, 2 * inst + 2, -1);
      // resume after this instrument's row in the day before
      const seen = lastRow[inst]!;
      if (seen >= prevStart && seen < dayStart) follow = seen + 1;
    }
    lastRow[inst] = n;
    instCodes[n] = inst;
    score[n++] = scoreAt(text, sa, sb);
    pos = stop + 1;
  }
  return new EncodedPredictions(
    dates.texts,
    dateCodes.slice(0, n),
    instruments.texts,
    instCodes.slice(0, n),
    new Map([['score', score.slice(0, n)]]),
  );
}

/** The distinct texts of a column and their codes (first seen, first coded). */
class TextCodes {
  readonly texts: string[] = [];
  /** Per code: whether the text is plain (see `plain`), so that a field of the same characters reads as it. */
  private readonly plainText: boolean[] = [];
  private readonly codes = new Map<string, number>();

  /** Whether field `text[a, b)` reads as the text of `code`, compared in place (no new string). */
  matches(code: number, text: string, a: number, b: number): boolean {
    const t = this.texts[code]!;
    return t.length === b - a && this.plainText[code]! && text.startsWith(t, a);
  }

  /** The code of field `text[a, b)` read as `unquote` would read it (a new code for a new text). */
  codeOf(text: string, a: number, b: number): number {
    const t = b <= a ? '' : plain(text, a, b) ? text.slice(a, b) : unquote(text.slice(a, b));
    let code = this.codes.get(t);
    if (code === undefined) {
      code = this.texts.length;
      this.codes.set(t, code);
      this.texts.push(t);
      this.plainText.push(t !== '' && plain(t, 0, t.length));
    }
    return code;
  }
}

/** The number in field `text[a, b)`: NaN when empty or not a number (`Number` of the unquoted text). */
function scoreAt(text: string, a: number, b: number): number {
  if (b <= a) return NaN;
  const s = plain(text, a, b) ? text.slice(a, b) : unquote(text.slice(a, b));
  return s === '' ? NaN : Number(s);
}

/**
 * Whether field `text[a, b)` (not empty) starts and ends with a printable ASCII character other than a quote:
 * then it needs no trimming or unquoting and reads as it is.
 */
function plain(text: string, a: number, b: number): boolean {
  const c0 = text.charCodeAt(a);
  const c1 = text.charCodeAt(b - 1);
  return c0 > 32 && c0 < 127 && c0 !== 34 && c1 > 32 && c1 < 127 && c1 !== 34;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}
