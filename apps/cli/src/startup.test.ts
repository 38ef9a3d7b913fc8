import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REGION_DEFAULTS } from '@rollq/backtest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKTEST_DEFAULTS } from './commands/backtest.js';
import { routeModelLogs } from './commands/model-logs.js';
import { runCli } from './testing/run-cli.js';

/**
 * Start-up stays light: building the program (every command's definition, options and parsers) and
 * answering `--help`, `<cmd> --help` or a bad option load commander, the option parsers and
 * `@rollq/data/errors`, never a command's action with its libraries. A child process runs the sources
 * (tsx, `@rollq/source` condition) with a module loader hook that records every ES module it loads and,
 * at each phase mark, the CommonJS require cache.
 */

const CLI_DIR = join(import.meta.dirname, '..');

/** Libraries that must not load before a command runs (TensorFlow.js, the LightGBM / XGBoost FFI, vega, arquero, the MongoDB driver, the HTTP server stack). */
const HEAVY = /\/node_modules\/(@tensorflow\/[^/]+|koffi|vega[^/]*|arquero|mongodb|fastify|prom-client|pino)\//;

/** The workspace modules start-up may load: `@rollq/data/errors` and what it is made of. */
const LIGHT_WORKSPACE = ['packages/data/src/errors-entry.ts', 'packages/data/src/errors.ts', 'packages/data/src/calendar/iso-day.ts'];

const HOOKS = `
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) {
  appendFileSync(out, url + '\\n');
  return next(url, context);
}
`;

const CHILD = `
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
// CommonJS modules (commander, koffi, TensorFlow.js) required from CommonJS skip the ESM hook: list the require cache too
const cjs = createRequire(import.meta.url).cache;
const mark = (m) => {
  const required = Object.keys(cjs).map((f) => pathToFileURL(f).href + '\\n').join('');
  appendFileSync(process.env.ROLLQ_LOADS_OUT, required + '#' + m + '\\n');
};
const { buildProgram, main } = await import('./src/main.ts');
buildProgram();
mark('built');
for (const args of [['--help'], ['backtest', '--help'], ['online', 'init', '--help'], ['backtest', '--bogus'], ['rolling', 'plan', 'x.yaml', '--step', '0']]) {
  await main(['node', 'rollq', ...args]);
}
mark('parsed');
await import('./src/commands/backtest-action.ts');
mark('action');
`;

/** The modules loaded in each phase of the child: up to `built`, up to `parsed`, up to `action`. */
function loadedModules(): Record<'built' | 'parsed' | 'action', string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-startup-'));
  try {
    const out = join(dir, 'loads.txt');
    writeFileSync(out, '');
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { out: ${JSON.stringify(out)} } });`;
    writeFileSync(join(dir, 'register.mjs'), register);
    const r = spawnSync(
      process.execPath,
      [
        '--conditions=@rollq/source',
        '--import',
        'tsx',
        '--import',
        pathToFileURL(join(dir, 'register.mjs')).href,
        '--input-type=module',
        '-e',
        CHILD,
      ],
      { cwd: CLI_DIR, env: { ...process.env, ROLLQ_LOADS_OUT: out }, encoding: 'utf8', timeout: 120_000 },
    );
    if (r.status !== 0) throw new Error(`the start-up probe failed (${r.status ?? r.signal}): ${r.stderr}`);
    const phases = { built: [] as string[], parsed: [] as string[], action: [] as string[] };
    const current = new Set<string>();
    for (const line of readFileSync(out, 'utf8').split('\n').filter(Boolean)) {
      if (line.startsWith('#')) phases[line.slice(1) as keyof typeof phases] = [...current];
      else current.add(line);
    }
    return phases;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Workspace package sources among `urls`, as repository paths (`packages/data/src/errors.ts`). */
function workspaceModules(urls: string[]): string[] {
  return urls.flatMap((u) => {
    const m = /\/(packages\/[^/]+\/(?:src|dist)\/.*)$/.exec(u);
    return m && !u.includes('/node_modules/') ? [m[1]!] : [];
  });
}

describe('start-up', () => {
  let phases: ReturnType<typeof loadedModules>;
  beforeAll(() => {
    phases = loadedModules();
  }, 120_000);

  it('the probe sees what loads: commander at start-up, the backtest action with its modules (no arquero, yaml or vega)', () => {
    expect(phases.built.some((u) => u.includes('/node_modules/commander/'))).toBe(true);
    expect(phases.built.some((u) => u.endsWith('/src/commands/option-parsers.ts'))).toBe(true);
    expect(phases.action.some((u) => u.endsWith('/packages/backtest/src/report/render.ts'))).toBe(true);
    expect(phases.action.some((u) => u.endsWith('/packages/data/src/storage/qlib-provider.ts'))).toBe(true);
    // a backtest reads its data through @rollq/data/provider and loads vega only on a chart render: ~0.1 s less
    // module loading than the package barrels, of a run that takes ~0.3 s
    expect(phases.action.filter((u) => /\/node_modules\/(arquero|yaml|lru-cache|vega[^/]*)\//.test(u))).toEqual([]);
  });

  it('building the program loads none of @tensorflow, koffi, vega, arquero, nor any action module', () => {
    expect(phases.built.filter((u) => HEAVY.test(u))).toEqual([]);
    expect(phases.built.filter((u) => /-action\.ts$/.test(u))).toEqual([]);
    expect(workspaceModules(phases.built).filter((p) => !LIGHT_WORKSPACE.includes(p))).toEqual([]);
  });

  it('--help, <cmd> --help and bad options load nothing more than building the program', () => {
    expect(phases.parsed.filter((u) => HEAVY.test(u))).toEqual([]);
    expect(phases.parsed.filter((u) => /-action\.ts$/.test(u))).toEqual([]);
    expect(workspaceModules(phases.parsed).filter((p) => !LIGHT_WORKSPACE.includes(p))).toEqual([]);
  });
});

describe('command definitions without their libraries', () => {
  it("rollq backtest's defaults per region are the cn and us rows of @rollq/backtest's REGION_DEFAULTS", () => {
    for (const r of ['cn', 'us'] as const) {
      const { account, strategy, exchange, benchmark } = REGION_DEFAULTS[r];
      expect(BACKTEST_DEFAULTS[r]).toEqual({ account, strategy, exchange, benchmark });
    }
  });
});

describe('errors thrown inside lazily loaded actions', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollq-lazy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keep their code, hint and exit status (a DataError of the barrel, an OnlineError of @rollq/online)', async () => {
    const data = await runCli(['data', 'info', '--provider', join(dir, 'none')]);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/^rollq: error \[PROVIDER_NOT_FOUND\]: .*\n {2}hint: /);
    const online = await runCli(['online', 'status', '--state', join(dir, 'none')]);
    expect(online.code).toBe(2);
    expect(online.stderr).toMatch(/^rollq: error \[STATE_NOT_FOUND\]: .*\n {2}hint: /);
    expect(`${data.stderr}${online.stderr}`).not.toMatch(/unexpected error|\n\s+at /);
  });
});

describe('the model reports, routed where a command trains', () => {
  it("routeModelLogs prints @rollq/model's TensorFlow.js backend line on stderr as [rollq/model] …", async () => {
    const { ensureTfBackend } = await import('@rollq/model');
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      routeModelLogs();
      await ensureTfBackend('cpu');
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toBe('[rollq/model] TensorFlow.js backend: cpu\n');
  });
});
