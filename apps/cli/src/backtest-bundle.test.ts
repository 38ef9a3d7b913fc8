import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QlibProvider } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// bin/rollq.js runs `rollq backtest` from dist/backtest.cjs and its code cache (bin/load-bundle.js); these tests
// run the built launcher both ways and compare. They need the build (npm run setup, as CI does).
const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(CLI_DIR, 'bin', 'rollq.js');
const BUNDLE = join(CLI_DIR, 'dist', 'backtest.cjs');

function rollq(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file of a report folder, by name. */
function files(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('rollq backtest from its one-file build', () => {
  let work: string;
  let args: string[];
  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: build the CLI first (npm run setup)`);
    const dir = await usQlibDir();
    work = mkdtempSync(join(tmpdir(), 'rollq-bundle-'));
    // minus the 5-day return as the score, for every sp500 member over four months
    const provider = QlibProvider.open(dir);
    const [a, b] = provider.calendar.locate('2017-01-01', '2017-04-30');
    const lines = ['datetime,instrument,score'];
    for (const [symbol, spans] of provider.listInstruments('sp500', a, b)) {
      const close = provider.loadAligned(symbol, 'close');
      for (const [s, e] of spans)
        for (let p = Math.max(s, 5); p <= e; p++) lines.push(`${provider.calendar.date(p)},${symbol},${-(close[p]! / close[p - 5]! - 1)}`);
    }
    writeFileSync(join(work, 'pred.csv'), `${lines.join('\n')}\n`);
    args = ['backtest', '--provider', dir, '--pred', join(work, 'pred.csv'), '--benchmark', '^GSPC', '--trade-unit', '1'];
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('runs from the code cache and writes what the ES modules write, file for file', () => {
    const bundled = rollq([...args, '--json', join(work, 'b.json'), '--report', join(work, 'b')], { ROLLQ_BUNDLE_REPORT: '1' });
    const modules = rollq([...args, '--json', join(work, 'm.json'), '--report', join(work, 'm')], { ROLLQ_BUNDLE: '0' });
    expect([bundled.code, modules.code]).toEqual([0, 0]);
    expect(bundled.err).toContain(`rollq: ${BUNDLE}: code cache used`);
    expect(bundled.out).toBe(modules.out);
    expect(bundled.out).toContain('excess_return_with_cost');
    // the log lines, but for the elapsed time, the output paths and the bundle's own line
    const log = (s: string) =>
      s
        .split('\n')
        .filter((l) => !l.includes('code cache'))
        .map((l) => l.replace(/\d+\.\d\d s$/, '… s').replace(/ (to|written to) \S+/, ' $1 …'));
    expect(log(bundled.err)).toEqual(log(modules.err));
    expect(readFileSync(join(work, 'b.json'), 'utf8')).toBe(readFileSync(join(work, 'm.json'), 'utf8'));
    const [b, m] = [files(join(work, 'b')), files(join(work, 'm'))];
    expect(Object.keys(b).sort()).toEqual(['metrics.json', 'positions.csv', 'report.csv', 'report.html', 'trades.csv']);
    for (const name of Object.keys(m)) expect(b[name], name).toBe(m[name]);
  });

  it('draws --png charts (vega, an ES module the bundle imports through its loader)', () => {
    const r = rollq([...args, '--report', join(work, 'png'), '--png']);
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/Warning|error/i);
    const png = readFileSync(join(work, 'png', 'cumulative-return.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('answers --help and a bad option as the whole CLI does', () => {
    for (const extra of [['--help'], ['--topk', 'many'], ['--bogus']]) {
      const bundled = rollq(['backtest', ...extra]);
      const modules = rollq(['backtest', ...extra], { ROLLQ_BUNDLE: '0' });
      expect([bundled.code, bundled.out, bundled.err]).toEqual([modules.code, modules.out, modules.err]);
    }
    expect(rollq(['backtest', '--topk', 'many']).code).toBe(2);
  });
});
