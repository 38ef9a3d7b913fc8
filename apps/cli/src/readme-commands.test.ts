import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { repoRoot, shippedDataDir, TINY_INSTRUMENTS, usQlibDir } from '@rollq/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';
import { runCli } from './testing/run-cli.js';
import { SMALL_DEMO_FLAGS } from './testing/small-demo.js';

/**
 * Keeps the README's command lines true (issue 12: every README example runs as written from a fresh
 * clone). Every `npx rollq …` line of a ```bash block of the repository's README.md is
 *  (a) parsed by the real program with every action replaced by a no-op: the command exists, every flag
 *      exists and every given value passes its option parser (a renamed flag or a removed command fails);
 *  (b) run for real, in README order, each in one temp folder as cwd, each exiting 0, on small data.
 *
 * What (b) substitutes, and how (only the data size changes, never a command or a flag):
 *  - `examples/workflow_config_gbdt_Alpha158_us.yaml` (used by `run`, `rolling plan`, `rolling run` and
 *    `online init`) is, in the temp folder's `examples/`, a tiny copy of the shipped workflow: the same
 *    layout and records, 12 instruments instead of sp500, 8 boosting rounds of depth 3, the handler over
 *    2016-01-04..2017-12-29 and the test segment 2017-01-03..2017-08-31 (TopK 5 / drop 1 for 12 stocks).
 *    The full example trains on all 500 stocks (~80 s per model). The other shipped examples are linked
 *    unchanged.
 *  - `rollq demo …` gets the small flags of demo.test.ts appended (12 instruments, a 4-month period, 10
 *    rounds / 10 MLP steps); its `demo-out/us_qlib` is the test import (as demo.test.ts does).
 *  - `~` is expanded to the temp folder (the shell does it in real use). HOME itself is left alone: the
 *    LightGBM library is found under ~/.cache/rollq.
 *  - `data/` links to the shipped CSVs, `.cache/us_qlib` (the examples' data when ROLLQ_US_DATA is unset)
 *    to the test import from usQlibDir().
 */

/** The `npx rollq` lines of the README's ```bash blocks, as argument lists (after `npx rollq`). */
export function readmeCommands(readme: string): string[][] {
  const out: string[][] = [];
  const blocks = readme.matchAll(/^```bash\n([\s\S]*?)^```/gm);
  for (const [, body] of blocks) {
    const lines = body!.replace(/\\\n/g, ' ').split('\n');
    for (const line of lines) {
      const words = shellWords(line);
      if (words[0] === 'npx' && words[1] === 'rollq') out.push(words.slice(2));
    }
  }
  return out;
}

/** Splits one shell line into words: whitespace-separated, '…' / "…" quoting, a `#` comment word ends it. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) {
    if (m[3]?.startsWith('#')) break;
    words.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
  }
  return words;
}

/** `~` / `~/…` as the shell expands it, against `home`. */
function expandHome(args: string[], home: string): string[] {
  return args.map((a) => (a === '~' ? home : a.startsWith('~/') ? join(home, a.slice(2)) : a));
}

function allCommands(c: Command): Command[] {
  return [c, ...(c.commands as Command[]).flatMap((s) => allCommands(s))];
}

/**
 * Parses `args` with the real program (option parsers included) without running any action; returns the
 * command path that would have run, or throws with what commander / the parser said.
 */
export async function parseOnly(args: string[]): Promise<string> {
  const program = buildProgram();
  let ran: string | undefined;
  let err = '';
  for (const c of allCommands(program as unknown as Command)) {
    c.configureOutput({ writeOut: () => {}, writeErr: (s) => (err += s) });
    const path: string[] = [];
    for (let p: Command | null = c; p?.parent; p = p.parent as Command | null) path.unshift(p.name());
    // replaces the lazy-loading action of each leaf (the commands that run something): commander keeps one
    // handler per command; a group (`online`, `data`) keeps none, so an unknown subcommand stays an error
    if (c.commands.length === 0)
      c.action(() => {
        ran = path.join(' ');
      });
  }
  try {
    await program.parseAsync(['node', 'rollq', ...args]);
  } catch (e) {
    throw new Error(`rollq ${args.join(' ')}: ${e instanceof Error ? e.message : String(e)}\n${err}`);
  }
  if (ran === undefined) throw new Error(`rollq ${args.join(' ')}: no command ran\n${err}`);
  return ran;
}

const INSTRUMENTS = TINY_INSTRUMENTS;

/** The tiny stand-in for examples/workflow_config_gbdt_Alpha158_us.yaml (see the header). */
const TINY_GBDT_US = `# tiny copy of the shipped example for readme-commands.test.ts
qlib_init:
  provider_uri: "\${ROLLQ_US_DATA}"
  region: us
benchmark: &benchmark ^GSPC
data_handler_config: &data_handler_config
  start_time: 2016-01-04
  end_time: 2017-12-29
  fit_start_time: 2016-01-04
  fit_end_time: 2016-06-30
  instruments: ${JSON.stringify(INSTRUMENTS)}
port_analysis_config: &port_analysis_config
  strategy:
    class: TopkDropoutStrategy
    kwargs: { signal: <PRED>, topk: 5, n_drop: 1 }
  backtest:
    start_time: 2017-01-03
    end_time: 2017-08-31
    account: 100000000
    benchmark: *benchmark
    exchange_kwargs: { deal_price: close, open_cost: 0.0005, close_cost: 0.0015, min_cost: 5 }
task:
  model:
    class: LGBModel
    kwargs: { loss: mse, num_boost_round: 8, learning_rate: 0.2, max_depth: 3, num_threads: 1 }
  dataset:
    class: DatasetH
    kwargs:
      handler:
        class: Alpha158
        kwargs: *data_handler_config
      segments:
        train: [2016-01-04, 2016-06-30]
        valid: [2016-07-01, 2016-12-30]
        test: [2017-01-03, 2017-08-31]
  record:
    - { class: SignalRecord, kwargs: { model: <MODEL>, dataset: <DATASET> } }
    - { class: SigAnaRecord, kwargs: { ana_long_short: false, ann_scaler: 252 } }
    - { class: PortAnaRecord, kwargs: { config: *port_analysis_config } }
`;

const README = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
const COMMANDS = readmeCommands(README);

describe('README command lines', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'rollq-readme-parse-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('the README has npx rollq lines', () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(COMMANDS.map((c) => [c.join(' '), c] as const))('parses: rollq %s', async (_, args) => {
    const cwd = process.cwd();
    process.chdir(home); // output-path parsers look at the folder
    try {
      const ran = await parseOnly(expandHome(args, home));
      expect(args.slice(0, ran.split(' ').length).join(' ')).toBe(ran);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a broken README line fails the check (a renamed flag, a bad value, a removed command)', async () => {
    const broken = readmeCommands(
      [
        '```bash',
        'npx rollq backtest --provider x --pred s.csv --topk 50 --n-dorp 5',
        'npx rollq online simulate --state s --start 2017-03-01 --end 2017-06-31',
        'npx rollq rolling plann examples/x.yaml',
        '```',
      ].join('\n'),
    );
    expect(broken).toHaveLength(3);
    for (const args of broken) await expect(parseOnly(args)).rejects.toThrow(/rollq /);
  });
});

describe('README command lines, run in order on small data', () => {
  let root: string;
  let cwd: string;
  let savedUsData: string | undefined;

  beforeAll(async () => {
    cwd = process.cwd();
    root = mkdtempSync(join(tmpdir(), 'rollq-readme-run-'));
    const data = await usQlibDir();
    symlinkSync(shippedDataDir(), join(root, 'data'));
    mkdirSync(join(root, '.cache'));
    symlinkSync(data, join(root, '.cache', 'us_qlib'));
    mkdirSync(join(root, 'demo-out'));
    symlinkSync(data, join(root, 'demo-out', 'us_qlib'));
    const examples = join(repoRoot(), 'apps', 'cli', 'examples');
    mkdirSync(join(root, 'examples'));
    for (const f of readdirSync(examples)) {
      if (f === 'workflow_config_gbdt_Alpha158_us.yaml') writeFileSync(join(root, 'examples', f), TINY_GBDT_US);
      else symlinkSync(join(examples, f), join(root, 'examples', f));
    }
    savedUsData = process.env.ROLLQ_US_DATA;
    delete process.env.ROLLQ_US_DATA; // the README's setting: the examples use .cache/us_qlib
    process.chdir(root);
  });
  afterAll(() => {
    process.chdir(cwd);
    if (savedUsData !== undefined) process.env.ROLLQ_US_DATA = savedUsData;
    rmSync(root, { recursive: true, force: true });
  });

  it('every line exits 0', { timeout: 120_000 }, async () => {
    for (const line of COMMANDS) {
      let args = expandHome(line, root);
      if (args[0] === 'demo') args = [...args, ...SMALL_DEMO_FLAGS];
      const r = await runCli(args);
      expect(r.code, `rollq ${line.join(' ')}\n${r.stderr}`).toBe(0);
      // what a line says it writes is there
      for (const [i, a] of args.entries())
        if (['--out', '--report', '--state'].includes(a))
          expect(existsSync(args[i + 1]!), `rollq ${line.join(' ')}: ${a} ${args[i + 1]}`).toBe(true);
    }
  });
});
