import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alpha158, writeCalendar, writeFeature, writeInstruments } from '@rollq/data';
import { usQlibDir } from '@rollq/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli as run } from '../testing/run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A 30-day, 2-stock Qlib directory written with the storage writer (real .bin files). */
function smallProvider(): string {
  const root = mkdtempSync(join(tmpdir(), 'rollq-features-'));
  dirs.push(root);
  const dates = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  writeCalendar(root, dates);
  writeInstruments(
    root,
    'all',
    new Map([
      ['AAA', [{ start: dates[0]!, end: dates[29]! }]],
      ['BBB', [{ start: dates[0]!, end: dates[29]! }]],
    ]),
  );
  for (const [s, base] of [
    ['AAA', 10],
    ['BBB', 50],
  ] as const) {
    const close = dates.map((_, i) => base + i + (i % 3) * 0.5);
    writeFeature(root, s, 'close', 0, close);
    writeFeature(
      root,
      s,
      'open',
      0,
      close.map((c) => c - 0.25),
    );
    writeFeature(
      root,
      s,
      'high',
      0,
      close.map((c) => c + 1),
    );
    writeFeature(
      root,
      s,
      'low',
      0,
      close.map((c) => c - 1),
    );
    writeFeature(
      root,
      s,
      'vwap',
      0,
      close.map((c) => c + 0.1),
    );
    writeFeature(
      root,
      s,
      'volume',
      0,
      close.map((_, i) => 1000 + 10 * i),
    );
  }
  return root;
}

describe('rollq features', () => {
  it('writes raw Alpha158 features then LABEL0, and processed ones with --processed', async () => {
    const root = smallProvider();
    const out = join(root, 'out', 'f.csv');
    const args = [
      'features',
      '--provider',
      root,
      '--handler',
      'Alpha158',
      '--instruments',
      'all',
      '--start',
      '2020-01-10',
      '--end',
      '2020-01-20',
      '--out',
      out,
    ];
    const r = await run(args);
    expect(r.stderr).toContain('features: writing');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*f\.csv: 22 rows × 159 columns/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 2)).toEqual(['datetime', 'instrument']);
    expect(header.slice(2, -1)).toEqual(alpha158().features.map((f) => f.name));
    expect(header.at(-1)).toBe('LABEL0');
    expect(lines[1]!.startsWith('2020-01-10,AAA,')).toBe(true);
    const row = (l: string) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v]));
    const first = row(lines[1]!);
    // KMID = (close - open) / open on 2020-01-10 (i = 9: close 19, open 18.75)
    expect(Number(first.KMID)).toBeCloseTo(Math.fround(0.25 / 18.75), 6);
    // LABEL0 = close(t+2) / close(t+1) - 1: closes 20.5 (i = 10) and 22 (i = 11)
    expect(Number(first.LABEL0)).toBeCloseTo(22 / 20.5 - 1, 6);
    expect(readdirSync(join(root, 'out'))).toEqual(['f.csv']);

    // Alpha158's infer processors are empty: processed equals raw
    const processed = join(root, 'out', 'p.csv');
    expect((await run([...args.slice(0, -1), processed, '--processed'])).code).toBe(0);
    expect(readFileSync(processed, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('Alpha360 --processed z-scores and fills NaN (no empty cells)', async () => {
    const root = smallProvider();
    const out = join(root, 'a360.csv');
    const r = await run([
      'features',
      '--provider',
      root,
      '--handler',
      'Alpha360',
      '--instruments',
      'AAA,BBB',
      '--start',
      '2020-01-05',
      '--end',
      '2020-01-25',
      '--out',
      out,
      '--processed',
    ]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]!.split(',').length).toBe(2 + 360 + 1);
    expect(lines.slice(1).some((l) => /,,|,$/.test(l))).toBe(false);
  });

  it('bad input exits 2 with the problem named', async () => {
    const root = smallProvider();
    const r = await run([
      'features',
      '--provider',
      root,
      '--handler',
      'Alpha999',
      '--instruments',
      'all',
      '--start',
      '2020-01-05',
      '--end',
      '2020-01-09',
      '--out',
      join(root, 'x.csv'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Alpha999');
  });

  it('real US data: a short Alpha158 range for three symbols', async () => {
    const dir = await usQlibDir();
    const out = join(mkdtempSync(join(tmpdir(), 'rollq-us-')), 'us.csv');
    dirs.push(join(out, '..'));
    const r = await run([
      'features',
      '--provider',
      dir,
      '--handler',
      'Alpha158',
      '--instruments',
      'AAPL,MSFT,IBM',
      '--start',
      '2017-06-01',
      '--end',
      '2017-06-30',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length - 1).toBe(22 * 3); // 22 trading days in June 2017
    expect(lines[1]!.startsWith('2017-06-01,AAPL,')).toBe(true);
    // 60-day windows are filled this far into the data (no empty ROC60)
    const h = lines[0]!.split(',');
    expect(lines[1]!.split(',')[h.indexOf('ROC60')]).not.toBe('');
  }, 120_000);
});
