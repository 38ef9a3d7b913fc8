import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { QlibProvider } from '../storage/qlib-provider.js';
import { importUsDemoOnce, US_DEMO_FILES } from './us-demo.js';

const root = mkdtempSync(join(tmpdir(), 'rollq-us-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Demo files in the shipped layout, two stocks and the index over three days. */
function demoFiles(): string {
  const dir = join(root, 'files');
  mkdirSync(dir, { recursive: true });
  const stocks = ['date,open,high,low,close,volume,Name'];
  for (const d of ['2020-01-02', '2020-01-03', '2020-01-06']) for (const s of ['AAA', 'BBB']) stocks.push(`${d},1,2,0.5,1.5,100,${s}`);
  writeFileSync(join(dir, US_DEMO_FILES.stocks), gzipSync(`${stocks.join('\n')}\n`));
  const index = ['Date,Open,High,Low,Close,Adj Close,Volume', '2019-12-31,9,9,9,9,9,1'];
  for (const d of ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']) index.push(`${d},10,11,9,10.5,10.5,1000`);
  writeFileSync(join(dir, US_DEMO_FILES.index), gzipSync(`${index.join('\n')}\n`));
  return dir;
}

describe('importUsDemoOnce', () => {
  const dataDir = demoFiles();

  it('imports into a missing folder once, then leaves it alone', async () => {
    const dir = join(root, 'qlib');
    const seen: string[] = [];
    expect(await importUsDemoOnce(dir, { dataDir, onImport: (d) => seen.push(d) })).toBe(true);
    expect(seen).toEqual([dir]);
    const p = QlibProvider.open(dir);
    expect(p.calendar.dates).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(p.market('sp500').size).toBe(2);
    expect(p.hasSymbol('^GSPC')).toBe(true);
    expect(await importUsDemoOnce(dir, { dataDir, onImport: (d) => seen.push(d) })).toBe(false);
    expect(seen).toHaveLength(1);
    expect(readdirSync(root).filter((n) => n.includes('.rollq-'))).toEqual([]); // no temp folder left
  });

  it('replaces a folder without a calendar (an interrupted copy), and leaves no temp folder on failure', async () => {
    const dir = join(root, 'partial');
    mkdirSync(join(dir, 'features'), { recursive: true });
    expect(await importUsDemoOnce(dir, { dataDir })).toBe(true);
    expect(existsSync(join(dir, 'calendars', 'day.txt'))).toBe(true);
    await expect(importUsDemoOnce(join(root, 'never'), { dataDir: join(root, 'nowhere') })).rejects.toThrow();
    expect(existsSync(join(root, 'never'))).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes('.rollq-'))).toEqual([]);
  });

  it('repairs what a killed first import left: a build beside the folder is dropped, a backup restored', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const dir = join(root, 'killed');
    mkdirSync(join(root, `.killed.rollq-build-${dead}-1-0123abcd`, 'features'), { recursive: true });
    mkdirSync(join(root, `..killed.rollq-build-${dead}-1-0123abcd.rollq-build-${dead}-2-4567cdef`), { recursive: true });
    expect(await importUsDemoOnce(dir, { dataDir })).toBe(true);
    expect(readdirSync(root).filter((n) => n.includes('killed'))).toEqual(['killed']);
    renameSync(dir, join(root, `.killed.rollq-old-${dead}-3-89abcdef`)); // killed between the two renames of a swap
    expect(await importUsDemoOnce(dir, { dataDir, onImport: () => expect.fail('the restored copy has data') })).toBe(false);
    expect(QlibProvider.open(dir).hasSymbol('^GSPC')).toBe(true);
  });
});
