import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importCsv } from './import-csv.js';

/** A live process other than this one (the lock holder in these tests), killed after the suite. */
const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
afterAll(() => {
  holder.kill();
});

async function base(): Promise<{ dir: string; out: string; lock: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-imp-lock-'));
  writeFileSync(join(dir, 'base.csv'), 'date,close,symbol\n2020-01-02,1,AAA\n2020-01-02,1,BBB\n');
  const out = join(dir, 'qlib');
  await importCsv({ csv: join(dir, 'base.csv'), out });
  return { dir, out, lock: join(dir, '.qlib.rollq-lock') };
}

describe('one writer per data folder', () => {
  it('concurrent updates are serialized: none is lost', async () => {
    const { dir, out } = await base();
    const parts = ['2020-01-03,2,AAA', '2020-01-06,3,AAA', '2020-01-07,4,AAA', '2020-01-03,5,BBB'];
    for (const [i, row] of parts.entries()) writeFileSync(join(dir, `u${i}.csv`), `date,close,symbol\n${row}\n`);
    await Promise.all(parts.map((_, i) => importCsv({ csv: join(dir, `u${i}.csv`), out, mode: 'update' })));
    const p = QlibProvider.open(out);
    expect(p.calendar.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']);
    expect(Array.from(p.loadAligned('AAA', 'close'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(p.loadAligned('BBB', 'close'))).toEqual([1, 5, NaN, NaN]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]); // lock released, no leftovers
  });

  it('concurrent updates from separate processes are serialized too: every symbol arrives', async () => {
    const { dir, out } = await base();
    const script = join(dir, 'child.mts');
    const entry = fileURLToPath(new URL('./import-csv.ts', import.meta.url));
    writeFileSync(
      script,
      `const { importCsv } = await import(${JSON.stringify(entry)});\n` +
        'await importCsv({ csv: process.argv[2], out: process.argv[3], mode: "update", warn: () => {} });\n',
    );
    const symbols = ['CCC', 'DDD', 'EEE'];
    const runs = symbols.map((s) => {
      const csv = join(dir, `${s}.csv`);
      writeFileSync(csv, `date,close,symbol\n2020-01-03,7,${s}\n`);
      const child = spawn(process.execPath, ['--import', 'tsx', script, csv, out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      return new Promise<string>((done) => child.on('exit', (code) => done(`${code}${stderr}`)));
    });
    expect(await Promise.all(runs)).toEqual(['0', '0', '0']);
    expect([...QlibProvider.open(out).market('all').keys()].sort()).toEqual(['AAA', 'BBB', ...symbols]);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 30_000);

  it('a second importer waits for a running one, says so, then fails naming the holder (target unchanged)', async () => {
    const { dir, out, lock } = await base();
    writeFileSync(lock, JSON.stringify({ pid: holder.pid, hostname: hostname() }));
    writeFileSync(join(dir, 'u.csv'), 'date,close,symbol\n2020-01-03,2,AAA\n');
    const notes: string[] = [];
    const t0 = Date.now();
    const e = await importCsv({ csv: join(dir, 'u.csv'), out, mode: 'update', lockTimeoutMs: 300, warn: (m) => notes.push(m) }).catch(
      (x: unknown) => x,
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ code: 'IMPORT_TARGET_INVALID', exitCode: 2 });
    expect((e as DataError).message).toMatch(
      new RegExp(`being written by another import \\(pid ${holder.pid} on ${hostname()}\\), still after 0\\.3 s`),
    );
    expect((e as DataError).hint).toMatch(/one import at a time per data folder: wait for that one to finish/);
    expect(notes).toEqual([expect.stringMatching(new RegExp(`another import \\(pid ${holder.pid} .*waiting up to 0\\.3 s`))]);
    expect(QlibProvider.open(out).calendar.length).toBe(1);
    expect(existsSync(lock)).toBe(true); // the holder's lock is not ours to remove
  });

  it('goes ahead as soon as the holder releases the lock', async () => {
    const { dir, out, lock } = await base();
    writeFileSync(lock, JSON.stringify({ pid: holder.pid, hostname: hostname() }));
    writeFileSync(join(dir, 'u.csv'), 'date,close,symbol\n2020-01-03,2,AAA\n');
    setTimeout(() => rmSync(lock), 200);
    const r = await importCsv({ csv: join(dir, 'u.csv'), out, mode: 'update', lockTimeoutMs: 10_000, warn: () => {} });
    expect(r.newDays).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it("takes over a lock whose process has died (a killed import's)", async () => {
    const { dir, out, lock } = await base();
    writeFileSync(lock, JSON.stringify({ pid: spawnSync(process.execPath, ['-e', '0']).pid, hostname: hostname() }));
    writeFileSync(join(dir, 'u.csv'), 'date,close,symbol\n2020-01-03,2,AAA\n');
    const notes: string[] = [];
    const r = await importCsv({ csv: join(dir, 'u.csv'), out, mode: 'update', lockTimeoutMs: 1000, warn: (m) => notes.push(m) });
    expect(r.newDays).toBe(1);
    expect(notes).toEqual([]); // nobody to wait for
    expect(existsSync(lock)).toBe(false);
  });
});
