import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A package README's example next to the copy its `src/readme-example.test.ts` runs. */
export interface ReadmeExample {
  /** The README's first ```ts block without its import statements. */
  readme: string;
  /** The test file's code between `// #region readme` and `// #endregion readme`, dedented. */
  test: string;
  /** `name from spec` pairs the README imports that the test file does not import from the same module. */
  missingImports: string[];
}

const IMPORT_STMT = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"]([^'"]+)['"];?\s*$/gm;

/**
 * Reads the README example of the package whose test file is `testFileUrl` (`import.meta.url` of
 * `packages/<p>/src/readme-example.test.ts`), so the test can check that it runs exactly the code the
 * README shows. The test imports from its own package's sources (`./index.js`), which stands for the
 * package's name in the README's imports.
 *
 * @example
 * ```ts
 * const ex = readmeExample(import.meta.url);
 * expect(ex.test).toBe(ex.readme);
 * expect(ex.missingImports).toEqual([]);
 * ```
 */
export function readmeExample(testFileUrl: string): ReadmeExample {
  const testFile = fileURLToPath(testFileUrl);
  const pkgDir = join(dirname(testFile), '..');
  const pkgName: string = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name;
  const readmeText = readFileSync(join(pkgDir, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readmeText);
  if (!block) throw new Error(`${join(pkgDir, 'README.md')} has no \`\`\`ts block`);
  const testText = readFileSync(testFile, 'utf8');
  const region = /^[ \t]*\/\/ #region readme\n([\s\S]*?)^[ \t]*\/\/ #endregion readme/m.exec(testText);
  if (!region) throw new Error(`${testFile} has no "// #region readme" … "// #endregion readme" block`);

  const readmeImports = importsOf(block[1]!);
  const testImports = importsOf(testText, (spec) => (spec === './index.js' ? pkgName : spec));
  const missingImports: string[] = [];
  for (const [spec, names] of readmeImports) {
    const have = testImports.get(spec) ?? new Set<string>();
    for (const n of names) if (!have.has(n)) missingImports.push(`${n} from ${spec}`);
  }
  return { readme: tidy(block[1]!.replace(IMPORT_STMT, '')), test: tidy(dedent(region[1]!)), missingImports };
}

function importsOf(code: string, mapSpec: (spec: string) => string = (s) => s): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of code.matchAll(IMPORT_STMT)) {
    const spec = mapSpec(m[2]!);
    const names = out.get(spec) ?? new Set<string>();
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!;
      if (name) names.add(name);
    }
    out.set(spec, names);
  }
  return out;
}

function dedent(code: string): string {
  const lines = code.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Trailing spaces and blank lines at either end do not count. */
function tidy(code: string): string {
  return code
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}
