import { existsSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { DataError, isIsoDate, parseIsoDate, RollqError } from '@rollq/data/errors';

/**
 * The CLI's one way of checking option values: commander argument parsers (`.option(flags, text, parser,
 * default)`) built from the small parsers below. Each turns the string into its value or throws a
 * `CONFIG_INVALID` RollqError whose message names the flag (exit 2), while commander parses the command
 * line, so a bad value stops the command before any work. Choices are commander's `.choices()`, required
 * options its `requiredOption`. The online command's parsers (strategy spec, blend, canary, rollback
 * target) live here too.
 */

/** A bad value of an option: the message names the flag, the hint says what is accepted. */
function badOption(message: string, hint?: string): never {
  throw new RollqError('CONFIG_INVALID', message, hint === undefined ? {} : { hint });
}

/** A commander argument parser for a whole number `>= min`. */
export function integerAtLeast(flag: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min)
      badOption(`${flag} must be an integer >= ${min}, got "${v}"`, `give a whole number >= ${min}; \`--help\` shows the default`);
    return n;
  };
}

/** A commander argument parser for a TCP port, 0 (any free port) to 65535. */
export function tcpPort(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65_535)
      badOption(`${flag} must be a port number 0..65535, got "${v}"`, `e.g. ${flag} 8080 (0: any free port)`);
    return n;
  };
}

/** A commander argument parser for a whole number. */
export function integer(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n)) badOption(`${flag} must be an integer, got "${v}"`, `give a whole number, e.g. ${flag} 0`);
    return n;
  };
}

/** A commander argument parser for a value that must not be empty (a path, a price field). */
export function nonEmpty(flag: string) {
  return (v: string): string => {
    if (v.trim() === '') badOption(`${flag} must not be empty`, `give a value after ${flag}; \`--help\` says what it takes`);
    return v;
  };
}

/** A commander argument parser for a finite number in `[min, max]` (`min` excluded with `{ above: min }`). */
export function numberIn(flag: string, range: { min?: number; above?: number; max?: number }) {
  const { min, above, max } = range;
  const what = [above !== undefined ? `> ${above}` : min !== undefined ? `>= ${min}` : '', max !== undefined ? `<= ${max}` : '']
    .filter(Boolean)
    .join(' and ');
  return (v: string): number => {
    const n = Number(v);
    const ok =
      v.trim() !== '' &&
      Number.isFinite(n) &&
      (above === undefined || n > above) &&
      (min === undefined || n >= min) &&
      (max === undefined || n <= max);
    if (!ok)
      badOption(`${flag} must be a number${what ? ` ${what}` : ''}, got "${v}"`, `give a plain decimal number${what ? ` ${what}` : ''}`);
    return n;
  };
}

/**
 * A commander argument parser for a positive number, or `none` (lot sizes, limit thresholds); read the
 * value with {@link noneAsNull} (commander turns a parser's null into '', so `none` stays a string here).
 */
export function positiveOrNone(flag: string) {
  const positive = numberIn(flag, { above: 0 });
  return (v: string): number | 'none' => {
    if (v.trim().toLowerCase() === 'none') return 'none';
    try {
      return positive(v);
    } catch {
      return badOption(`${flag} must be a positive number or none, got "${v}"`, `e.g. ${flag} 1, or ${flag} none to turn it off`);
    }
  };
}

/** The value of a {@link positiveOrNone} option: `none` (or a null default) as null. */
export function noneAsNull(v: number | 'none' | null): number | null {
  return v === 'none' ? null : v;
}

/** `--step`: the rolling step in trading days, a positive whole number (online init, rolling run / plan, demo). */
export function parseStep(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1)
    badOption(`--step "${text}" is not a positive whole number of trading days`, 'e.g. --step 20');
  return n;
}

/** The nearest existing path at or above `p` (the root at the latest). */
function nearestExisting(p: string): string {
  let q = p;
  while (!existsSync(q) && dirname(q) !== q) q = dirname(q);
  return q;
}

/** Throws when a folder that `path` needs (its nearest existing ancestor) is a file. */
function parentsAreFolders(flag: string, v: string, path: string): void {
  const up = nearestExisting(dirname(path));
  if (!statSync(up).isDirectory())
    badOption(`${flag} ${v}: ${up} is a file, not a folder`, `give a path whose parent folders are folders (or move ${up} away)`);
  // a folder nothing can be created in (read-only, or /proc and /sys) fails here, not after the work
  try {
    rmdirSync(mkdtempSync(join(up, '.rollq-probe-')));
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    badOption(`${flag} ${v}: cannot write in ${up} (${code})`, 'choose a path in a folder you can write to');
  }
}

/**
 * A commander argument parser for a file the command writes (`--out x.csv`, `--json m.json`): not empty,
 * not an existing folder, and every existing folder on its way a folder. An existing file is replaced.
 */
export function outputFile(flag: string) {
  return (v: string): string => {
    nonEmpty(flag)(v);
    const path = resolve(v);
    if (existsSync(path) && statSync(path).isDirectory())
      badOption(
        `${flag} ${v} is an existing folder`,
        `give the path of a file to write, not a folder, e.g. ${flag} ${join(v, `out${extname(v) || '.csv'}`)}`,
      );
    parentsAreFolders(flag, v, path);
    return v;
  };
}

/**
 * A commander argument parser for a folder the command writes into (`--report`, `--state`, `--uri_folder`,
 * `--out` of the demo): not empty, not an existing file, and every existing folder on its way a folder.
 */
export function outputDir(flag: string) {
  return (v: string): string => {
    nonEmpty(flag)(v);
    const path = resolve(v);
    if (existsSync(path) && !statSync(path).isDirectory())
      badOption(`${flag} ${v} is an existing file, not a folder`, `give a folder path (it is created when missing), or move the file away`);
    parentsAreFolders(flag, v, path);
    return v;
  };
}

/** A commander argument parser for a `YYYY-MM-DD` day. */
export function isoDay(flag: string) {
  return (v: string): string => {
    if (!isIsoDate(v)) badOption(`${flag} must be a date YYYY-MM-DD, got "${v}"`, `a real calendar day, e.g. ${flag} 2017-01-03`);
    return v;
  };
}

/** A commander argument parser for layer sizes, `256,128` → `[256, 128]`. */
export function layerSizes(flag: string) {
  return (v: string): number[] => {
    const sizes = v.split(',').map((s) => Number(s.trim()));
    if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      badOption(`${flag} must be comma-separated positive integers (e.g. 256,128), got "${v}"`, `e.g. ${flag} 256 or ${flag} 256,128`);
    }
    return sizes;
  };
}

/** A commander argument parser for a comma-separated list of names (blanks dropped: `a,,b` → `[a, b]`). */
export function nameList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `--instruments`: a market name, `all`, or a comma-separated symbol list. */
export function instrumentsSpec(spec: string): string | string[] {
  const parts = nameList(spec);
  if (parts.length === 0)
    throw new DataError('INSTRUMENTS_INVALID', '--instruments is empty', { hint: 'give a market (csi300, all) or symbols A,B,C' });
  return parts.length === 1 ? parts[0]! : parts;
}

/** `--strategy name=workflow.yaml` of `rollq online init`. */
export function parseStrategySpec(spec: string): [string, string] {
  const i = spec.indexOf('=');
  if (i <= 0 || i === spec.length - 1) {
    badOption(`--strategy "${spec}" is not name=workflow.yaml`, 'write it as --strategy mlp=examples/workflow_config_mlp_Alpha158_us.yaml');
  }
  return [spec.slice(0, i), spec.slice(i + 1)];
}

/** How `rollq online` blends strategy signals. */
export const BLENDS = ['average', 'weighted'] as const;

/** `--blend`: one of {@link BLENDS}. */
export function parseBlend(text: string): (typeof BLENDS)[number] {
  if (!(BLENDS as readonly string[]).includes(text)) badOption(`--blend "${text}" is unknown`, `use one of: ${BLENDS.join(', ')}`);
  return text as (typeof BLENDS)[number];
}

/** `--canary <threshold>`: the tolerated drop of validation IC; not given: no canary (null). */
export function parseCanary(text: string | undefined): { threshold: number } | null {
  if (text === undefined) return null;
  const threshold = Number(text);
  if (text.trim() === '' || !Number.isFinite(threshold))
    badOption(`--canary "${text}" is not a number`, 'give the tolerated IC drop, e.g. --canary 0.01');
  return { threshold };
}

/** `--to`: a history index (digits) or a day. */
export function parseRollbackTarget(text: string): number | string {
  if (/^\d+$/.test(text)) return Number(text);
  if (isIsoDate(text)) return parseIsoDate(text, '--to');
  return badOption(
    `--to "${text}" is neither a history index nor a date`,
    'pass a history index shown by `rollq online status` (0 = the first training) or a YYYY-MM-DD date',
  );
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A commander argument parser for a duration: `500ms`, `5s`, `2m`, `1h`, or a plain number of milliseconds; returns ms (> 0). */
export function duration(flag: string) {
  return (v: string): number => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(v);
    const ms = m ? Number(m[1]) * DURATION_UNITS[(m[2] ?? 'ms').toLowerCase()]! : Number.NaN;
    if (!Number.isFinite(ms) || ms < 1)
      badOption(
        `${flag} "${v}" is not a duration`,
        `write a number with a unit, e.g. ${flag} 60s, 2m, 1h, 500ms (a bare number is milliseconds)`,
      );
    return Math.round(ms);
  };
}

/**
 * A commander argument parser for a MongoDB server URL (`--mongo`): `mongodb://` or `mongodb+srv://` and a
 * host. The database part and options are checked when it connects (the driver's rules, no driver here).
 */
export function mongoUrl(flag: string) {
  return (v: string): string => {
    if (!/^mongodb(\+srv)?:\/\/[^/?#]+/i.test(v))
      badOption(
        `${flag} "${v.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')}" is not a MongoDB URL`,
        `write it as ${flag} mongodb://HOST:27017/DATABASE (tools/mongo-test-server.sh start prints one for a local test server)`,
      );
    return v;
  };
}
