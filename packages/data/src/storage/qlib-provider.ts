import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Calendar } from '../calendar/calendar.js';
import { parseIsoDate } from '../calendar/iso-day.js';
import { DataError } from '../errors.js';
import { isHiddenName } from '../fs/atomic-write.js';
import { type FeatureSeries, readFeatureBin } from './feature-bin.js';
import { type InstrumentSpans, parseInstrumentFile } from './instrument-file.js';
import { folderToSymbol } from './symbol-folder.js';

/** Which instruments to use: a market name (`all`, `csi300`, a user list file) or an explicit symbol list. */
export type InstrumentSpec = string | readonly string[];

/** Symbol → closed calendar-position spans during which it belongs to the market. */
export type MembershipPositions = Map<string, Array<[number, number]>>;

/**
 * Read access to a Qlib data directory (`calendars/day.txt`, `instruments/<market>.txt`,
 * `features/<symbol>/<field>.day.bin`). Byte-compatible with Qlib's file storage; symbol folders may be
 * upper or lower case. Feature series are cached in memory after the first read.
 */
export class QlibProvider {
  readonly root: string;
  readonly freq: string;
  readonly calendar: Calendar;
  /** lower-case symbol → folder name as stored on disk (any case; `_qlib_` prefix, `%xx` escapes: see symbol-folder.ts) */
  private readonly symbolDirs: Map<string, string>;
  private readonly marketCache = new Map<string, InstrumentSpans>();
  private readonly seriesCache = new Map<string, FeatureSeries | null>();
  private fieldList: string[] | undefined;
  /** `<root>/features`, as path.join gives it */
  private readonly featuresDir: string;
  /** Fields some symbol has no file of (see loadField). */
  private readonly lackedFields = new Set<string>();

  private constructor(root: string, freq: string, calendar: Calendar, symbolDirs: Map<string, string>) {
    this.root = root;
    this.featuresDir = join(root, 'features');
    this.freq = freq;
    this.calendar = calendar;
    this.symbolDirs = symbolDirs;
  }

  /** Opens a provider directory; throws PROVIDER_NOT_FOUND with a fix when it is not a Qlib data dir. */
  static open(root: string, freq = 'day'): QlibProvider {
    const calPath = join(root, 'calendars', `${freq}.txt`);
    if (!existsSync(calPath)) {
      const backup = interruptedBackup(root);
      throw new DataError('PROVIDER_NOT_FOUND', `${root} is not a Qlib data directory: ${calPath} does not exist`, {
        hint: backup
          ? `an import into it was interrupted and left the previous copy at ${backup}: the next \`rollq data import --out ${root}\` restores it first (or rename it back)`
          : 'import data first (rollq data import --csv <file> --out <dir>) or pass the folder that holds calendars/, instruments/ and features/',
        details: { root, ...(backup ? { backup } : {}) },
      });
    }
    const calendar = readCalendarFile(calPath);
    const featuresDir = join(root, 'features');
    const symbolDirs = new Map<string, string>();
    if (existsSync(featuresDir)) {
      // folder names are decoded back to symbols (`brk%2fb` → BRK/B); hidden names are temp or lock files
      for (const name of readdirSync(featuresDir)) if (!isHiddenName(name)) symbolDirs.set(folderToSymbol(name), name);
    }
    return new QlibProvider(root, freq, calendar, symbolDirs);
  }

  /** Market names available under `instruments/` (file names without `.txt`). */
  markets(): string[] {
    const dir = join(this.root, 'instruments');
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -4))
      .sort();
  }

  /** Symbols that have a features folder, upper-cased, sorted. */
  symbols(): string[] {
    return [...this.symbolDirs.keys()].map((s) => s.toUpperCase()).sort();
  }

  /** Whether a symbol has stored features. */
  hasSymbol(symbol: string): boolean {
    return this.symbolDirs.has(symbol.toLowerCase());
  }

  /** Field names (lower case, no `$`) found in the features folders, sorted. */
  fields(): string[] {
    if (!this.fieldList) {
      const found = new Set<string>();
      const suffix = `.${this.freq}.bin`;
      for (const dir of this.symbolDirs.values()) {
        for (const f of readdirSync(join(this.root, 'features', dir))) {
          if (f.endsWith(suffix)) found.add(f.slice(0, -suffix.length).toLowerCase());
        }
      }
      this.fieldList = [...found].sort();
    }
    return this.fieldList;
  }

  /** Membership spans of a market file, as dates (symbols upper-cased). */
  market(name: string): InstrumentSpans {
    const key = name.toLowerCase();
    let spans = this.marketCache.get(key);
    if (!spans) {
      const path = join(this.root, 'instruments', `${key}.txt`);
      if (!existsSync(path)) {
        throw new DataError('MARKET_NOT_FOUND', `market "${name}" has no instruments file ${path}`, {
          hint: `use one of: ${this.markets().join(', ') || '(none)'}, or a comma-separated symbol list`,
          details: { market: name },
        });
      }
      spans = parseInstrumentFile(readFileSync(path, 'utf8'), path);
      this.marketCache.set(key, spans);
    }
    return spans;
  }

  /**
   * Instruments of a market (or explicit list) with their membership clipped to calendar positions
   * `[start, end]`, as Qlib's `list_instruments`: spans that end before `start` or begin after `end`
   * are dropped, and symbols left without a span are dropped. An explicit symbol list is a member on
   * every day of the range; a listed symbol the data lacks is INSTRUMENTS_INVALID naming it, and a single
   * name that is no market file but a stored symbol (`AAPL`) is that one symbol.
   */
  listInstruments(spec: InstrumentSpec, start = 0, end = this.calendar.length - 1): MembershipPositions {
    const out: MembershipPositions = new Map();
    // a single name that is no market but a stored symbol is that symbol (`--instruments AAPL`)
    const single =
      typeof spec === 'string' && !spec.includes(',') && !this.markets().includes(spec.toLowerCase()) && this.hasSymbol(spec.trim());
    if (Array.isArray(spec) || single || (typeof spec === 'string' && spec.includes(','))) {
      const list = Array.isArray(spec) ? spec : (spec as string).split(',');
      const unknown: string[] = [];
      for (const raw of list) {
        const s = raw.trim().toUpperCase();
        if (!s) continue;
        if (!this.hasSymbol(s)) unknown.push(s);
        out.set(s, [[start, end]]);
      }
      if (unknown.length > 0) {
        throw new DataError(
          'INSTRUMENTS_INVALID',
          `unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? `, … (${unknown.length} in all)` : ''}: not in ${join(this.root, 'features')}`,
          {
            hint: 'check the spelling (`rollq data info --provider <dir>` shows what the data holds), or import them with `rollq data import`',
            details: { unknown },
          },
        );
      }
      return out;
    }
    const spans = this.market(spec as string);
    for (const [symbol, list] of spans) {
      const clipped: Array<[number, number]> = [];
      for (const span of list) {
        const si = Math.max(start, this.calendar.bisectLeft(span.start));
        const ei = Math.min(end, this.calendar.bisectRight(span.end) - 1);
        if (si <= ei) clipped.push([si, ei]);
      }
      if (clipped.length) out.set(symbol, clipped);
    }
    return out;
  }

  /**
   * One stored field of one symbol: `values[k]` is the value at calendar position `start + k`.
   * Returns null when the file does not exist (Qlib then yields an all-NaN column).
   */
  loadField(symbol: string, field: string): FeatureSeries | null {
    const f = field.replace(/^\$/, '').toLowerCase();
    const key = `${symbol.toLowerCase()}\u0000${f}`;
    if (this.seriesCache.has(key)) return this.seriesCache.get(key)!;
    const dir = this.symbolDirs.get(symbol.toLowerCase());
    let series: FeatureSeries | null = null;
    if (dir !== undefined) {
      // concatenated, not path.join: a backtest builds ~2k of these paths (root is already normalised)
      const path = `${this.featuresDir}/${dir}/${f}.${this.freq}.bin`;
      // a field no symbol has lacked so far is opened straight away (one stat less per file); once one lacks it,
      // the others are looked for first: a missing file costs an exception when opened
      if (!this.lackedFields.has(f)) {
        try {
          series = readFeatureBin(path, this.calendar.length);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          this.lackedFields.add(f);
        }
      } else if (existsSync(path)) series = readFeatureBin(path, this.calendar.length);
    }
    this.seriesCache.set(key, series);
    return series;
  }

  /**
   * A field as a `Float64Array` of calendar length: NaN outside the stored range. This is the layout the
   * expression engine and the backtest work on.
   */
  loadAligned(symbol: string, field: string): Float64Array {
    const out = new Float64Array(this.calendar.length).fill(NaN);
    const s = this.loadField(symbol, field);
    if (s) {
      const n = Math.min(s.values.length, this.calendar.length - s.start);
      for (let k = 0; k < n; k++) out[s.start + k] = s.values[k]!;
    }
    return out;
  }

  /** Drops cached series (call after writing new data through another handle). */
  clearCache(): void {
    this.seriesCache.clear();
    this.marketCache.clear();
    this.lackedFields.clear();
    this.fieldList = undefined;
  }

  /** Total bytes of the feature files, for `data info`. */
  featureBytes(): number {
    let total = 0;
    for (const dir of this.symbolDirs.values()) {
      for (const f of readdirSync(join(this.root, 'features', dir))) total += statSync(join(this.root, 'features', dir, f)).size;
    }
    return total;
  }
}

/** The backup an interrupted directory swap (`replaceDirectory`) left beside `root`, if any. */
function interruptedBackup(root: string): string | undefined {
  const prefix = `.${basename(root)}.rollq-old-`;
  try {
    const name = readdirSync(dirname(resolve(root))).find((n) => n.startsWith(prefix));
    return name === undefined ? undefined : join(dirname(resolve(root)), name);
  } catch {
    return undefined;
  }
}

/** Reads `calendars/<freq>.txt` as Qlib does: lines stripped, empty lines skipped, day part kept. */
export function readCalendarFile(path: string): Calendar {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const dates: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t) dates.push(parseIsoDate(t, `${path}:${i + 1}`));
  });
  if (dates.length === 0) {
    throw new DataError('CALENDAR_INVALID', `calendar file ${path} is empty`, { hint: 're-import the data' });
  }
  return new Calendar(dates);
}
