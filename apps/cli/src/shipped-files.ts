import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RollqError, US_DEMO_FILES } from '@rollq/data';

/**
 * Files the `rollq` package ships beside its code (package.json `files`): the example workflows in
 * `examples/` and the US demo CSVs in `data/` (the repository links them as `examples/` and `data/` at its
 * root). This module lies directly in `src/`, and tsup bundles it into `dist/main.js` or one of the chunks
 * it splits off beside it (`dist/*.js`, flat), so in both layouts the package folder is one level up from
 * it: one fixed relative path, no search.
 */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Env var naming another folder of example workflows (default: the package's `examples/`). */
export const EXAMPLES_ENV = 'ROLLQ_EXAMPLES';
/** Env var naming another folder holding the US demo CSVs (default: the package's `data/`). */
export const DEMO_DATA_ENV = 'ROLLQ_DEMO_DATA';

/** The example workflow files the demo runs. */
export const EXAMPLE_WORKFLOWS = {
  gbdt: 'workflow_config_gbdt_Alpha158_us.yaml',
  mlp: 'workflow_config_mlp_Alpha158_us.yaml',
} as const;

function shippedFolder(env: string, name: string, what: string, mustHold: readonly string[]): string {
  const given = process.env[env];
  const dir = given ? resolve(given) : join(PACKAGE_DIR, name);
  const missing = mustHold.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) {
    throw new RollqError('CONFIG_INVALID', `${what} not found: ${dir} has no ${missing.join(', ')}`, {
      hint: given
        ? `point ${env} at the folder holding ${mustHold.join(', ')}, or unset it for the copy shipped with rollq`
        : `reinstall rollq (its package ships ${name}/), or point ${env} at a folder holding ${mustHold.join(', ')}`,
    });
  }
  return dir;
}

/** The folder of the example workflows (`$ROLLQ_EXAMPLES`, else the package's `examples/`). */
export function examplesDir(): string {
  return shippedFolder(EXAMPLES_ENV, 'examples', 'the example workflows', Object.values(EXAMPLE_WORKFLOWS));
}

/** The folder of the US demo CSVs (`$ROLLQ_DEMO_DATA`, else the package's `data/`). */
export function demoDataDir(): string {
  return shippedFolder(DEMO_DATA_ENV, 'data', 'the US demo data', Object.values(US_DEMO_FILES));
}
