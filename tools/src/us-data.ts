import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importUsDemo } from '@rollq/data';
import { cacheDir, shippedDataDir } from './fixtures.js';

/** Bump when the importer's output changes, so stale fixtures are rebuilt. */
const FIXTURE_VERSION = 1;
const MARKER = 'rollq-fixture.json';
/** A lock older than this belongs to a crashed process and is taken over. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * The shipped US demo data (`data/all_stocks_5yr.csv.gz` as market `sp500`, plus `^GSPC` limited to the
 * stock calendar) imported once into `.cache/us_qlib`, returning its path. Safe across processes (test
 * files run in parallel workers): one process builds under a lock directory into a temp dir that is then
 * renamed into place; the others wait for it.
 */
export async function usQlibDir(): Promise<string> {
  const target = join(cacheDir(), 'us_qlib');
  if (isReady(target)) return target;
  const lock = `${target}.lock`;
  for (;;) {
    try {
      mkdirSync(lock); // atomic: exactly one process gets it
      break;
    } catch {
      if (isReady(target)) return target;
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (isReady(target)) return target;
    const tmp = join(cacheDir(), `us_qlib_build_${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    await importUsDemo(tmp, undefined, shippedDataDir());
    writeFileSync(join(tmp, MARKER), JSON.stringify({ version: FIXTURE_VERSION }));
    rmSync(target, { recursive: true, force: true }); // an outdated fixture
    renameSync(tmp, target);
    return target;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isReady(target: string): boolean {
  const marker = join(target, MARKER);
  if (!existsSync(marker)) return false;
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === FIXTURE_VERSION;
  } catch {
    return false;
  }
}
