import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './fixtures.js';

/**
 * The seams of the online layer (issue: stores and strategies injected): the manager composes parts it is
 * given and builds none of the concrete ones itself. The defaults live in `manager-parts.ts`, the one place
 * that may name them, so a MongoDB store, a worker-pool trainer or a test double drops in without editing
 * the manager.
 */
const CONCRETE = [
  'DirectoryRecorderStore',
  'DirectoryStateStore',
  'RollingStrategy',
  'RollingGen',
  'Trainer',
  'DelayTrainer',
  'FeatureStore',
  'defaultTaskComponents',
  'rollingStrategyFactory',
  'localTrainers',
];

/** Names a module imports as values (not `import type`, not `type X` inside braces). */
function valueImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+['"][^'"]+['"]/gm)) {
    if (m[1]) continue;
    for (const part of m[2]!.split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type ')) out.push(name.split(/\s+as\s+/)[0]!);
    }
  }
  return out;
}

describe('online seams', () => {
  const root = repoRoot();

  it('OnlineManager builds no concrete store, strategy, trainer or feature cache itself', () => {
    const text = readFileSync(join(root, 'packages/online/src/manager/online-manager.ts'), 'utf8');
    expect(valueImports(text).filter((n) => CONCRETE.includes(n))).toEqual([]);
    expect(text).not.toMatch(/new (DirectoryRecorderStore|DirectoryStateStore|RollingStrategy|Trainer|DelayTrainer|FeatureStore)\(/);
  });

  it('the CLI opens recorder stores by location, never by constructing the directory store', () => {
    for (const f of ['run.ts', 'rolling-run.ts', 'online.ts']) {
      const text = readFileSync(join(root, 'apps/cli/src/commands', f), 'utf8');
      expect(text, f).not.toMatch(/new DirectoryRecorderStore\(/);
    }
  });

  it('no production option or environment variable exists only to inject crashes', () => {
    for (const f of ['packages/online/src/manager/online-manager.ts', 'apps/cli/src/commands/online.ts']) {
      expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/crashAfterTrain|CRASH_AFTER_TRAIN|INJECTED_CRASH/);
    }
  });
});
