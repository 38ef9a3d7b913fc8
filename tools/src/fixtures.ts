import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding nx.json). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`nx.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** The US demo data the `rollq` CLI ships (`apps/cli/data`, linked as `data/`): the S&P 500 panel and the ^GSPC index. */
export function shippedDataDir(): string {
  return join(repoRoot(), 'apps', 'cli', 'data');
}

/** `../shared/data` beside the checkout, or null when absent (a user's clone has no shared folder). */
export function sharedDataDir(): string | null {
  const dir = process.env.ROLLQ_SHARED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

/** Scratch folder for extracted / imported fixtures, ignored by git. */
export function cacheDir(): string {
  const dir = join(repoRoot(), '.cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The CN CSI300 Qlib data set from `../shared` extracted once into `.cache/cn_qlib_csi300`, or null with
 * the reason when `../shared` is absent (tests then skip with that reason printed). The CN data set is
 * too large to ship, so a user's clone may skip these tests; CI (`CI=true`) always has `../shared`, so
 * there a missing folder is an error rather than a silent skip.
 */
export function cnQlibDir(): { dir: string | null; reason?: string } {
  const shared = sharedDataDir();
  if (!shared) {
    if (process.env.CI === 'true') {
      throw new Error('CI=true but ../shared/data is missing: the CN CSI300 tests need it (or set ROLLQ_SHARED_DATA)');
    }
    return { dir: null, reason: 'CN Qlib data needs ../shared/data (not present in this checkout)' };
  }
  const target = join(cacheDir(), 'cn_qlib_csi300');
  if (existsSync(join(target, 'calendars', 'day.txt'))) return { dir: target };
  // extract into a temp folder, then rename: a crashed extraction never looks complete
  const tmp = join(cacheDir(), `cn_extract_${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['-xzf', join(shared, 'cn_qlib_csi300_2010_2026.tar.gz'), '-C', tmp]);
  try {
    renameSync(join(tmp, 'cn_qlib_csi300'), target);
  } catch (e) {
    if (!existsSync(join(target, 'calendars', 'day.txt'))) throw e; // another worker won the race
  }
  rmSync(tmp, { recursive: true, force: true });
  return { dir: target };
}
