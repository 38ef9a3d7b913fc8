import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, sourceFiles } from '@rollq/tools';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { z as fullZod } from 'zod';
import { z } from './zod-runtime.js';

/** Where the workspace's code lives: packages/<x>/src, apps/<x>/src and tools/src. */
function sourceRoots(root: string): string[] {
  const under = (dir: string) => readdirSync(join(root, dir)).map((name) => join(root, dir, name, 'src'));
  return [...under('packages'), ...under('apps'), join(root, 'tools', 'src')].filter((d) =>
    statSync(d, { throwIfNoEntry: false })?.isDirectory(),
  );
}

/**
 * The .ts files that can run from a build. Tests are left out: vitest runs them on the sources (the
 * `@rollq/source` condition), where `@rollq/data/zod` is the full zod (src/zod-entry.ts).
 */
const buildable = (p: string) => !p.endsWith('.test.ts') && !p.endsWith('.d.ts');

/** The local names a file binds to zod's `z` as a value (`import { z } from 'zod' | '@rollq/data/zod'`, not `import type`). */
function zodBindings(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const st of file.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (st.moduleSpecifier.text !== 'zod' && st.moduleSpecifier.text !== '@rollq/data/zod') continue;
    const bindings = st.importClause?.namedBindings;
    if (st.importClause?.isTypeOnly || !bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) if (!el.isTypeOnly && (el.propertyName ?? el.name).text === 'z') names.add(el.name.text);
  }
  return names;
}

interface ZodUse {
  readonly name: string;
  readonly where: string;
}

/**
 * Each value use of `z` in a file: `z.name` and `z['name']` in expressions (calls, `instanceof z.name`, `z.NEVER`,
 * `class … extends z.name`); type positions (`z.infer<…>`, `x: z.ZodType`, `typeof z.string`) are skipped, they
 * need nothing at run time. `z` used whole (`const { string } = z`, `f(z)`) comes back as the name `*`: the test
 * cannot tell what it reaches.
 */
function zodValueUses(path: string, root: string): ZodUse[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const bound = zodBindings(file);
  if (bound.size === 0) return [];
  const uses: ZodUse[] = [];
  const at = (node: ts.Node) => `${relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isExpressionWithTypeArguments(node) && ts.isHeritageClause(node.parent) && node.parent.token === ts.SyntaxKind.ExtendsKeyword) {
      // `class X extends z.ZodType` needs the class at run time; `interface X extends z.ZodType` does not
      if (ts.isClassLike(node.parent.parent)) visit(node.expression);
      return;
    }
    if (ts.isTypeNode(node)) return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && bound.has(node.expression.text)) {
      uses.push({ name: node.name.text, where: at(node) });
      return;
    }
    if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && bound.has(node.expression.text)) {
      const arg = node.argumentExpression;
      uses.push({ name: ts.isStringLiteralLike(arg) ? arg.text : '*', where: at(node) });
      return;
    }
    if (ts.isIdentifier(node) && bound.has(node.text)) {
      uses.push({ name: '*', where: at(node) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

describe('zod-runtime: the curated zod of the build', () => {
  const root = repoRoot();
  const uses = sourceRoots(root).flatMap((dir) => sourceFiles(dir, buildable).flatMap((p) => zodValueUses(p, root)));
  const used = new Set(uses.map((u) => u.name));

  it('finds the zod uses of the workspace (the scan sees multi-line chains and type positions)', () => {
    // these are used across several packages; a scan that finds none of them is broken, not clean
    for (const name of ['strictObject', 'string', 'int', 'custom', 'NEVER', 'ZodObject']) expect(used).toContain(name);
    for (const typeOnly of ['infer', 'output', 'input', 'ZodType', 'core']) expect(used).not.toContain(typeOnly);
  });

  it('holds every zod value the workspace uses at run time', () => {
    const missing = uses.filter((u) => !Object.hasOwn(z, u.name)).map((u) => `z.${u.name} at ${u.where}`);
    // a use listed here crashes the built CLI ("z.<name> is not a function"): add the name to src/zod-runtime.ts
    // (`*`: z used whole; name the members instead)
    expect(missing).toEqual([]);
  });

  it("is zod's own values, so schemas of the build and of the sources are one zod", () => {
    for (const [name, value] of Object.entries(z)) expect(value, name).toBe(fullZod[name as keyof typeof fullZod]);
  });

  it('parses, and reports issues in English with z.ZodError', () => {
    const Config = z.strictObject({ n: z.int().min(1), mode: z.enum(['a', 'b']), when: z.iso.date().optional() });
    expect(Config.parse({ n: 3, mode: 'a', when: '2020-01-02' })).toEqual({ n: 3, mode: 'a', when: '2020-01-02' });
    let thrown: unknown;
    try {
      Config.parse({ n: 0, mode: 'c', extra: 1 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(z.ZodError);
    const messages = (thrown as InstanceType<typeof z.ZodError>).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'n: Too small: expected number to be >=1',
      'mode: Invalid option: expected one of "a"|"b"',
      ': Unrecognized key: "extra"',
    ]);
  });
});
