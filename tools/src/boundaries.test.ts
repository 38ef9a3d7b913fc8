import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './fixtures.js';
import { sourceFiles } from './source-files.js';

/**
 * Module boundaries (DESIGN.md): data ← model, rolling, ensemble, backtest ← workflow ← online ← serve ← cli.
 * Each project may import only the workspace packages listed here, only through their public entries
 * (`@rollq/x`, plus the subpaths `@rollq/x/node-fs`, `@rollq/x/errors`, `@rollq/data/provider` (the data reader a backtest
 * needs, no dependency loaded), `@rollq/backtest/tables` (arquero tables), `@rollq/x/mongo` (what loads the MongoDB driver) and,
 * in tests and benches only, `@rollq/x/testing`;
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
  'packages/serve': [
    '@rollq/data',
    '@rollq/model',
    '@rollq/rolling',
    '@rollq/ensemble',
    '@rollq/backtest',
    '@rollq/workflow',
    '@rollq/online',
  ],
  'apps/cli': [
    '@rollq/data',
    '@rollq/model',
    '@rollq/rolling',
    '@rollq/ensemble',
    '@rollq/backtest',
    '@rollq/workflow',
    '@rollq/online',
    '@rollq/serve',
  ],
};
/** Test-only helpers any project may use in tests and benches. */
const TEST_ONLY = ['@rollq/tools'];
/** Subpath entries a package may publish beside its main barrel; `testing` is for tests and benches only. */
const SUBPATHS = ['node-fs', 'errors', 'provider', 'tables', 'zod', 'testing', 'mongo'];
const TEST_ONLY_SUBPATHS = ['testing'];

/** Static imports / re-exports at the start of a line (so `@example` code in doc comments does not count), and dynamic imports. */
const IMPORT_RE = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** What one import may be checked against: the importing project and file, and what it declares. */
interface ImportContext {
  project: string;
  /** Path of the importing file relative to the repository root. */
  where: string;
  /** Path of the importing file relative to its project. */
  fileInProject: string;
  allowed: string[];
  declared: Set<string>;
  /** The subpaths each workspace package publishes (its package.json `exports` keys without `./`). */
  subpathsOf: (pkg: string) => string[];
  /** An `import type` / `export type`: erased from the build, so it loads nothing. */
  typeOnly?: boolean;
}

/** Test code: `*.test.ts`, benches, `test/` and `testing/` folders (the `./testing` subpath entries). */
function isTestCode(fileInProject: string): boolean {
  return /\.test\.ts$|(^|\/)bench\/|(^|\/)test\/|(^|\/)testing\//.test(fileInProject);
}

/** The problems with one import specifier (empty when the import is allowed). */
function importProblems(spec: string, ctx: ImportContext): string[] {
  const { project, where } = ctx;
  if (spec.startsWith('.')) {
    const target = relative(project, join(project, ctx.fileInProject, '..', spec));
    return target.startsWith('..') ? [`${where}: relative import "${spec}" leaves ${project}`] : [];
  }
  // one zod for the workspace, bundled into @rollq/data's build (packages/data/src/zod-entry.ts)
  if (spec === 'zod' || spec.startsWith('zod/')) {
    return project === 'packages/data' || ctx.typeOnly ? [] : [`${where}: import zod from "@rollq/data/zod", not "${spec}"`];
  }
  if (!spec.startsWith('@rollq/') && spec !== 'rollq') return [];
  const problems: string[] = [];
  const testCode = isTestCode(ctx.fileInProject);
  const name = spec.split('/').slice(0, 2).join('/');
  const subpath = spec.slice(name.length + 1);
  if (spec !== name) {
    if (!SUBPATHS.includes(subpath)) problems.push(`${where}: deep import "${spec}" (use "${name}")`);
    else if (!TEST_ONLY.includes(name) && !ctx.subpathsOf(name).includes(subpath)) {
      problems.push(`${where}: ${name} does not export "./${subpath}"`);
    }
  }
  if (TEST_ONLY_SUBPATHS.includes(subpath) && !testCode) problems.push(`${where}: ${spec} is for tests and benches only`);
  if (TEST_ONLY.includes(name)) {
    if (!testCode) problems.push(`${where}: ${name} is for tests and benches only`);
    return problems;
  }
  if (!ctx.allowed.includes(name)) problems.push(`${where}: ${project} may not depend on ${name}`);
  else if (!ctx.declared.has(name)) problems.push(`${where}: ${name} is imported but not in package.json`);
  return problems;
}

interface PackageJson {
  name?: string;
  dependencies?: object;
  devDependencies?: object;
  exports?: Record<string, unknown>;
}

function readJson(path: string): PackageJson {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('module boundaries', () => {
  const root = repoRoot();
  const subpaths = new Map<string, string[]>();
  for (const project of Object.keys(ALLOWED)) {
    const { name, exports = {} } = readJson(join(root, project, 'package.json'));
    subpaths.set(
      name ?? project,
      Object.keys(exports)
        .filter((k) => k !== '.')
        .map((k) => k.replace(/^\.\//, '')),
    );
  }
  const subpathsOf = (pkg: string) => subpaths.get(pkg) ?? [];

  for (const [project, allowed] of Object.entries(ALLOWED)) {
    it(`${project} imports only what DESIGN.md allows`, () => {
      const pkg = readJson(join(root, project, 'package.json'));
      const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
      const problems: string[] = [];
      const dirs = ['src', 'bench', 'test'].map((d) => join(root, project, d)).filter((d) => existsSync(d));
      for (const file of dirs.flatMap((d) => sourceFiles(d))) {
        const ctx: ImportContext = {
          project,
          where: relative(root, file),
          fileInProject: relative(join(root, project), file),
          allowed,
          declared,
          subpathsOf,
        };
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(IMPORT_RE))
          problems.push(...importProblems((m[1] ?? m[2])!, { ...ctx, typeOnly: /^\s*(import|export)\s+type\s/.test(m[0]) }));
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('module boundary rules', () => {
  const ctx = (fileInProject: string): ImportContext => ({
    project: 'packages/online',
    where: `packages/online/${fileInProject}`,
    fileInProject,
    allowed: ALLOWED['packages/online']!,
    declared: new Set(['@rollq/data', '@rollq/model', '@rollq/workflow', '@rollq/tools']),
    subpathsOf: (pkg) => (pkg === '@rollq/data' ? ['node-fs'] : pkg === '@rollq/tools' ? [] : ['testing']),
  });

  it('rejects a /testing subpath imported by production code', () => {
    expect(importProblems('@rollq/model/testing', ctx('src/manager/online-manager.ts'))).toEqual([
      'packages/online/src/manager/online-manager.ts: @rollq/model/testing is for tests and benches only',
    ]);
    expect(importProblems('@rollq/workflow/testing', ctx('src/index.ts'))).toHaveLength(1);
  });

  it('accepts a /testing subpath in tests, benches and testing/ folders', () => {
    for (const file of ['src/manager/online-manager.test.ts', 'bench/routine-bench.ts', 'test/e2e.ts', 'src/testing/faults.ts']) {
      expect(importProblems('@rollq/model/testing', ctx(file))).toEqual([]);
    }
  });

  it('accepts /node-fs from production code, and only where the package exports it', () => {
    expect(importProblems('@rollq/data/node-fs', ctx('src/manager/state-store.ts'))).toEqual([]);
    expect(importProblems('@rollq/data/testing', ctx('src/manager/state-store.test.ts'))).toEqual([
      'packages/online/src/manager/state-store.test.ts: @rollq/data does not export "./testing"',
    ]);
  });

  it('takes zod from @rollq/data/zod outside packages/data (types may come from zod itself)', () => {
    expect(importProblems('zod', ctx('src/a.ts'))).toEqual(['packages/online/src/a.ts: import zod from "@rollq/data/zod", not "zod"']);
    expect(importProblems('zod', { ...ctx('src/a.ts'), typeOnly: true })).toEqual([]);
    expect(importProblems('zod', { ...ctx('src/a.ts'), project: 'packages/data' })).toEqual([]);
    expect(importProblems('@rollq/data/zod', { ...ctx('src/a.ts'), subpathsOf: () => ['zod'] })).toEqual([]);
  });

  it('rejects deep imports, upward imports and relative paths out of the project', () => {
    expect(importProblems('@rollq/model/src/core/registry.js', ctx('src/a.ts'))[0]).toMatch(/deep import/);
    expect(importProblems('rollq', ctx('src/a.ts'))).toEqual(['packages/online/src/a.ts: packages/online may not depend on rollq']);
    expect(importProblems('../../workflow/src/index.js', ctx('src/a.ts'))[0]).toMatch(/leaves packages\/online/);
    expect(importProblems('@rollq/tools', ctx('src/a.ts'))).toEqual([
      'packages/online/src/a.ts: @rollq/tools is for tests and benches only',
    ]);
  });
});
