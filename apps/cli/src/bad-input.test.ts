import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { regionDefaults } from '@rollq/backtest';
import { QlibProvider } from '@rollq/data';
import { newAccount, ROUTINE_LOG_FILE, resolveUserConfig, USER_STATE_VERSION } from '@rollq/online';
import { TINY_INSTRUMENTS, tinyWorkflowYaml, usQlibDir } from '@rollq/tools';
import { freshMongoUrl } from '@rollq/tools/mongo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

/**
 * The bad-input suite (issue 12): one row per bad or odd command line, across every command. Each row
 * runs the CLI in-process in its own temp folder (with the files it needs) and checks the exit code
 * (2 for the user's input; 1 only where the failure is the run's, said in the row), the words of the
 * message (the problem and the fix: a `hint:`, or commander's usage for a bad command line), that no raw
 * stack is printed, and that the folder (and the shared online state) is unchanged, except for the output
 * the row expects.
 */

const INSTRUMENTS = TINY_INSTRUMENTS;

/** What every row gets: its own empty folder, the US data folder, a small online state and a good pred.csv. */
interface Ctx {
  dir: string;
  data: string;
  state: string;
  pred: string;
}

interface Row {
  name: string;
  /** Files the row needs, made in its folder before the snapshot. */
  setup?: (c: Ctx) => void;
  args: (c: Ctx) => string[];
  /** Expected exit code (default 2); a 1 says why in `why`, a 0 is an odd input that must be accepted. */
  code?: 0 | 1 | 2;
  why?: string;
  /** Words (or patterns) stderr (or stdout for a 0) must contain. */
  words: Array<string | RegExp>;
  /** Paths relative to the row's folder that the row is expected to create or change. */
  changes?: string[];
}

/** A workflow: 12 stocks, Alpha158, a GBDT of 8 rounds, October 2016 as the test window; `edit` changes its text. */
function workflowText(data: string, edit: (s: string) => string = (s) => s): string {
  return edit(tinyWorkflowYaml(data));
}

/** Writes `text` to `name` in the row's folder (parents made) and returns the path. */
function put(c: Ctx, name: string, text: string | Buffer): string {
  const p = join(c.dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}
const at = (c: Ctx, name: string) => join(c.dir, name);
const wf = (c: Ctx, edit?: (s: string) => string, name = 'wf.yaml') => put(c, name, workflowText(c.data, edit));
const csv = (c: Ctx, text: string, name = 'prices.csv') => put(c, name, text);
const GOOD_CSV = 'symbol,date,open,close,high,low,volume\nAAA,2020-01-02,1,1.1,1.2,0.9,100\nAAA,2020-01-03,1.1,1.2,1.3,1,120\n';
const imp = (c: Ctx, ...extra: string[]) => ['data', 'import', '--csv', at(c, 'prices.csv'), '--out', at(c, 'qlib'), ...extra];
const feat = (c: Ctx, ...extra: string[]) => {
  const base: Record<string, string> = {
    '--provider': c.data,
    '--handler': 'Alpha158',
    '--instruments': 'AAPL,MSFT',
    '--start': '2016-10-03',
    '--end': '2016-10-07',
    '--out': at(c, 'f.csv'),
  };
  for (let i = 0; i < extra.length; i += 2) base[extra[i]!] = extra[i + 1]!;
  return [
    'features',
    ...Object.entries(base)
      .flat()
      .filter((v) => v !== ''),
  ];
};
const rexp = (c: Ctx, ...extra: string[]) => [
  'recorder',
  'export',
  '--uri_folder',
  join(c.state, 'recorders'),
  '--out',
  at(c, 'pred.csv'),
  ...extra,
];
const bt = (c: Ctx, ...extra: string[]) => ['backtest', '--provider', c.data, '--pred', c.pred, '--topk', '5', '--n-drop', '1', ...extra];
/** A folder that looks like an online state but whose state.json is broken. */
const brokenState = (c: Ctx) => put(c, 'st/state.json', '{ "version": ');

/** A user config (TopK 4 / drop 1) in the row's folder. */
const userYaml = (c: Ctx, text = 'strategy:\n  class: TopkDropoutStrategy\n  kwargs: { topk: 4, n_drop: 1 }\n') =>
  put(c, 'user.yaml', text);

/** A copy of the shared online state at `st/` with user `alice` in it (TopK, added on 2016-10-20, no trades yet). */
function stateWithUser(c: Ctx): void {
  cpSync(c.state, at(c, 'st'), { recursive: true });
  const settings = resolveUserConfig({ strategy: { class: 'TopkDropoutStrategy', kwargs: { topk: 4 } } }, regionDefaults('us'));
  const user = {
    schemaVersion: USER_STATE_VERSION,
    id: 'alice',
    addedAt: '2026-12-01T00:00:00.000Z',
    addDate: '2016-10-20',
    lastDate: '2016-10-20',
    settings,
    account: newAccount(settings.account),
    dayCount: 0,
  };
  put(c, 'st/users/alice/user.json', JSON.stringify(user));
  userYaml(c);
}

const USAGE = /Usage: rollq/;

const rows: Row[] = [
  // ---- command line ------------------------------------------------------------------------------
  { name: 'unknown command', args: () => ['frobnicate'], words: ["unknown command 'frobnicate'", USAGE] },
  { name: 'unknown data subcommand', args: () => ['data', 'export'], words: ["unknown command 'export'", USAGE] },
  { name: 'unknown option', args: (c) => [...imp(c), '--frob'], words: ["unknown option '--frob'", USAGE] },

  // ---- data import -------------------------------------------------------------------------------
  { name: 'import: no --csv', args: (c) => ['data', 'import', '--out', at(c, 'qlib')], words: ["required option '--csv <path>'", USAGE] },
  {
    name: 'import: no --out',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => ['data', 'import', '--csv', at(c, 'prices.csv')],
    words: ["required option '--out <dir>'", USAGE],
  },
  { name: 'import: missing CSV', args: (c) => imp(c), words: ['prices.csv', 'hint:'] },
  { name: 'import: empty CSV', setup: (c) => csv(c, ''), args: (c) => imp(c), words: ['prices.csv', 'hint:'] },
  { name: 'import: header only', setup: (c) => csv(c, 'symbol,date,close\n'), args: (c) => imp(c), words: ['prices.csv', 'hint:'] },
  {
    name: 'import: no date column',
    setup: (c) => csv(c, 'symbol,day,close\nAAA,2020-01-02,1\n'),
    args: (c) => imp(c),
    words: ['date', 'hint:'],
  },
  { name: 'import: no symbol column', setup: (c) => csv(c, 'date,close\n2020-01-02,1\n'), args: (c) => imp(c), words: ['symbol', 'hint:'] },
  {
    name: 'import: month 13',
    setup: (c) => csv(c, GOOD_CSV.replace('2020-01-03', '2020-13-03')),
    args: (c) => imp(c),
    words: ['2020-13-03', 'hint:'],
  },
  {
    name: 'import: February 30',
    setup: (c) => csv(c, GOOD_CSV.replace('2020-01-03', '2016-02-30')),
    args: (c) => imp(c),
    words: ['2016-02-30', 'hint:'],
  },
  {
    name: 'import: hex number',
    setup: (c) => csv(c, GOOD_CSV.replace('1.1,1.2,0.9,100', '0x1F,1.2,0.9,100')),
    args: (c) => imp(c),
    words: ['0x1F', 'hint:'],
  },
  {
    name: 'import: binary number',
    setup: (c) => csv(c, GOOD_CSV.replace('1.1,1.2,0.9,100', '0b101,1.2,0.9,100')),
    args: (c) => imp(c),
    words: ['0b101', 'hint:'],
  },
  {
    name: 'import: Infinity',
    setup: (c) => csv(c, GOOD_CSV.replace('1.1,1.2,0.9,100', 'Infinity,1.2,0.9,100')),
    args: (c) => imp(c),
    words: ['Infinity', 'hint:'],
  },
  {
    name: 'import: 1e400',
    setup: (c) => csv(c, GOOD_CSV.replace('1.1,1.2,0.9,100', '1e400,1.2,0.9,100')),
    args: (c) => imp(c),
    words: ['1e400', 'hint:'],
  },
  {
    name: 'import: text in a number column',
    setup: (c) => csv(c, GOOD_CSV.replace('1.1,1.2,0.9,100', 'abc,1.2,0.9,100')),
    args: (c) => imp(c),
    words: ['abc', 'hint:'],
  },
  {
    name: 'import: negative volume',
    setup: (c) => csv(c, GOOD_CSV.replace(',100\n', ',-100\n')),
    args: (c) => imp(c),
    words: ['volume', 'hint:'],
  },
  {
    name: 'import: no close column',
    setup: (c) => csv(c, 'symbol,date,open\nAAA,2020-01-02,1\n'),
    args: (c) => imp(c),
    words: ['close', 'hint:'],
  },
  {
    name: 'import: truncated .csv.gz',
    setup: (c) => put(c, 'prices.csv.gz', gzipSync(GOOD_CSV.repeat(50)).subarray(0, 40)),
    args: (c) => ['data', 'import', '--csv', at(c, 'prices.csv.gz'), '--out', at(c, 'qlib')],
    words: ['prices.csv.gz', 'hint:'],
  },
  {
    name: 'import: .csv.gz that is not gzip',
    setup: (c) => put(c, 'prices.csv.gz', GOOD_CSV),
    args: (c) => ['data', 'import', '--csv', at(c, 'prices.csv.gz'), '--out', at(c, 'qlib')],
    words: ['prices.csv.gz', 'hint:'],
  },
  {
    name: 'import: empty CSV folder',
    setup: (c) => mkdirSync(at(c, 'csvs')),
    args: (c) => ['data', 'import', '--csv', at(c, 'csvs'), '--out', at(c, 'qlib')],
    words: ['csvs', 'hint:'],
  },
  {
    name: 'import: --out is a file',
    setup: (c) => {
      csv(c, GOOD_CSV);
      put(c, 'qlib', 'x');
    },
    args: (c) => imp(c),
    words: ['qlib', 'hint:'],
  },
  {
    name: 'import: --mode bogus',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--mode', 'bogus'),
    words: ["'bogus' is invalid", USAGE],
  },
  {
    name: 'import: --mode update without a target',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--mode', 'update'),
    words: ['qlib', 'hint:'],
  },
  {
    name: 'import: --start not a date',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--start', '2020-01-32'),
    words: ['--start must be a date', 'hint:'],
  },
  {
    name: 'import: --start after --end',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--start', '2020-02-01', '--end', '2020-01-01'),
    words: ['--start', 'hint:'],
  },
  {
    name: 'import: --fields names a missing column',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--fields', 'close,vwap'),
    words: ['vwap', 'hint:'],
  },
  {
    name: 'import: --symbol-field names a missing column',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--symbol-field', 'ticker'),
    words: ['ticker', 'hint:'],
  },
  {
    name: 'import: --date_field names a missing column',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => imp(c, '--date_field', 'when'),
    words: ['when', 'hint:'],
  },
  { name: 'import: ragged row', setup: (c) => csv(c, `${GOOD_CSV}AAA,2020-01-06,1\n`), args: (c) => imp(c), words: ['hint:'] },
  {
    name: 'import: --out under /proc',
    setup: (c) => csv(c, GOOD_CSV),
    args: (c) => ['data', 'import', '--csv', at(c, 'prices.csv'), '--out', '/proc/rollq-x'],
    words: ['/proc/rollq-x', 'hint:'],
  },

  // ---- data info ---------------------------------------------------------------------------------
  { name: 'info: no --provider', args: () => ['data', 'info'], words: ["required option '--provider <dir>'", USAGE] },
  { name: 'info: missing folder', args: (c) => ['data', 'info', '--provider', at(c, 'nope')], words: ['nope', 'hint:'] },
  {
    name: 'info: a file',
    setup: (c) => put(c, 'file', 'x'),
    args: (c) => ['data', 'info', '--provider', at(c, 'file')],
    words: ['file', 'hint:'],
  },
  {
    name: 'info: an empty folder',
    setup: (c) => mkdirSync(at(c, 'empty')),
    args: (c) => ['data', 'info', '--provider', at(c, 'empty')],
    words: ['empty', 'hint:'],
  },
  {
    name: 'info: a broken calendar',
    setup: (c) => put(c, 'q/calendars/day.txt', '2020-01-02\nnot-a-day\n'),
    args: (c) => ['data', 'info', '--provider', at(c, 'q')],
    words: ['not-a-day', 'hint:'],
  },

  // ---- features ----------------------------------------------------------------------------------
  { name: 'features: missing provider', args: (c) => feat(c, '--provider', at(c, 'nope')), words: ['nope', 'hint:'] },
  { name: 'features: unknown handler', args: (c) => feat(c, '--handler', 'Alpha999'), words: ['Alpha999', 'hint:'] },
  { name: 'features: missing handler YAML', args: (c) => feat(c, '--handler', at(c, 'h.yaml')), words: ['h.yaml', 'hint:'] },
  {
    name: 'features: unknown operator in a handler YAML',
    setup: (c) => put(c, 'h.yaml', 'features:\n  - { name: PREV, expr: "Reff($close, 1)" }\n'),
    args: (c) => feat(c, '--handler', at(c, 'h.yaml')),
    words: ['Reff', 'hint:'],
  },
  {
    name: 'features: expression syntax error',
    setup: (c) => put(c, 'h.yaml', 'features:\n  - { name: MA5, expr: "Mean($close, 5" }\n'),
    args: (c) => feat(c, '--handler', at(c, 'h.yaml')),
    words: ['hint:'],
  },
  {
    name: 'features: handler YAML not YAML',
    setup: (c) => put(c, 'h.yaml', 'fields: [\n'),
    args: (c) => feat(c, '--handler', at(c, 'h.yaml')),
    words: ['h.yaml', 'hint:'],
  },
  { name: 'features: unknown market', args: (c) => feat(c, '--instruments', 'nasdaq9'), words: ['nasdaq9', 'hint:'] },
  {
    name: 'features: unknown symbols named',
    args: (c) => feat(c, '--instruments', 'AAPL,NOPE1,NOPE2'),
    words: ['NOPE1', 'NOPE2', 'hint:'],
  },
  { name: 'features: empty --instruments', args: (c) => feat(c, '--instruments', ','), words: ['--instruments is empty', 'hint:'] },
  {
    name: 'features: a single symbol is accepted',
    args: (c) => feat(c, '--instruments', 'AAPL'),
    code: 0,
    words: [/wrote .*f\.csv: 5 rows/],
    changes: ['f.csv'],
  },
  { name: 'features: --start not a date', args: (c) => feat(c, '--start', '2016-02-30'), words: ['--start must be a date', 'hint:'] },
  { name: 'features: --end not a date', args: (c) => feat(c, '--end', 'tomorrow'), words: ['--end must be a date', 'hint:'] },
  {
    name: 'features: --start after --end',
    args: (c) => feat(c, '--start', '2016-10-07', '--end', '2016-10-03'),
    words: ['--start', '--end', 'hint:'],
  },
  {
    name: 'features: range outside the calendar',
    args: (c) => feat(c, '--start', '1990-01-02', '--end', '1990-02-01'),
    words: ['1990', 'hint:'],
  },
  { name: 'features: --out is a folder', setup: (c) => mkdirSync(at(c, 'f.csv')), args: (c) => feat(c), words: ['f.csv', 'hint:'] },
  { name: 'features: no --out', args: (c) => feat(c, '--out', ''), words: ["option '--out <file>' argument missing", USAGE] },
  {
    name: 'features: --out under a file',
    setup: (c) => put(c, 'sub', 'x'),
    args: (c) => feat(c, '--out', at(c, 'sub/f.csv')),
    words: ['is a file, not a folder', 'hint:'],
  },

  // ---- run ---------------------------------------------------------------------------------------
  { name: 'run: missing workflow', args: (c) => ['run', at(c, 'nope.yaml')], words: ['nope.yaml', 'hint:'] },
  {
    name: 'run: workflow is a folder',
    setup: (c) => mkdirSync(at(c, 'wf.yaml')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['wf.yaml', 'hint:'],
  },
  { name: 'run: empty workflow', setup: (c) => put(c, 'wf.yaml', ''), args: (c) => ['run', at(c, 'wf.yaml')], words: ['wf.yaml', 'hint:'] },
  {
    name: 'run: workflow is a list',
    setup: (c) => put(c, 'wf.yaml', '- a\n- b\n'),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['wf.yaml', 'hint:'],
  },
  {
    name: 'run: YAML syntax error',
    setup: (c) => wf(c, (s) => s.replace('segments:', 'segments: [')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['wf.yaml', 'hint:'],
  },
  {
    name: 'run: unresolved alias',
    setup: (c) => wf(c, (s) => s.replace('num_threads: 1', 'num_threads: *threads')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['threads', 'hint:'],
  },
  {
    name: 'run: typo in a top-level key',
    setup: (c) => wf(c, (s) => s.replace('task:', 'taks:')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['task: missing', '"taks": a typo for "task"?', 'hint:'],
  },
  {
    name: 'run: typo in segments',
    setup: (c) => wf(c, (s) => s.replace('segments:', 'segmnets:')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['segments: missing', '"segmnets": a typo for "segments"?', 'hint:'],
  },
  {
    name: 'run: unknown model class',
    setup: (c) => wf(c, (s) => s.replace('LGBModel', 'LGBModle')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['LGBModle', 'hint:'],
  },
  {
    name: 'run: unknown handler class',
    setup: (c) => wf(c, (s) => s.replace('class: Alpha158', 'class: Alpha159')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['Alpha159', 'hint:'],
  },
  {
    name: 'run: unknown record class',
    setup: (c) => wf(c, (s) => s.replace('SigAnaRecord', 'SigAnaRecrod')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['SigAnaRecrod', 'hint:'],
  },
  {
    name: 'run: unknown dataset class',
    setup: (c) => wf(c, (s) => s.replace('class: DatasetH', 'class: DatasetX')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['DatasetX', 'hint:'],
  },
  {
    name: 'run: handler key Qlib has but rollq does not',
    setup: (c) =>
      wf(c, (s) =>
        s.replace('fit_end_time: 2016-06-30,', 'fit_end_time: 2016-06-30, label: [["Ref($close, -2)/$close - 1"], ["LABEL0"]],'),
      ),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['unknown key(s) label', 'hint:'],
  },
  {
    name: 'run: unknown operator in a handler YAML',
    setup: (c) => {
      put(
        c,
        'h.yaml',
        'features:\n  - { name: PREV, expr: "Reff($close, 1)" }\nlabels:\n  - { name: LABEL0, expr: "Ref($close, -2)/Ref($close, -1) - 1" }\n',
      );
      wf(c, (s) => s.replace('class: Alpha158', `class: ${JSON.stringify(at(c, 'h.yaml'))}`));
    },
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['Reff', 'hint:'],
  },
  {
    name: 'run: wrong date in a segment',
    setup: (c) => wf(c, (s) => s.replace('test: [2016-10-03', 'test: [2016-13-03')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['2016-13-03', 'hint:'],
  },
  {
    name: 'run: segment end before start',
    setup: (c) => wf(c, (s) => s.replace('test: [2016-10-03, 2016-10-31]', 'test: [2016-10-31, 2016-10-03]')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['segments.test: starts at 2016-10-31, after its end 2016-10-03', 'hint:'],
  },
  {
    name: 'run: test segment outside the handler range',
    setup: (c) => wf(c, (s) => s.replace('test: [2016-10-03, 2016-10-31]', 'test: [2016-11-01, 2016-11-30]')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['test', 'end_time', 'hint:'],
  },
  {
    name: 'run: no train segment',
    setup: (c) => wf(c, (s) => s.replace('        train: [2016-01-04, 2016-06-30]\n', '')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['train', 'hint:'],
  },
  {
    name: 'run: segment with one date',
    setup: (c) => wf(c, (s) => s.replace('valid: [2016-07-01, 2016-09-30]', 'valid: [2016-07-01]')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['valid', 'hint:'],
  },
  {
    name: 'run: no dataset',
    setup: (c) => wf(c, (s) => s.replace(/ {2}dataset:[\s\S]*?(?= {2}record:)/, '')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['dataset', 'hint:'],
  },
  {
    name: 'run: no model',
    setup: (c) => wf(c, (s) => s.replace(/ {2}model: .*\n/, '')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['model', 'hint:'],
  },
  {
    name: 'run: no provider_uri',
    setup: (c) => wf(c, (s) => s.replace(/provider_uri: [^,]+, /, '')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['provider_uri', 'hint:'],
  },
  {
    name: 'run: provider_uri missing',
    setup: (c) => wf(c, (s) => s.replace(JSON.stringify(c.data), JSON.stringify(at(c, 'nodata')))),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['nodata', 'hint:'],
  },
  {
    name: 'run: unknown region',
    setup: (c) => wf(c, (s) => s.replace('region: us', 'region: mars')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['qlib_init.region', 'expected one of "cn"|"us"|"tw"', 'hint:'],
  },
  {
    name: 'run: unknown market',
    setup: (c) => wf(c, (s) => s.replace(`instruments: ${JSON.stringify(INSTRUMENTS)}`, 'instruments: nasdaq9')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['nasdaq9', 'hint:'],
  },
  {
    name: 'run: unknown symbols named',
    setup: (c) => wf(c, (s) => s.replace(`instruments: ${JSON.stringify(INSTRUMENTS)}`, 'instruments: [NOPE1, NOPE2]')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['NOPE1', 'NOPE2', 'hint:'],
  },
  {
    name: 'run: model kwarg of the wrong type',
    setup: (c) => wf(c, (s) => s.replace('num_boost_round: 8', 'num_boost_round: eight')),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: ['num_boost_round', 'hint:'],
  },
  {
    name: 'run: --uri_folder under a file',
    setup: (c) => {
      wf(c);
      put(c, 'runs', 'x');
    },
    args: (c) => ['run', at(c, 'wf.yaml'), '--uri_folder', at(c, 'runs/mlruns')],
    words: ['is a file, not a folder', 'hint:'],
  },
  {
    name: 'run: --uri_folder is a file',
    setup: (c) => {
      wf(c);
      put(c, 'mlruns', 'x');
    },
    args: (c) => ['run', at(c, 'wf.yaml'), '--uri_folder', at(c, 'mlruns')],
    words: ['mlruns', 'hint:'],
  },
  {
    // refused when the file is loaded: no dataset, feature, training or record progress line before the error
    name: 'run: strategy kwarg out of range (topk: 0) fails before training',
    setup: (c) =>
      wf(
        c,
        (s) =>
          `port_analysis_config: &pa\n  strategy: { class: TopkDropoutStrategy, kwargs: { signal: <PRED>, topk: 0, n_drop: 1 } }\n  backtest: { start_time: 2016-10-03, end_time: 2016-10-28 }\n${s}    - { class: PortAnaRecord, kwargs: { config: *pa } }\n`,
      ),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: [
      'port_analysis_config.strategy.kwargs.topk: Too small: expected number to be >0',
      'hint: topk: a whole number > 0',
      /^(?![\s\S]*(?:dataset: |features: |train |record: ))/,
    ],
  },
  {
    // refused when the file is loaded: no dataset, feature, training or record progress line before the error
    name: 'run: unknown strategy kwarg (topkk) fails before training',
    setup: (c) =>
      wf(
        c,
        (s) =>
          `port_analysis_config: &pa\n  strategy: { class: TopkDropoutStrategy, kwargs: { signal: <PRED>, topkk: 50 } }\n  backtest: { start_time: 2016-10-03, end_time: 2016-10-28 }\n${s}    - { class: PortAnaRecord, kwargs: { config: *pa } }\n`,
      ),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: [
      'port_analysis_config.strategy.kwargs.topkk: unknown field',
      'TopkDropoutStrategy takes signal, topk, n_drop',
      /^(?![\s\S]*(?:dataset: |features: |train |record: ))/,
    ],
  },
  {
    // refused when the file is loaded: no dataset, feature, training or record progress line before the error
    name: 'run: PortAnaRecord exchange kwarg out of range (inline config) fails before training',
    setup: (c) =>
      wf(c, (s) => `${s}    - { class: PortAnaRecord, kwargs: { config: { backtest: { exchange_kwargs: { open_cost: 2 } } } } }\n`),
    args: (c) => ['run', at(c, 'wf.yaml')],
    words: [
      'PortAnaRecord: config.backtest.exchange_kwargs.open_cost: Too big: expected number to be <=1',
      'hint: open_cost: a number >= 0 and <= 1',
      /^(?![\s\S]*(?:dataset: |features: |train |record: ))/,
    ],
  },
  { name: 'run: no workflow argument', args: () => ['run'], words: ["missing required argument 'workflow'", USAGE] },

  // ---- rolling plan / run --------------------------------------------------------------------------
  { name: 'plan: missing workflow', args: (c) => ['rolling', 'plan', at(c, 'nope.yaml')], words: ['nope.yaml', 'hint:'] },
  {
    name: 'plan: --step 0',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml'), '--step', '0'],
    words: ['--step "0"', 'hint:'],
  },
  {
    name: 'plan: --step abc',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml'), '--step', 'abc'],
    words: ['--step "abc"', 'hint:'],
  },
  {
    name: 'plan: --rtype bogus',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml'), '--rtype', 'bogus'],
    words: ["'bogus' is invalid", USAGE],
  },
  {
    name: 'plan: --trunc_days -1',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml'), '--trunc_days', '-1'],
    words: ['--trunc-days must be an integer >= 0', 'hint:'],
  },
  {
    name: 'plan: unresolved alias',
    setup: (c) => wf(c, (s) => s.replace('train: [2016-01-04, 2016-06-30]', 'train: *train')),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml')],
    words: ['train', 'hint:'],
  },
  {
    name: 'plan: wrong date in a segment',
    setup: (c) => wf(c, (s) => s.replace('valid: [2016-07-01', 'valid: [2016-07-32')),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml')],
    words: ['2016-07-32', 'hint:'],
  },
  {
    name: 'plan: unknown model class',
    setup: (c) => wf(c, (s) => s.replace('LGBModel', 'LGBModle')),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml')],
    words: ['LGBModle', 'hint:'],
  },
  {
    name: 'plan: no test segment',
    setup: (c) => wf(c, (s) => s.replace('        test: [2016-10-03, 2016-10-31]\n', '')),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml')],
    words: ['test', 'hint:'],
  },
  { name: 'rolling run: missing workflow', args: (c) => ['rolling', 'run', at(c, 'nope.yaml')], words: ['nope.yaml', 'hint:'] },
  {
    name: 'rolling run: --step -5',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml'), '--step', '-5'],
    words: ['--step "-5"', 'hint:'],
  },
  {
    name: 'rolling run: unknown model class',
    setup: (c) => wf(c, (s) => s.replace('LGBModel', 'LGBModle')),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml')],
    words: ['LGBModle', 'hint:'],
  },
  {
    name: 'rolling run: typo in a key',
    setup: (c) => wf(c, (s) => s.replace('record:', 'recrod:')),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml')],
    words: ['recrod', 'hint:'],
  },
  {
    // refused when the file is loaded: no dataset, feature, training or record progress line before the error
    name: 'plan: strategy kwarg out of range (topk: 0)',
    setup: (c) =>
      wf(
        c,
        (s) =>
          `port_analysis_config: &pa\n  strategy: { class: TopkDropoutStrategy, kwargs: { signal: <PRED>, topk: 0 } }\n  backtest: { start_time: 2016-10-03, end_time: 2016-10-28 }\n${s}    - { class: PortAnaRecord, kwargs: { config: *pa } }\n`,
      ),
    args: (c) => ['rolling', 'plan', at(c, 'wf.yaml')],
    words: ['port_analysis_config.strategy.kwargs.topk: Too small', 'hint:', /^(?![\s\S]*(?:dataset: |features: |train |record: ))/],
  },
  {
    // refused when the file is loaded: no dataset, feature, training or record progress line before the error
    name: 'rolling run: strategy kwarg out of range (topk: 0) fails before training',
    setup: (c) =>
      wf(
        c,
        (s) =>
          `port_analysis_config: &pa\n  strategy: { class: TopkDropoutStrategy, kwargs: { signal: <PRED>, topk: 0 } }\n  backtest: { start_time: 2016-10-03, end_time: 2016-10-28 }\n${s}    - { class: PortAnaRecord, kwargs: { config: *pa } }\n`,
      ),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml')],
    words: [
      'port_analysis_config.strategy.kwargs.topk: Too small: expected number to be >0',
      'hint: topk: a whole number > 0',
      /^(?![\s\S]*(?:dataset: |features: |train |record: ))/,
    ],
  },
  {
    name: 'rolling run: --uri_folder is a file',
    setup: (c) => {
      wf(c);
      put(c, 'mlruns', 'x');
    },
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml'), '--uri_folder', at(c, 'mlruns')],
    words: ['mlruns', 'hint:'],
  },

  // ---- online init -------------------------------------------------------------------------------
  {
    name: 'init: missing workflow',
    args: (c) => ['online', 'init', at(c, 'nope.yaml'), '--state', at(c, 'st')],
    words: ['nope.yaml', 'hint:'],
  },
  {
    name: 'init: no --state',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml')],
    words: ["required option '--state <dir>'", USAGE],
  },
  {
    name: 'init: --state is a file',
    setup: (c) => {
      wf(c);
      put(c, 'st', 'x');
    },
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st')],
    words: ['st', 'hint:'],
  },
  {
    name: 'init: --state holds a state',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', c.state],
    words: ['already exists', 'hint:'],
  },
  {
    name: 'init: unknown model class leaves nothing',
    setup: (c) => wf(c, (s) => s.replace('LGBModel', 'LGBModle')),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st')],
    words: ['LGBModle', 'hint:'],
  },
  {
    name: 'init: unknown handler leaves nothing',
    setup: (c) => wf(c, (s) => s.replace('class: Alpha158', 'class: Alpha159')),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st')],
    words: ['Alpha159', 'hint:'],
  },
  {
    // refused when the file is loaded: no dataset, feature, training or record progress line before the error
    name: 'init: strategy kwarg out of range (topk: 0) leaves nothing',
    setup: (c) =>
      wf(
        c,
        (s) =>
          `port_analysis_config: &pa\n  strategy: { class: TopkDropoutStrategy, kwargs: { signal: <PRED>, topk: 0 } }\n  backtest: { start_time: 2016-10-03, end_time: 2016-10-28 }\n${s}    - { class: PortAnaRecord, kwargs: { config: *pa } }\n`,
      ),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st')],
    words: [
      'port_analysis_config.strategy.kwargs.topk: Too small: expected number to be >0',
      'hint: topk: a whole number > 0',
      /^(?![\s\S]*(?:dataset: |features: |train |record: ))/,
    ],
  },
  {
    name: 'init: --strategy without =',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--strategy', 'deep'],
    words: ['--strategy "deep" is not name=workflow.yaml', 'hint:'],
  },
  {
    name: 'init: --strategy names a missing file',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--strategy', `deep=${at(c, 'deep.yaml')}`],
    words: ['deep.yaml', 'hint:'],
  },
  {
    name: 'init: duplicate --strategy name',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--strategy', `main=${at(c, 'wf.yaml')}`],
    words: ['main', 'hint:'],
  },
  {
    name: 'init: --begin not a date',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--begin', '2016-11-31'],
    words: ['--begin must be a date', 'hint:'],
  },
  {
    name: 'init: --begin after the data',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--begin', '2030-01-01'],
    words: ['2030-01-01', 'hint:'],
  },
  {
    name: 'init: --blend bogus',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--blend', 'median'],
    words: ['--blend "median" is unknown', 'hint:'],
  },
  {
    name: 'init: --canary abc',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--canary', 'abc'],
    words: ['--canary "abc" is not a number', 'hint:'],
  },
  {
    name: 'init: --step 0',
    setup: (c) => wf(c),
    args: (c) => ['online', 'init', at(c, 'wf.yaml'), '--state', at(c, 'st'), '--step', '0'],
    words: ['--step "0"', 'hint:'],
  },

  // ---- user ---------------------------------------------------------------------------------------
  {
    name: 'user add: missing state',
    setup: (c) => userYaml(c),
    args: (c) => ['user', 'add', 'alice', '--state', at(c, 'st'), '--config', at(c, 'user.yaml')],
    words: ['no online manager state', 'hint:'],
  },
  {
    name: 'user add: an id that exists',
    setup: stateWithUser,
    args: (c) => ['user', 'add', 'alice', '--state', at(c, 'st'), '--config', at(c, 'user.yaml')],
    words: ['user "alice" already exists', 'hint:'],
  },
  {
    name: 'user add: a typo in the config (file:line:col)',
    setup: (c) => userYaml(c, 'strategy:\n  class: TopkDropoutStrategy\n  kwargs:\n    n_dorp: 1\n'),
    args: (c) => ['user', 'add', 'alice', '--state', c.state, '--config', at(c, 'user.yaml')],
    words: [/user\.yaml:4:5: strategy\.kwargs\.n_dorp: unknown field/, 'hint:'],
  },
  {
    name: 'user add: an unknown strategy class',
    setup: (c) => userYaml(c, 'strategy:\n  class: Momentum\n'),
    args: (c) => ['user', 'add', 'alice', '--state', c.state, '--config', at(c, 'user.yaml')],
    words: [/user\.yaml:2:\d+: strategy\.class/, 'hint:'],
  },
  {
    name: 'user add: config file missing',
    args: (c) => ['user', 'add', 'alice', '--state', c.state, '--config', at(c, 'nope.yaml')],
    words: ['does not exist', 'hint:'],
  },
  {
    name: 'user add: --date not a date',
    setup: (c) => userYaml(c),
    args: (c) => ['user', 'add', 'alice', '--state', c.state, '--config', at(c, 'user.yaml'), '--date', '2016-11-31'],
    words: ['--date must be a date'],
  },
  {
    name: 'user add: an id that is a path',
    setup: (c) => userYaml(c),
    args: (c) => ['user', 'add', '../x', '--state', c.state, '--config', at(c, 'user.yaml')],
    words: ['user id "../x" is not valid', 'hint:'],
  },
  {
    name: "user routine: --date before every user's start",
    setup: stateWithUser,
    args: (c) => ['user', 'routine', '--state', at(c, 'st'), '--date', '2016-10-19'],
    words: ["routine date 2016-10-19 is before every user's start", 'hint:'],
  },
  {
    name: 'user routine: --date after the signals',
    setup: stateWithUser,
    args: (c) => ['user', 'routine', '--state', at(c, 'st'), '--date', '2017-06-30'],
    words: ['after the last signal day', 'hint:'],
  },
  {
    name: 'user report: unknown user',
    args: (c) => ['user', 'report', 'nobody', '--state', c.state],
    words: ['no user "nobody"', 'hint:'],
  },
  {
    name: 'user remove: unknown user',
    args: (c) => ['user', 'remove', 'nobody', '--state', c.state],
    words: ['no user "nobody"', 'hint:'],
  },
  // ---- online routine / simulate / signals / status / rollback ------------------------------------
  { name: 'routine: missing state', args: (c) => ['online', 'routine', '--state', at(c, 'st')], words: ['no online state', 'hint:'] },
  {
    name: 'routine: --state is a file',
    setup: (c) => put(c, 'st', 'x'),
    args: (c) => ['online', 'routine', '--state', at(c, 'st')],
    words: ['st', 'hint:'],
  },
  {
    name: 'routine: broken state.json',
    setup: brokenState,
    args: (c) => ['online', 'routine', '--state', at(c, 'st')],
    words: ['state.json', 'hint:'],
  },
  {
    name: 'routine: --date not a date',
    args: (c) => ['online', 'routine', '--state', c.state, '--date', '2016-11-31'],
    words: ['2016-11-31', 'hint:'],
  },
  {
    name: 'routine: --date before the manager time',
    args: (c) => ['online', 'routine', '--state', c.state, '--date', '2016-10-03'],
    words: ['2016-10-03', 'hint:'],
  },
  {
    name: 'routine: --date a word',
    args: (c) => ['online', 'routine', '--state', c.state, '--date', 'yesterday'],
    words: ['yesterday', 'hint:'],
  },
  {
    name: 'simulate: missing state',
    args: (c) => ['online', 'simulate', '--state', at(c, 'st'), '--start', '2016-11-07', '--end', '2016-11-08'],
    words: ['no online state', 'hint:'],
  },
  {
    name: 'simulate: --start after --end',
    args: (c) => ['online', 'simulate', '--state', c.state, '--start', '2016-11-18', '--end', '2016-11-07'],
    words: ['2016-11-18', 'hint:'],
  },
  {
    name: 'simulate: --start not a date',
    args: (c) => ['online', 'simulate', '--state', c.state, '--start', '11/07/2016', '--end', '2016-11-08'],
    words: ['--start must be a date', 'hint:'],
  },
  {
    name: 'simulate: before the manager time',
    args: (c) => ['online', 'simulate', '--state', c.state, '--start', '2016-10-03', '--end', '2016-10-07'],
    words: ['2016-10-03', 'hint:'],
  },
  {
    name: 'simulate: no --end',
    args: (c) => ['online', 'simulate', '--state', c.state, '--start', '2016-11-07'],
    words: ["required option '--end <date>'", USAGE],
  },
  {
    name: 'signals: missing state',
    args: (c) => ['online', 'signals', '--state', at(c, 'st'), '--out', at(c, 's.csv')],
    words: ['no online state', 'hint:'],
  },
  {
    name: 'signals: --out is a folder',
    setup: (c) => mkdirSync(at(c, 's.csv')),
    args: (c) => ['online', 'signals', '--state', c.state, '--out', at(c, 's.csv')],
    words: ['s.csv', 'hint:'],
  },
  {
    name: 'signals: --date without signals',
    args: (c) => ['online', 'signals', '--state', c.state, '--date', '2016-11-05', '--out', at(c, 's.csv')],
    words: ['no signals on 2016-11-05', 'hint:'],
  },
  {
    name: 'signals: --date not a date',
    args: (c) => ['online', 'signals', '--state', c.state, '--date', '2016-1-5', '--out', at(c, 's.csv')],
    words: ['--date must be a date', 'hint:'],
  },
  { name: 'signals: no --out', args: (c) => ['online', 'signals', '--state', c.state], words: ["required option '--out <file>'", USAGE] },
  {
    name: 'signals: --out in a folder that is a file',
    setup: (c) => put(c, 'sub', 'x'),
    args: (c) => ['online', 'signals', '--state', c.state, '--out', at(c, 'sub/s.csv')],
    words: ['sub', 'hint:'],
  },
  { name: 'status: missing state', args: (c) => ['online', 'status', '--state', at(c, 'st')], words: ['no online state', 'hint:'] },
  {
    name: 'status: broken state.json',
    setup: brokenState,
    args: (c) => ['online', 'status', '--state', at(c, 'st')],
    words: ['state.json', 'hint:'],
  },
  { name: 'status: no --state', args: () => ['online', 'status'], words: ["required option '--state <dir>'", USAGE] },
  {
    name: 'rollback: --to abc',
    args: (c) => ['online', 'rollback', '--state', c.state, '--to', 'abc'],
    words: ['--to "abc" is neither', 'hint:'],
  },
  { name: 'rollback: --to 99', args: (c) => ['online', 'rollback', '--state', c.state, '--to', '99'], words: ['99', 'hint:'] },
  {
    name: 'rollback: --to before the history',
    args: (c) => ['online', 'rollback', '--state', c.state, '--to', '1990-01-02'],
    words: ['1990-01-02', 'hint:'],
  },
  {
    name: 'rollback: missing state',
    args: (c) => ['online', 'rollback', '--state', at(c, 'st'), '--to', '0'],
    words: ['no online state', 'hint:'],
  },

  // ---- backtest ----------------------------------------------------------------------------------
  {
    name: 'backtest: missing pred file',
    args: (c) => ['backtest', '--provider', c.data, '--pred', at(c, 'pred.csv')],
    words: ['pred.csv', 'hint:'],
  },
  {
    name: 'backtest: pred is a folder',
    setup: (c) => mkdirSync(at(c, 'pred.csv')),
    args: (c) => ['backtest', '--provider', c.data, '--pred', at(c, 'pred.csv')],
    words: ['pred.csv', 'hint:'],
  },
  {
    name: 'backtest: pred without score',
    setup: (c) => put(c, 'pred.csv', 'datetime,instrument\n2016-10-03,AAPL\n'),
    args: (c) => ['backtest', '--provider', c.data, '--pred', at(c, 'pred.csv')],
    words: ['score', 'hint:'],
  },
  {
    name: 'backtest: pred with a bad date',
    setup: (c) => put(c, 'pred.csv', 'datetime,instrument,score\n2016-10-32,AAPL,0.1\n'),
    args: (c) => ['backtest', '--provider', c.data, '--pred', at(c, 'pred.csv')],
    words: ['2016-10-32', 'hint:'],
  },
  {
    name: 'backtest: empty pred',
    setup: (c) => put(c, 'pred.csv', ''),
    args: (c) => ['backtest', '--provider', c.data, '--pred', at(c, 'pred.csv')],
    words: ['pred.csv', 'hint:'],
  },
  {
    name: 'backtest: pred of unknown symbols',
    setup: (c) => put(c, 'pred.csv', 'datetime,instrument,score\n2016-10-03,NOPE1,0.1\n2016-10-04,NOPE1,0.2\n'),
    args: (c) => ['backtest', '--provider', c.data, '--pred', at(c, 'pred.csv')],
    words: ['NOPE1', 'hint:'],
  },
  {
    name: 'backtest: missing provider',
    args: (c) => ['backtest', '--provider', at(c, 'nope'), '--pred', c.pred],
    words: ['nope', 'hint:'],
  },
  { name: 'backtest: empty --pred', args: (c) => ['backtest', '--provider', c.data, '--pred', ''], words: ['--pred must not be empty'] },
  { name: 'backtest: --topk 0', args: (c) => bt(c, '--topk', '0'), words: ['--topk must be an integer >= 1'] },
  { name: 'backtest: --n-drop -1', args: (c) => bt(c, '--n-drop', '-1'), words: ['--n-drop must be an integer >= 0'] },
  { name: 'backtest: --n_drop (snake_case) x', args: (c) => bt(c, '--n_drop', 'x'), words: ['--n-drop must be an integer >= 0'] },
  {
    name: 'backtest: --trade_unit (snake_case) 0',
    args: (c) => bt(c, '--trade_unit', '0'),
    words: ['--trade-unit must be a positive number or none'],
  },
  {
    name: 'backtest: --limit_threshold (snake_case) -1',
    args: (c) => bt(c, '--limit_threshold', '-1'),
    words: ['--limit-threshold must be a positive number or none'],
  },
  {
    name: 'backtest: --open_cost (snake_case) 2',
    args: (c) => bt(c, '--open_cost', '2'),
    words: ['--open-cost must be a number >= 0 and <= 1', 'hint:'],
  },
  {
    name: 'backtest: --close_cost (snake_case) x',
    args: (c) => bt(c, '--close_cost', 'x'),
    words: ['--close-cost must be a number', 'hint:'],
  },
  {
    name: 'backtest: --min_cost (snake_case) -1',
    args: (c) => bt(c, '--min_cost', '-1'),
    words: ['--min-cost must be a number >= 0', 'hint:'],
  },
  {
    name: 'backtest: --deal_price (snake_case) of a missing field',
    args: (c) => bt(c, '--deal_price', '$vwap'),
    words: ['--deal-price "$vwap": the data has no field $vwap', 'hint:'],
  },
  { name: 'backtest: --json under /proc', args: (c) => bt(c, '--json', '/proc/rollq-x/m.json'), words: ['/proc/rollq-x', 'hint:'] },
  { name: 'backtest: --report under /proc', args: (c) => bt(c, '--report', '/proc/rollq-x'), words: ['/proc/rollq-x', 'hint:'] },
  { name: 'features: --out under /proc', args: (c) => feat(c, '--out', '/proc/rollq-x.csv'), words: ['/proc/rollq-x.csv', 'hint:'] },
  {
    name: 'signals: --out under /proc',
    args: (c) => ['online', 'signals', '--state', c.state, '--out', '/proc/rollq-x/s.csv'],
    words: ['/proc/rollq-x', 'hint:'],
  },
  {
    name: 'run: --uri_folder under /proc',
    setup: (c) => wf(c),
    args: (c) => ['run', at(c, 'wf.yaml'), '--uri_folder', '/proc/rollq-x'],
    words: ['/proc/rollq-x', 'hint:'],
  },
  {
    name: 'backtest: --trade-unit abc',
    args: (c) => bt(c, '--trade-unit', 'abc'),
    words: ['--trade-unit must be a positive number or none'],
  },
  { name: 'backtest: --strategy bogus', args: (c) => bt(c, '--strategy', 'bogus'), words: ["'bogus' is invalid", USAGE] },
  { name: 'backtest: --account 0', args: (c) => bt(c, '--account', '0'), words: ['--account must be a number > 0'] },
  { name: 'backtest: --open-cost 2', args: (c) => bt(c, '--open-cost', '2'), words: ['--open-cost must be a number >= 0 and <= 1'] },
  { name: 'backtest: --seed 1.5', args: (c) => bt(c, '--seed', '1.5'), words: ['--seed must be an integer'] },
  { name: 'backtest: --start not a date', args: (c) => bt(c, '--start', '2016-10-0'), words: ['--start must be a date', 'hint:'] },
  {
    name: 'backtest: --start after --end',
    args: (c) => bt(c, '--start', '2016-10-20', '--end', '2016-10-10'),
    words: ['2016-10-20', 'hint:'],
  },
  {
    name: 'backtest: window outside the predictions',
    args: (c) => bt(c, '--start', '2017-03-01', '--end', '2017-03-31'),
    words: ['2016-10-03', 'hint:'],
  },
  { name: 'backtest: unknown benchmark', args: (c) => bt(c, '--benchmark', 'NOPE1'), words: ['NOPE1', 'hint:'] },
  { name: 'backtest: unknown benchmark market', args: (c) => bt(c, '--benchmark', 'market:nasdaq9'), words: ['nasdaq9', 'hint:'] },
  { name: 'backtest: --region xx', args: (c) => bt(c, '--region', 'xx'), words: ["'xx' is invalid", USAGE] },
  // ---- recorder ----------------------------------------------------------------------------------
  {
    name: 'recorder export: store folder missing',
    args: (c) => ['recorder', 'export', '--uri_folder', at(c, 'nope'), '--out', at(c, 'pred.csv')],
    words: ['no recorder store there', 'hint:'],
  },
  {
    name: 'recorder export: store with no FINISHED recorder',
    setup: (c) => mkdirSync(at(c, 'mlruns')),
    args: (c) => ['recorder', 'export', '--uri_folder', at(c, 'mlruns'), '--out', at(c, 'pred.csv')],
    words: ['has no FINISHED recorder', 'hint:'],
  },
  {
    name: 'recorder export: unknown experiment',
    args: (c) => rexp(c, '--experiment', 'nope'),
    words: ['experiment "nope" does not exist', 'hint:'],
  },
  { name: 'recorder export: unknown recorder id', args: (c) => rexp(c, '--recorder', 'abc123'), words: ['no recorder abc123', 'hint:'] },
  {
    name: 'recorder export: missing artifact',
    args: (c) => rexp(c, '--artifact', 'nope'),
    words: ['no prediction artifact "nope"', 'hint:'],
  },
  {
    name: 'recorder export: --out an existing folder',
    setup: (c) => mkdirSync(at(c, 'out')),
    args: (c) => ['recorder', 'export', '--uri_folder', join(c.state, 'recorders'), '--out', at(c, 'out')],
    words: ['--out', 'is an existing folder', 'hint:'],
  },
  {
    name: 'recorder export: --out under /proc',
    args: (c) => ['recorder', 'export', '--uri_folder', join(c.state, 'recorders'), '--out', '/proc/rollq-x/p.csv'],
    words: ['/proc/rollq-x', 'hint:'],
  },
  {
    name: 'recorder export: no --out',
    args: (c) => ['recorder', 'export', '--uri_folder', join(c.state, 'recorders')],
    words: ["required option '--out <file.csv>' not specified", USAGE],
  },
  {
    name: 'recorder export: empty --uri_folder',
    args: (c) => ['recorder', 'export', '--uri_folder', '', '--out', at(c, 'pred.csv')],
    words: ['--uri-folder must not be empty'],
  },
  {
    name: 'recorder list: store folder missing',
    args: (c) => ['recorder', 'list', '--uri_folder', at(c, 'nope')],
    words: ['no recorder store there', 'hint:'],
  },
  {
    name: 'recorder list: malformed MongoDB URL',
    args: () => ['recorder', 'list', '--uri_folder', 'mongodb://host/bad.db'],
    words: ['MONGO_URL_INVALID', 'not a valid MongoDB database name', 'hint:'],
  },
  {
    name: 'run: malformed MongoDB URL as --uri_folder',
    setup: (c) => wf(c),
    args: (c) => ['run', at(c, 'wf.yaml'), '--uri_folder', 'mongodb://'],
    words: ['MONGO_URL_INVALID', 'is not a MongoDB URL', 'hint:'],
  },
  {
    name: 'recorder list: unknown experiment',
    args: (c) => ['recorder', 'list', '--uri_folder', join(c.state, 'recorders'), '--experiment', 'nope'],
    words: ['experiment "nope" does not exist', 'hint:'],
  },
  {
    name: 'recorder export: a good export writes the CSV',
    args: (c) => rexp(c),
    code: 0,
    words: [],
    changes: ['pred.csv'],
  },
  { name: 'backtest: unknown operator in --deal-price', args: (c) => bt(c, '--deal-price', 'Reff($close, 1)'), words: ['Reff', 'hint:'] },
  { name: 'backtest: unknown field in --deal-price', args: (c) => bt(c, '--deal-price', '$vwapp'), words: ['vwapp', 'hint:'] },
  { name: 'backtest: --label syntax error', args: (c) => bt(c, '--label', 'Ref($close, -2'), words: ['hint:'] },
  {
    name: 'backtest: --json is a folder',
    setup: (c) => mkdirSync(at(c, 'm.json')),
    args: (c) => bt(c, '--json', at(c, 'm.json')),
    words: ['m.json', 'hint:'],
  },
  {
    name: 'backtest: --json under a file',
    setup: (c) => put(c, 'sub', 'x'),
    args: (c) => bt(c, '--json', at(c, 'sub/m.json')),
    words: ['is a file, not a folder', 'hint:'],
  },
  {
    name: 'backtest: --report is a file',
    setup: (c) => put(c, 'report', 'x'),
    args: (c) => bt(c, '--report', at(c, 'report')),
    words: ['report', 'hint:'],
  },
  {
    name: 'backtest: snake_case flags are accepted',
    args: (c) =>
      bt(
        c,
        '--n_drop',
        '2',
        '--trade_unit',
        'none',
        '--limit_threshold',
        'none',
        '--deal_price',
        'close',
        '--open_cost',
        '0.0005',
        '--close_cost',
        '0.0015',
        '--min_cost',
        '5',
        '--json',
        at(c, 'm.json'),
      ),
    code: 0,
    words: ['excess_return_with_cost'],
    changes: ['m.json'],
  },

  // ---- task pool: rollq task / worker / rolling run --mongo ---------------------------------------
  {
    name: 'task stat: --mongo is not a MongoDB URL',
    args: () => ['task', 'stat', '--mongo', 'http://127.0.0.1:27017/x', '--pool', 'p'],
    words: ['--mongo "http://127.0.0.1:27017/x" is not a MongoDB URL', 'hint:', 'mongodb://HOST:27017/DATABASE'],
  },
  {
    name: 'task list: bad pool name',
    args: () => ['task', 'list', '--mongo', freshMongoUrl('bad'), '--pool', 'no/slash'],
    words: ['POOL_NAME_INVALID', 'task pool name "no/slash" is not allowed', 'hint:'],
  },
  {
    name: 'task stat: bad database name in the URL',
    args: () => ['task', 'stat', '--mongo', 'mongodb://127.0.0.1:27017/bad.db', '--pool', 'p'],
    words: ['MONGO_URL_INVALID', 'hint:'],
  },
  {
    name: 'task wait: server down (short timeout in the URL)',
    args: () => ['task', 'wait', '--mongo', 'mongodb://user:pw@127.0.0.1:9/rollq?serverSelectionTimeoutMS=300', '--pool', 'p'],
    code: 1,
    why: 'the server, not the input: a runtime failure naming the URL (password hidden) and the fix',
    words: ['MONGO_UNREACHABLE', 'mongodb://user:***@127.0.0.1:9/rollq', 'hint: start the server'],
  },
  {
    name: 'task list: unknown --status',
    args: () => ['task', 'list', '--mongo', 'mongodb://127.0.0.1:9/x', '--pool', 'p', '--status', 'finished'],
    words: ['finished', 'waiting', 'part_done'],
  },
  {
    name: 'worker: bad --lease duration',
    args: () => ['worker', '--mongo', 'mongodb://127.0.0.1:9/x', '--pool', 'p', '--lease', '5 minutes'],
    words: ['--lease "5 minutes" is not a duration', 'hint:', '60s, 2m, 1h'],
  },
  {
    name: 'worker: --concurrency 0',
    args: () => ['worker', '--mongo', 'mongodb://127.0.0.1:9/x', '--pool', 'p', '--concurrency', '0'],
    words: ['--concurrency must be an integer >= 1', 'hint:'],
  },
  {
    name: 'worker: --max-attempts 0',
    args: () => ['worker', '--mongo', 'mongodb://127.0.0.1:9/x', '--pool', 'p', '--max-attempts', '0'],
    words: ['--max-attempts must be an integer >= 1', 'hint:'],
  },
  {
    name: 'worker --exit-when-empty on an empty pool that records no data folder: nothing to do',
    args: () => ['worker', '--mongo', freshMongoUrl('nodata'), '--pool', 'empty', '--exit-when-empty'],
    code: 0,
    words: ['rollq worker: pool empty has no task to do'],
  },
  {
    name: 'worker: --data that is not a Qlib folder',
    args: (c) => ['worker', '--mongo', freshMongoUrl('baddata'), '--pool', 'p', '--data', at(c, 'nope'), '--store', at(c, 'mlruns')],
    words: ['is not a Qlib data directory', 'hint:'],
  },
  {
    name: 'rolling run: --pool without --mongo',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml'), '--pool', 'p', '--uri_folder', at(c, 'mlruns')],
    words: ['--pool needs --mongo too', 'hint:'],
  },
  {
    name: 'rolling run: --no-local-worker without a pool',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml'), '--no-local-worker', '--uri_folder', at(c, 'mlruns')],
    words: ['--no-local-worker needs --mongo and --pool', 'hint:'],
  },
  {
    name: 'rolling run: bad --lease',
    setup: (c) => wf(c),
    args: (c) => ['rolling', 'run', at(c, 'wf.yaml'), '--mongo', 'mongodb://127.0.0.1:9/x', '--pool', 'p', '--lease', '-3s'],
    words: ['--lease "-3s" is not a duration', 'hint:'],
  },
  // ---- demo --------------------------------------------------------------------------------------
  {
    name: 'demo: --out is a file',
    setup: (c) => put(c, 'demo-out', 'x'),
    args: (c) => ['demo', '--out', at(c, 'demo-out')],
    words: ['demo-out', 'hint:'],
  },
  {
    name: 'demo: --start after --end',
    args: (c) => ['demo', '--out', at(c, 'd'), '--start', '2017-06-01', '--end', '2017-01-03'],
    words: ['--end 2017-01-03 is before --start 2017-06-01', 'hint:'],
  },
  // ---- serve / config check ------------------------------------------------------------------------
  { name: 'serve: missing state', args: (c) => ['serve', '--state', at(c, 'st')], words: ['holds no online state', 'hint:'] },
  { name: 'serve: broken state.json', setup: brokenState, args: (c) => ['serve', '--state', at(c, 'st')], words: ['state.json', 'hint:'] },
  {
    name: 'serve: --port 99999',
    args: (c) => ['serve', '--state', c.state, '--port', '99999'],
    words: ['--port must be a port number 0..65535', 'hint:'],
  },
  {
    name: 'serve: --port abc',
    args: (c) => ['serve', '--state', c.state, '--port', 'abc'],
    words: ['--port must be a port number', 'hint:'],
  },
  {
    name: 'serve: --config value of the wrong type',
    setup: (c) => put(c, 'serve.yaml', 'server:\n  port: eighty\n'),
    args: (c) => ['serve', '--state', c.state, '--config', at(c, 'serve.yaml')],
    words: [/serve\.yaml:2:9: server\.port:/, 'hint:'],
  },
  {
    name: 'serve: --config with an unknown key',
    setup: (c) => put(c, 'serve.yaml', 'cache:\n  maxEntries: 10\n  colour: red\n'),
    args: (c) => ['serve', '--state', c.state, '--config', at(c, 'serve.yaml')],
    words: [/serve\.yaml:3:3: cache\.colour:/, 'hint:'],
  },
  {
    name: 'serve: --config missing',
    args: (c) => ['serve', '--state', c.state, '--config', at(c, 'none.yaml')],
    words: ['serve config file', 'does not exist', 'hint:'],
  },
  {
    name: 'serve: --token-file missing',
    args: (c) => ['serve', '--state', c.state, '--token-file', at(c, 'token')],
    words: ['cannot read the token file', 'hint:'],
  },
  {
    name: 'serve: --token-file too short',
    setup: (c) => put(c, 'token', 'abc\n'),
    args: (c) => ['serve', '--state', c.state, '--token-file', at(c, 'token')],
    words: ['is 3 characters', 'hint:'],
  },
  { name: 'config check: missing file', args: (c) => ['config', 'check', at(c, 'none.yaml')], words: ['does not exist', 'hint:'] },
  {
    name: 'config check: a negative threshold',
    setup: (c) => put(c, 'serve.yaml', 'thresholds:\n  latencyMs: -5\n'),
    args: (c) => ['config', 'check', at(c, 'serve.yaml')],
    words: [/serve\.yaml:2:14: thresholds\.latencyMs:/, 'hint:'],
  },
  {
    name: 'demo: --start not a date',
    args: (c) => ['demo', '--out', at(c, 'd'), '--start', '2017-02-29'],
    words: ['--start must be a date', 'hint:'],
  },
  { name: 'demo: --step 0', args: (c) => ['demo', '--out', at(c, 'd'), '--step', '0'], words: ['--step "0"', 'hint:'] },
  {
    name: 'demo: --gbdt_rounds 0',
    args: (c) => ['demo', '--out', at(c, 'd'), '--gbdt_rounds', '0'],
    words: ['--gbdt-rounds must be an integer >= 1'],
  },
  {
    name: 'demo: --mlp-layers abc',
    args: (c) => ['demo', '--out', at(c, 'd'), '--mlp-layers', 'abc'],
    words: ['--mlp-layers must be comma-separated positive integers'],
  },
  {
    name: 'demo: --mlp-steps -1',
    args: (c) => ['demo', '--out', at(c, 'd'), '--mlp-steps', '-1'],
    words: ['--mlp-steps must be an integer >= 1'],
  },
];

/** The files under `dir` with their sizes (folders with a trailing /), as `path size` lines. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      const p = join(d, e);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else out.push(`${relative(dir, p)} ${st.size}`);
    }
  };
  walk(dir);
  return out;
}

describe('bad input: a clear error (exit 2, a hint, no stack), nothing changed', () => {
  let root: string;
  let data: string;
  let state: string;
  let pred: string;
  let n = 0;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rollq-bad-input-'));
    data = await usQlibDir();
    // one small online state, first-trained and routined once (so it has signals), shared by the online rows
    const shared = join(root, 'shared');
    mkdirSync(shared);
    const w = join(shared, 'wf.yaml');
    writeFileSync(w, workflowText(data));
    state = join(shared, 'state');
    const init = await runCli(['online', 'init', w, '--state', state, '--name', 'main', '--step', '10', '--begin', '2016-10-31']);
    if (init.code !== 0) throw new Error(`online init failed: ${init.stderr}`);
    const routine = await runCli(['online', 'routine', '--state', state, '--date', '2016-11-04']);
    if (routine.code !== 0) throw new Error(`online routine failed: ${routine.stderr}`);
    // predictions of October 2016 for the 12 stocks
    const provider = QlibProvider.open(data);
    const [a, b] = provider.calendar.locate('2016-10-03', '2016-10-31');
    const lines = ['datetime,instrument,score'];
    for (let p = a; p <= b; p++)
      INSTRUMENTS.forEach((s, i) => {
        lines.push(`${provider.calendar.date(p)},${s},${Math.sin(p * 7 + i * 13)}`);
      });
    pred = join(shared, 'pred.csv');
    writeFileSync(pred, `${lines.join('\n')}\n`);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('has at least 100 rows with distinct names', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.name, r] as const))(
    '%s',
    async (_name, row) => {
      const dir = join(root, `row-${n++}`);
      mkdirSync(dir);
      const c: Ctx = { dir, data, state, pred };
      row.setup?.(c);
      const before = snapshot(dir);
      const stateBefore = snapshot(state);
      const routineLog = join(state, ROUTINE_LOG_FILE);
      const logBefore = existsSync(routineLog) ? readFileSync(routineLog, 'utf8') : '';
      const args = row.args(c);
      // a run records into the row's folder (not ./mlruns), so the snapshot sees what a failed run leaves
      const records = args[0] === 'run' || (args[0] === 'rolling' && args[1] === 'run');
      if (records && !args.includes('--uri_folder')) args.push('--uri_folder', at(c, 'mlruns'));
      const r = await runCli(args);
      const code = row.code ?? 2;
      const text = code === 0 ? r.stdout : r.stderr;
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code });
      if (code !== 0) {
        expect(r.stderr).toMatch(/hint: |Usage: rollq/);
        expect(r.stderr).not.toMatch(/unexpected error/);
      }
      for (const w of row.words) {
        if (typeof w === 'string') expect(text).toContain(w);
        else expect(text).toMatch(w);
      }
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const allowed = new Set(row.changes ?? []);
      const keep = (l: string) => !allowed.has(l.replace(/\/$| \d+$/, ''));
      expect(snapshot(dir).filter(keep)).toEqual(before.filter(keep));
      for (const p of allowed)
        expect(
          snapshot(dir).some((l) => l.startsWith(p)),
          `${p} written`,
        ).toBe(true);
      // the routine log is the one append-only record of attempts (what `online status` and the service's update
      // alert read): a refused routine adds its one 'failed' line; nothing else of the state changes
      const notLog = (l: string) => !l.startsWith(`${ROUTINE_LOG_FILE} `);
      expect(snapshot(state).filter(notLog)).toEqual(stateBefore.filter(notLog));
      const logAfter = existsSync(routineLog) ? readFileSync(routineLog, 'utf8') : '';
      expect(logAfter.startsWith(logBefore)).toBe(true);
      const added = logAfter.slice(logBefore.length).split('\n').filter(Boolean);
      expect(added.length).toBeLessThanOrEqual(1);
      for (const line of added) expect(JSON.parse(line)).toMatchObject({ outcome: 'failed' });
    },
    30_000,
  );
});
