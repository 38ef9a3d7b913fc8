/**
 * The kill -9 suite (issue 12): runs the built CLI (`node apps/cli/bin/rollq.js`, real processes) on a small
 * real case in a temp folder, SIGKILLs it at a seeded random point of its measured duration, and checks what
 * the kill left:
 * - import: `data import` (`--mode all` over an older import, and `--mode update` with newer rows) leaves the
 *   folder exactly old or exactly new (a digest of every file: features, calendar, instruments); the next
 *   import succeeds, gives the new data and leaves no `.rollq-*` build / backup / lock beside or inside it.
 *   The one exception replaceDirectory documents (no atomic directory exchange from Node): a kill between its
 *   two renames leaves the target absent and the old copy whole beside it; that counts as old when the backup's
 *   digest is the old one and a reader (`data info`) exits 2 naming it, and is listed as "in swap";
 * - init: a killed `online init` leaves either no state.json (and `online init` runs again) or a complete
 *   state (`online status` reads it); then `online routine` succeeds and the signals equal an uninterrupted
 *   run's;
 * - routine: a killed `online routine --date D1` on an initialised state, then `routine D1` again and
 *   `routine D2`, give byte-identical signals (`online signals --out`) to an uninterrupted run.
 * Each case measures the command once uninterrupted (its duration, and the reference result), then makes
 * `runs` kills at `rng() * duration` (mulberry32 of the seed: the same seed gives the same kill points).
 *
 * Usage: npx tsx tools/crash/crash-suite.ts [--seed S] [--runs N] [--only import|init|routine] [--keep]
 * Exit 0 when every run passed, 1 otherwise.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { mulberry32 } from '@rollq/data';
import { TINY_INSTRUMENTS, tinyWorkflowYaml } from '../src/tiny-workflow.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO, 'apps', 'cli', 'bin', 'rollq.js');
const SHIPPED = join(REPO, 'apps', 'cli', 'data', 'all_stocks_5yr.csv.gz');

export const CASES = ['import', 'init', 'routine'] as const;
export type CaseName = (typeof CASES)[number];

export const INSTRUMENTS = TINY_INSTRUMENTS;
/** Manager time of the first training, and the two routine dates (D1 trains a due task: step 10). */
const BEGIN = '2016-10-31';
const D1 = '2016-11-15';
const D2 = '2016-11-22';

export interface CrashSuiteOptions {
  seed: number;
  runs: number;
  only?: CaseName[];
  /** Keep the temp folder (its path is printed). */
  keep?: boolean;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface CaseStats {
  name: string;
  runs: number;
  /** The command ended by itself before the kill came. */
  finished: number;
  killedBeforeCommit: number;
  killedAfterCommit: number;
  /** Runs whose kill left something (leftovers, a lock, a partial state) that the next run repaired. */
  recoveries: number;
  /**
   * Recorder folders left that the final state does not list: an unfinished training of a killed process,
   * which reads FAILED (its owner is gone) and is kept as Qlib keeps a failed run; counted, not a failure. A
   * FINISHED one left unlisted (a training the next run should have reused) is a failure.
   */
  orphanRecorders: number;
  /** import: kills inside the swap's two renames (target absent, old copy whole beside it; restored by the next run). */
  targetAbsent: number;
  failures: number;
  firstFailure?: string;
  /** The measured duration of one uninterrupted command, ms. */
  durationMs: number;
}

export interface CrashSuiteResult {
  seed: number;
  cases: CaseStats[];
  ok: boolean;
  seconds: number;
}

// ---- deterministic randomness ------------------------------------------------------------------------

/** One generator per case, so `--only` does not move the other cases' kill points. */
function caseRng(seed: number, name: CaseName): () => number {
  let h = seed >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return mulberry32(h);
}

// ---- processes ---------------------------------------------------------------------------------------

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The kill came before the process ended. */
  killed: boolean;
}

/** Runs the CLI with `args` in `cwd`; SIGKILLs it after `killAfterMs` when given. */
function cli(args: string[], cwd: string, killAfterMs?: number): Promise<Outcome> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child: ChildProcess = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b) => (stdout += String(b)));
    child.stderr!.on('data', (b) => (stderr += String(b)));
    let killed = false;
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (child.exitCode === null && child.signalCode === null) {
              killed = true;
              child.kill('SIGKILL');
            }
          }, killAfterMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: performance.now() - t0, killed });
    });
  });
}

class RunFailure extends Error {}

/** Runs the CLI to its end and requires exit 0. */
async function ok(what: string, args: string[], cwd: string): Promise<Outcome> {
  const r = await cli(args, cwd);
  if (r.code !== 0) {
    throw new RunFailure(
      `${what} exited ${r.code ?? r.signal}: rollq ${args.join(' ')}\n${r.stderr.trim().split('\n').slice(-8).join('\n')}`,
    );
  }
  return r;
}

// ---- files -------------------------------------------------------------------------------------------

/** Every file under `dir` (relative paths, sorted), hidden ones included. */
function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p));
  }
  return out.sort();
}

/** A digest of every file under `dir`: paths and contents. `null` when `dir` does not exist. */
function digestDir(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const h = createHash('sha256');
  for (const f of listFiles(dir)) {
    h.update(f);
    h.update('\0');
    h.update(
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    );
    h.update('\n');
  }
  return h.digest('hex');
}

/** What an import into `target` may leave beside it: `.<name>.rollq-…` and `..<name>.rollq-…`. */
function leftoversBeside(target: string): string[] {
  const name = target.slice(dirname(target).length + 1);
  return readdirSync(dirname(target)).filter((n) => n.startsWith(`.${name}.rollq-`) || n.startsWith(`..${name}.rollq-`));
}

/** Hidden files inside a folder (temp files, locks): none may stay after a successful command. */
function hiddenInside(dir: string): string[] {
  return listFiles(dir).filter((f) => f.split('/').some((part) => part.startsWith('.')));
}

function readCommit(state: string): number | null {
  const p = join(state, 'state.json');
  if (!existsSync(p)) return null;
  const v = JSON.parse(readFileSync(p, 'utf8')) as { commit?: unknown };
  if (typeof v.commit !== 'number') throw new RunFailure(`${p} has no commit counter`);
  return v.commit;
}

/**
 * Checks a state after its last successful command: no hidden (temp / lock) file anywhere, `signals/` holds
 * just the committed signal file; returns how many recorder folders the state does not list.
 */
function checkFinalState(state: string): number {
  const hidden = hiddenInside(state);
  if (hidden.length > 0) throw new RunFailure(`the state keeps ${hidden.join(', ')} after its last command`);
  const doc = JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')) as {
    signals?: { file: string } | null;
    recorders: Record<string, string[]>;
    store?: string;
  };
  const signalFiles = existsSync(join(state, 'signals')) ? readdirSync(join(state, 'signals')) : [];
  const extra = signalFiles.filter((f) => `signals/${f}` !== doc.signals?.file && f !== doc.signals?.file);
  if (extra.length > 0) throw new RunFailure(`signals/ keeps ${extra.join(', ')} beside the committed ${doc.signals?.file}`);
  const listed = new Set(Object.values(doc.recorders).flat());
  let orphans = 0;
  const store = join(state, doc.store ?? 'recorders');
  for (const exp of existsSync(store) ? readdirSync(store, { withFileTypes: true }) : []) {
    if (!exp.isDirectory()) continue;
    for (const rec of readdirSync(join(store, exp.name), { withFileTypes: true })) {
      if (!rec.isDirectory() || listed.has(rec.name)) continue;
      orphans += 1;
      // a training the kill cut short reads FAILED (its process is gone); a finished one must have been reused
      const meta = join(store, exp.name, rec.name, 'meta.json');
      const status = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as { status?: string }).status : undefined;
      if (status === 'FINISHED')
        throw new RunFailure(`recorder ${exp.name}/${rec.name} finished but the state neither lists nor reused it`);
    }
  }
  return orphans;
}

// ---- the small real case -----------------------------------------------------------------------------

/** Cuts the shipped CSV to 12 symbols and the days in [from, to] (one read of the file for all cuts). */
function cutCsvs(cuts: Record<string, [string, string]>, folder: string): Record<string, string> {
  const lines = gunzipSync(readFileSync(SHIPPED)).toString('utf8').split('\n');
  const header = lines[0]!;
  const symbolCol = header.split(',').indexOf('Name');
  const wanted = new Set(INSTRUMENTS);
  const rows = lines.slice(1).filter((l) => l && wanted.has(l.split(',')[symbolCol]!));
  const out: Record<string, string> = {};
  for (const [name, [from, to]] of Object.entries(cuts)) {
    const p = join(folder, `${name}.csv`);
    const kept = rows.filter((l) => {
      const d = l.slice(0, 10);
      return d >= from && d <= to;
    });
    writeFileSync(p, `${header}\n${kept.join('\n')}\n`);
    out[name] = p;
  }
  return out;
}

function initArgs(workflow: string, state: string): string[] {
  return ['online', 'init', workflow, '--state', state, '--name', 'gbdt', '--step', '10', '--begin', BEGIN];
}

function workflowYaml(data: string): string {
  return tinyWorkflowYaml(data, { sigAna: false });
}

interface Fixture {
  root: string;
  csv: Record<'old' | 'full' | 'newer', string>;
  /** A data folder of `full` for the online cases (never written by them). */
  data: string;
  workflow: string;
  /** `online init` once, uninterrupted (shared by the init case's reference and the routine case). */
  initial(): Promise<{ state: string; ms: number }>;
}

async function makeFixture(root: string): Promise<Fixture> {
  const csv = cutCsvs(
    { old: ['2015-07-01', '2016-06-30'], full: ['2015-07-01', '2016-12-30'], newer: ['2016-07-01', '2016-12-30'] },
    root,
  ) as Fixture['csv'];
  const data = join(root, 'data');
  await ok('fixture import', ['data', 'import', '--csv', csv.full, '--out', data, '--market', 'crash'], root);
  const workflow = join(root, 'workflow.yaml');
  writeFileSync(workflow, workflowYaml(data));
  let initial: Promise<{ state: string; ms: number }> | undefined;
  const state = join(root, 'initial-state');
  return {
    root,
    csv,
    data,
    workflow,
    initial: () => (initial ??= ok('the reference init', initArgs(workflow, state), root).then((r) => ({ state, ms: r.ms }))),
  };
}

// ---- cases -------------------------------------------------------------------------------------------

interface RunResult {
  finished: boolean;
  afterCommit: boolean;
  recovered: boolean;
  orphanRecorders?: number;
  /** import: killed inside the swap, the target absent and the old copy whole beside it (restored next run). */
  targetAbsent?: boolean;
}

interface CaseSpec {
  name: string;
  /** Measures the uninterrupted command; returns its duration in ms. */
  reference(): Promise<number>;
  /** One run killed at `delayMs`, `i` its index. */
  run(i: number, delayMs: number): Promise<RunResult>;
}

function importCase(fx: Fixture, mode: 'all' | 'update'): CaseSpec {
  const base = join(fx.root, `import-${mode}`);
  // all: the full CSV over an import of its first year; update: the newer rows onto that import
  const args = (out: string) => [
    'data',
    'import',
    '--csv',
    mode === 'all' ? fx.csv.full : fx.csv.newer,
    '--out',
    out,
    '--mode',
    mode,
    '--market',
    'crash',
  ];
  let oldDigest = '';
  let newDigest = '';
  const older = async (out: string) => {
    await ok('the older import', ['data', 'import', '--csv', fx.csv.old, '--out', out, '--market', 'crash'], fx.root);
  };
  return {
    name: `import --mode ${mode}`,
    async reference() {
      const out = join(base, 'ref', 'qlib');
      await older(out);
      oldDigest = digestDir(out)!;
      const r = await ok('the reference import', args(out), fx.root);
      newDigest = digestDir(out)!;
      if (newDigest === oldDigest) throw new RunFailure('the new import equals the old one: the case checks nothing');
      return r.ms;
    },
    async run(i, delayMs) {
      const out = join(base, `run-${i}`, 'qlib');
      await older(out);
      const r = await cli(args(out), fx.root, delayMs);
      if (!r.killed && r.code !== 0) throw new RunFailure(`the import exited ${r.code} before the kill:\n${r.stderr.trim()}`);
      let d = digestDir(out);
      let absent = false;
      if (d === null) {
        // the one window replaceDirectory documents: killed between its two renames, the target is absent and
        // the old copy lies whole beside it (a reader is told so; the next import renames it back first)
        const backups = leftoversBeside(out).filter((n) => /\.rollq-old-\d+-\d+-[0-9a-f]+$/.test(n) && !n.startsWith('..'));
        if (backups.length !== 1)
          throw new RunFailure(`after a kill at ${delayMs.toFixed(0)} ms ${out} is missing, with ${backups.length} backups beside it`);
        d = digestDir(join(dirname(out), backups[0]!));
        if (d !== oldDigest)
          throw new RunFailure(`after a kill at ${delayMs.toFixed(0)} ms ${out} is missing and its backup is not the old data`);
        const read = await cli(['data', 'info', '--provider', out], fx.root);
        if (read.code !== 2 || !read.stderr.includes('was interrupted')) {
          throw new RunFailure(`a reader of the absent ${out} exited ${read.code} without naming the backup:\n${read.stderr.trim()}`);
        }
        absent = true;
      }
      if (d !== oldDigest && d !== newDigest) {
        throw new RunFailure(`after a kill at ${delayMs.toFixed(0)} ms ${out} is neither the old nor the new data`);
      }
      const left = leftoversBeside(out);
      const inside = hiddenInside(out);
      await ok('the import after the kill', args(out), fx.root);
      if (digestDir(out) !== newDigest)
        throw new RunFailure(`the import after a kill at ${delayMs.toFixed(0)} ms did not give the new data`);
      const stillLeft = [...leftoversBeside(out), ...hiddenInside(out)];
      if (stillLeft.length > 0) throw new RunFailure(`the import after the kill left ${stillLeft.join(', ')}`);
      return { finished: !r.killed, afterCommit: d === newDigest, recovered: left.length + inside.length > 0, targetAbsent: absent };
    },
  };
}

function initCase(fx: Fixture): CaseSpec {
  const base = join(fx.root, 'init');
  let reference = '';
  const finish = async (state: string, out: string) => {
    await ok('routine after init', ['online', 'routine', '--state', state, '--date', D1], fx.root);
    await ok('signals', ['online', 'signals', '--state', state, '--out', out], fx.root);
    return readFileSync(out, 'utf8');
  };
  return {
    name: 'online init',
    async reference() {
      const { state: initial, ms } = await fx.initial();
      const state = join(base, 'ref', 'state');
      cpSync(initial, state, { recursive: true });
      reference = await finish(state, join(base, 'ref', 'signals.csv'));
      return ms;
    },
    async run(i, delayMs) {
      const state = join(base, `run-${i}`, 'state');
      const r = await cli(initArgs(fx.workflow, state), fx.root, delayMs);
      if (!r.killed && r.code !== 0) throw new RunFailure(`init exited ${r.code} before the kill:\n${r.stderr.trim()}`);
      const commit = readCommit(state);
      const leftBehind = listFiles(state);
      if (commit !== null) {
        await ok('status of the committed state', ['online', 'status', '--state', state], fx.root);
      } else {
        const again = await cli(initArgs(fx.workflow, state), fx.root);
        if (again.code !== 0) {
          throw new RunFailure(
            `after a kill at ${delayMs.toFixed(0)} ms (no state.json; left ${leftBehind.length} file(s)) init again exited ${again.code}:\n${again.stderr.trim()}`,
          );
        }
      }
      const signals = await finish(state, join(base, `run-${i}`, 'signals.csv'));
      if (signals !== reference)
        throw new RunFailure(`after a kill at ${delayMs.toFixed(0)} ms the signals differ from the uninterrupted run's`);
      const orphanRecorders = checkFinalState(state);
      const recovered = commit === null ? leftBehind.length > 0 : leftBehind.some((f) => f.split('/').some((p) => p.startsWith('.')));
      return { finished: !r.killed, afterCommit: commit !== null, recovered, orphanRecorders };
    },
  };
}

function routineCase(fx: Fixture): CaseSpec {
  const base = join(fx.root, 'routine');
  let initial = '';
  let reference = '';
  const routine = (state: string, date: string) => ['online', 'routine', '--state', state, '--date', date];
  return {
    name: 'online routine',
    async reference() {
      initial = (await fx.initial()).state;
      const state = join(base, 'ref');
      cpSync(initial, state, { recursive: true });
      const r = await ok('the reference routine', routine(state, D1), fx.root);
      await ok('the reference second routine', routine(state, D2), fx.root);
      const out = join(base, 'ref-signals.csv');
      await ok('signals', ['online', 'signals', '--state', state, '--out', out], fx.root);
      reference = readFileSync(out, 'utf8');
      return r.ms;
    },
    async run(i, delayMs) {
      const state = join(base, `run-${i}`);
      cpSync(initial, state, { recursive: true });
      const before = readCommit(state)!;
      const filesBefore = new Set(listFiles(state));
      const r = await cli(routine(state, D1), fx.root, delayMs);
      if (!r.killed && r.code !== 0) throw new RunFailure(`routine exited ${r.code} before the kill:\n${r.stderr.trim()}`);
      let after: number | null;
      try {
        after = readCommit(state);
      } catch (e) {
        throw new RunFailure(`after a kill at ${delayMs.toFixed(0)} ms state.json cannot be read: ${(e as Error).message}`);
      }
      if (after === null) throw new RunFailure(`after a kill at ${delayMs.toFixed(0)} ms state.json is gone`);
      const changed = listFiles(state).filter((f) => !filesBefore.has(f) && !f.startsWith('signals'));
      await ok('the routine after the kill', routine(state, D1), fx.root);
      await ok('the second routine', routine(state, D2), fx.root);
      const out = join(base, `run-${i}-signals.csv`);
      await ok('signals', ['online', 'signals', '--state', state, '--out', out], fx.root);
      if (readFileSync(out, 'utf8') !== reference) {
        throw new RunFailure(
          `after a kill at ${delayMs.toFixed(0)} ms (${after > before ? 'after' : 'before'} the commit) the final signals differ from the uninterrupted run's`,
        );
      }
      const orphanRecorders = checkFinalState(state);
      return { finished: !r.killed, afterCommit: after > before, recovered: r.killed && changed.length > 0, orphanRecorders };
    },
  };
}

// ---- the suite ---------------------------------------------------------------------------------------

/** Builds the CLI when its dist is missing (CI's setup builds it; a fresh checkout may not have). */
export function ensureCliBuilt(): void {
  if (existsSync(join(REPO, 'apps', 'cli', 'dist', 'main.js'))) return;
  execFileSync('npx', ['nx', 'run', 'cli:build', '--output-style=static'], {
    cwd: REPO,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
}

export async function runCrashSuite(opts: CrashSuiteOptions): Promise<CrashSuiteResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const t0 = performance.now();
  ensureCliBuilt();
  const root = mkdtempSync(join(tmpdir(), 'rollq-crash-'));
  const cases: CaseStats[] = [];
  try {
    const fx = await makeFixture(root);
    const only = new Set(opts.only ?? CASES);
    const specs: [CaseName, CaseSpec][] = [];
    if (only.has('import')) specs.push(['import', importCase(fx, 'all')], ['import', importCase(fx, 'update')]);
    if (only.has('init')) specs.push(['init', initCase(fx)]);
    if (only.has('routine')) specs.push(['routine', routineCase(fx)]);
    const rngs = new Map(CASES.map((c) => [c, caseRng(opts.seed, c)]));
    for (const [kind, spec] of specs) {
      const rng = rngs.get(kind)!;
      const stats: CaseStats = {
        name: spec.name,
        runs: 0,
        finished: 0,
        killedBeforeCommit: 0,
        killedAfterCommit: 0,
        recoveries: 0,
        orphanRecorders: 0,
        targetAbsent: 0,
        failures: 0,
        durationMs: 0,
      };
      cases.push(stats);
      try {
        stats.durationMs = await spec.reference();
      } catch (e) {
        stats.failures += 1;
        stats.firstFailure = `reference: ${(e as Error).message}`;
        log(`${spec.name}: the reference run failed: ${(e as Error).message}`);
        continue;
      }
      log(`${spec.name}: one uninterrupted run takes ${stats.durationMs.toFixed(0)} ms`);
      for (let i = 0; i < opts.runs; i++) {
        const delay = rng() * stats.durationMs;
        stats.runs += 1;
        try {
          const r = await spec.run(i, delay);
          if (r.finished) stats.finished += 1;
          else if (r.afterCommit) stats.killedAfterCommit += 1;
          else stats.killedBeforeCommit += 1;
          if (r.recovered) stats.recoveries += 1;
          stats.orphanRecorders += r.orphanRecorders ?? 0;
          if (r.targetAbsent) stats.targetAbsent += 1;
          log(
            `${spec.name} #${i}: kill at ${delay.toFixed(0)} ms: ${r.finished ? 'finished first' : r.afterCommit ? 'after the commit' : 'before the commit'}${r.recovered ? ', recovered' : ''}${r.orphanRecorders ? `, ${r.orphanRecorders} orphan recorder(s)` : ''}`,
          );
        } catch (e) {
          if (!(e instanceof RunFailure)) throw e;
          stats.failures += 1;
          stats.firstFailure ??= `run #${i} (kill at ${delay.toFixed(0)} ms): ${e.message}`;
          log(`${spec.name} #${i}: FAILED: ${e.message}`);
        }
      }
    }
  } finally {
    if (opts.keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  return { seed: opts.seed, cases, ok: cases.every((c) => c.failures === 0), seconds: (performance.now() - t0) / 1000 };
}

/** The result as a table, then each case's first failure. */
export function formatTable(r: CrashSuiteResult): string {
  const head = [
    'case',
    'runs',
    'finished first',
    'killed before commit',
    'killed after commit',
    'recoveries',
    'in swap',
    'orphan recorders',
    'failures',
    'one run ms',
  ];
  const rows = r.cases.map((c) => [
    c.name,
    String(c.runs),
    String(c.finished),
    String(c.killedBeforeCommit),
    String(c.killedAfterCommit),
    String(c.recoveries),
    String(c.targetAbsent),
    String(c.orphanRecorders),
    String(c.failures),
    c.durationMs.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`crash suite, seed ${r.seed}, ${r.seconds.toFixed(1)} s`, line(head), ...rows.map(line)];
  for (const c of r.cases) if (c.firstFailure) out.push(`first failure of ${c.name}: ${c.firstFailure}`);
  return out.join('\n');
}

function parseArgs(argv: string[]): CrashSuiteOptions {
  const opts: CrashSuiteOptions = { seed: 1, runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') opts.seed = Number.parseInt(value(), 10);
    else if (a === '--runs') opts.runs = Number.parseInt(value(), 10);
    else if (a === '--only') {
      const names = value().split(',');
      for (const n of names) if (!(CASES as readonly string[]).includes(n)) throw new Error(`--only ${n}: not one of ${CASES.join(', ')}`);
      opts.only = names as CaseName[];
    } else if (a === '--keep') opts.keep = true;
    else throw new Error(`unknown argument ${a} (usage: --seed S --runs N [--only import|init|routine] [--keep])`);
  }
  if (!Number.isInteger(opts.seed) || !Number.isInteger(opts.runs) || opts.runs < 0)
    throw new Error('--seed and --runs take whole numbers');
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = await runCrashSuite(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${formatTable(r)}\n`);
    process.exitCode = r.ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`crash suite: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
