import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { formatIssues, type InputIssue, inputIssues } from '@rollq/data';
import type { z } from '@rollq/data/zod';
import { isMap, isScalar, type Node } from 'yaml';
import { RollingError } from '../errors.js';
import { isPlainObject, mergeConfig } from './deep-merge.js';
import { KNOWN_TOP_LEVEL_KEYS, type WorkflowConfig, workflowConfigSchema } from './workflow-schema.js';
import { locatePath, readYamlSource, type YamlSource } from './yaml-source.js';

/** Key naming a base file the workflow is deep-merged onto (Qlib's qrun). */
export const BASE_CONFIG_KEY = 'BASE_CONFIG_PATH';

/** Options of {@link loadWorkflowConfig}. */
export interface LoadWorkflowOptions {
  /** Variables for `${VAR}` / `{{ VAR }}` (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Folder a relative `BASE_CONFIG_PATH` is tried against first, as qrun does (default: `process.cwd()`). */
  cwd?: string;
}

/** A loaded workflow: the validated config plus notes for the user. */
export interface LoadedWorkflow {
  /** Absolute path of the workflow file. */
  readonly path: string;
  /** The validated config; `qlib_init.provider_uri` is absolute. */
  readonly config: WorkflowConfig;
  /** Things accepted but ignored or unusual (module_path, unknown top-level keys), one line each. */
  readonly warnings: readonly string[];
  /** Files read, the workflow first, then its BASE_CONFIG_PATH chain. */
  readonly files: readonly string[];
}

/**
 * Reads a Qlib workflow YAML as `qrun` would: `${VAR}` / `{{ VAR }}` substitution, anchors and merge
 * keys, `BASE_CONFIG_PATH` deep merge (tried against the current directory first, then the file's
 * folder; a base may name its own base), then zod validation. Validation problems are all reported
 * in one `CONFIG_INVALID` error, each as `file:line:col: field.path: what was expected`.
 * `<MODEL>` / `<DATASET>` / `<PRED>` stay as strings for the runner to fill.
 *
 * @example
 * ```ts
 * const { config, warnings } = loadWorkflowConfig('examples/workflow_config_gbdt_Alpha158_us.yaml', {
 *   env: { ROLLQ_US_DATA: '/data/us_qlib' }, // the file's provider_uri is "${ROLLQ_US_DATA}"
 * });
 * for (const w of warnings) console.warn(w); // e.g. task.model: module_path "qlib.contrib.model.gbdt" ignored; …
 * config.task.model; // { class: 'LGBModel', module_path: 'qlib.contrib.model.gbdt', kwargs: { loss: 'mse', … } }
 * ```
 */
export function loadWorkflowConfig(path: string, options: LoadWorkflowOptions = {}): LoadedWorkflow {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, path);
  const sources: YamlSource[] = [];
  const merged = loadWithBases(file, env, cwd, sources);

  const result = workflowConfigSchema.safeParse(merged);
  if (!result.success) throw validationError(file, sources, result.error.issues, merged);
  const config = result.data;

  config.qlib_init.provider_uri = resolveProviderUri(config.qlib_init.provider_uri, dirname(file));
  const warnings = [...unknownTopLevelWarnings(config, sources), ...modulePathWarnings(config)];
  return { path: file, config, warnings, files: sources.map((s) => s.file) };
}

function loadWithBases(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  sources: YamlSource[],
): Record<string, unknown> {
  if (sources.some((s) => s.file === file)) {
    throw new RollingError('CONFIG_INVALID', `${BASE_CONFIG_KEY} chain loops back to ${file}`, {
      hint: `remove the ${BASE_CONFIG_KEY} that points back to an earlier file`,
      details: { files: [...sources.map((s) => s.file), file] },
    });
  }
  const src = readYamlSource(file, env);
  sources.push(src);
  const { [BASE_CONFIG_KEY]: basePath, ...own } = src.value;
  if (basePath === undefined) return own;
  if (typeof basePath !== 'string' || basePath === '') {
    const p = locatePath([src], [BASE_CONFIG_KEY]);
    throw new RollingError(
      'CONFIG_INVALID',
      `${p.file}:${p.line}:${p.col}: ${BASE_CONFIG_KEY}: expected a file path, got ${JSON.stringify(basePath)}`,
      {
        hint: `write ${BASE_CONFIG_KEY}: path/to/base.yaml`,
      },
    );
  }
  const fromCwd = resolve(cwd, expandHome(basePath));
  const fromFile = resolve(dirname(file), expandHome(basePath));
  const baseFile = existsSync(fromCwd) ? fromCwd : existsSync(fromFile) ? fromFile : null;
  if (baseFile === null) {
    const p = locatePath([src], [BASE_CONFIG_KEY]);
    throw new RollingError(
      'CONFIG_NOT_FOUND',
      `${p.file}:${p.line}:${p.col}: ${BASE_CONFIG_KEY} ${basePath} not found (tried ${fromCwd} and ${fromFile})`,
      {
        hint: 'give a path relative to the current directory or to the workflow file',
      },
    );
  }
  const base = loadWithBases(baseFile, env, cwd, sources);
  return mergeConfig(base, own);
}

/** A workflow schema failure: one `file:line:col: field: problem` line per issue (normalised by `inputIssues`). */
function validationError(
  file: string,
  sources: readonly YamlSource[],
  zodIssues: readonly z.core.$ZodIssue[],
  value: unknown,
): RollingError {
  const issues = inputIssues(zodIssues).map((i) => withTypoGuess(i, value));
  const pos = new Map(issues.map((i) => [i, locatePath(sources, i.path, i.kind === 'unknown_field')]));
  const at = (i: InputIssue) => {
    const p = pos.get(i)!;
    return `${p.file}:${p.line}:${p.col}`;
  };
  return new RollingError(
    'CONFIG_INVALID',
    `workflow ${file} is invalid (${issues.length} problem${issues.length > 1 ? 's' : ''}):\n  ${formatIssues(issues, { separator: '\n  ', locate: at })}`,
    {
      hint: "fix the fields listed; the layout is Qlib's workflow_config_*.yaml (qlib_init, task: {model, dataset, record}, …)",
      details: { issues: issues.map((i) => ({ ...pos.get(i)!, path: i.path.map(String) })) },
    },
  );
}

/** A missing key with a near-miss sibling (`taks:` for `task:`): the issue names the sibling as the likely typo. */
function withTypoGuess(issue: InputIssue, root: unknown): InputIssue {
  const key = issue.path[issue.path.length - 1];
  if (issue.kind !== 'missing' || typeof key !== 'string') return issue;
  let parent: unknown = root;
  for (const k of issue.path.slice(0, -1)) parent = isPlainObject(parent) || Array.isArray(parent) ? (parent as never)[k] : undefined;
  if (!isPlainObject(parent)) return issue;
  const near = Object.keys(parent).filter((k) => k !== key && editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  if (near.length === 0) return issue;
  return { ...issue, message: `${issue.message} (found ${near.map((k) => `"${k}"`).join(', ')}: a typo for "${key}"?)` };
}

/** Levenshtein distance (short keys only). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** `~` is the home folder; a relative path is taken from the YAML's folder so a workflow works from any CWD. */
function resolveProviderUri(uri: string | Record<string, string>, baseDir: string): string | Record<string, string> {
  const one = (u: string) => {
    const e = expandHome(u);
    return isAbsolute(e) ? e : resolve(baseDir, e);
  };
  return typeof uri === 'string' ? one(uri) : Object.fromEntries(Object.entries(uri).map(([k, v]) => [k, one(v)]));
}

function expandHome(p: string): string {
  return p === '~' ? homedir() : p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
}

function unknownTopLevelWarnings(config: Record<string, unknown>, sources: readonly YamlSource[]): string[] {
  const out: string[] = [];
  for (const key of Object.keys(config)) {
    if (KNOWN_TOP_LEVEL_KEYS.has(key)) continue;
    // A key whose value carries an anchor exists to be referenced elsewhere (common in Qlib files).
    const anchored = sources.some((s) => {
      const root = s.doc.contents as Node | null;
      if (!isMap(root)) return false;
      const pair = root.items.find((p) => isScalar(p.key) && p.key.value === key);
      return Boolean((pair?.value as { anchor?: string } | null | undefined)?.anchor);
    });
    if (!anchored) out.push(`top-level key "${key}" is not used by rollq (kept as is)`);
  }
  return out;
}

/** One note per distinct `class` + `module_path` pair: rollq resolves classes in its registries. */
function modulePathWarnings(config: unknown): string[] {
  const seen = new Map<string, string>();
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}.${i}`);
    } else if (isPlainObject(v)) {
      if (typeof v.class === 'string' && typeof v.module_path === 'string') {
        const k = `${v.class}\u0000${v.module_path}`;
        if (!seen.has(k))
          seen.set(k, `${path.slice(1)}: module_path "${v.module_path}" ignored; class "${v.class}" is looked up in rollq's registry`);
      }
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  walk(config, '');
  return [...seen.values()];
}
