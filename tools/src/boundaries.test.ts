import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './fixtures.js';

/**
 * Module boundaries (DESIGN.md): data ← model, rolling, ensemble, backtest ← workflow ← online ← cli.
 * Each project may import only the workspace packages listed here, only through their public entries
 * (`@rollq/x`, plus the subpaths `@rollq/x/node-fs` and, in tests and benches only, `@rollq/x/testing`;
 * never `@rollq/x/src/...` or a relative path into another project), and must declare each one it
 * imports in its package.json.
 */
const ALLOWED: Record<string, string[]> = {
  'packages/data': [],
  'packages/model': ['@rollq/data'],
  'packages/rolling': ['@rollq/data'],
  'packages/ensemble': ['@rollq/data'],
  'packages/backtest': ['@rollq/data'],
  'packages/workflow': ['@rollq/data', '@rollq/model', '@rollq/rolling', '@rollq/ensemble', '@rollq/backtest'],
  'packages/online': ['@rollq/data', '@rollq/model', '@rollq/rolling', '@rollq/ensemble', '@rollq/backtest', '@rollq/workflow'],
  'apps/cli': ['@rollq/data', '@rollq/model', '@rollq/rolling', '@rollq/ensemble', '@rollq/backtest', '@rollq/workflow', '@rollq/online'],
};
/** Test-only helpers any project may use in tests and benches. */
const TEST_ONLY = ['@rollq/tools'];
/** Subpath entries a package may publish beside its main barrel; `testing` is for tests and benches only. */
const SUBPATHS = ['node-fs', 'testing'];
const TEST_ONLY_SUBPATHS = ['testing'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Static imports / re-exports at the start of a line (so `@example` code in doc comments does not count), and dynamic imports. */
const IMPORT_RE = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

describe('module boundaries', () => {
  const root = repoRoot();
  for (const [project, allowed] of Object.entries(ALLOWED)) {
    it(`${project} imports only what DESIGN.md allows`, () => {
      const pkg = JSON.parse(readFileSync(join(root, project, 'package.json'), 'utf8'));
      const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
      const problems: string[] = [];
      const dirs = ['src', 'bench', 'test'].map((d) => join(root, project, d)).filter((d) => existsSync(d));
      for (const file of dirs.flatMap(sourceFiles)) {
        const isTestCode = /\.test\.ts$|\/bench\/|\/test\/|\/testing\//.test(file);
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(IMPORT_RE)) {
          const spec = (m[1] ?? m[2])!;
          const where = relative(root, file);
          if (spec.startsWith('.')) {
            const target = relative(join(root, project), join(file, '..', spec));
            if (target.startsWith('..')) problems.push(`${where}: relative import "${spec}" leaves ${project}`);
            continue;
          }
          if (!spec.startsWith('@rollq/') && spec !== 'rollq') continue;
          const name = spec.split('/').slice(0, 2).join('/');
          const subpath = spec.slice(name.length + 1);
          if (spec !== name && !SUBPATHS.includes(subpath)) problems.push(`${where}: deep import "${spec}" (use "${name}")`);
          if (TEST_ONLY_SUBPATHS.includes(subpath) && !isTestCode) problems.push(`${where}: ${spec} is for tests and benches only`);
          if (TEST_ONLY.includes(name)) {
            if (!isTestCode) problems.push(`${where}: ${name} is for tests and benches only`);
            continue;
          }
          if (!allowed.includes(name)) problems.push(`${where}: ${project} may not depend on ${name}`);
          else if (!declared.has(name)) problems.push(`${where}: ${name} is imported but not in package.json`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
