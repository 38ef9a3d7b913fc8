import { existsSync, statSync } from 'node:fs';
import { formatIssues, type InputIssue, inputIssues } from '@rollq/data';
import { locatePath, readYamlSource, type YamlSource } from '@rollq/rolling';
import { ServeError } from '../errors.js';
import { ServeConfig } from './serve-config.js';

/** Prefix of the environment variables that override the file: `ROLLQ_SERVE_<SECTION>__<FIELD>` (e.g. `ROLLQ_SERVE_SERVER__PORT=9000`). */
export const SERVE_ENV_PREFIX = 'ROLLQ_SERVE_';

/** One value set from outside the file, and where it came from (for messages). */
export interface ConfigOverride {
  path: readonly string[];
  value: unknown;
  /** `env ROLLQ_SERVE_SERVER__PORT` or `--port`. */
  source: string;
}

/** Inputs of {@link loadServeConfig}: each layer, earlier ones lose. */
export interface LoadServeConfigOptions {
  /** The YAML file (none: the defaults). */
  file?: string;
  /** The environment (default `process.env`); only `ROLLQ_SERVE_…` names are read. */
  env?: Readonly<Record<string, string | undefined>>;
  /** CLI flags, last. */
  flags?: readonly ConfigOverride[];
}

/** The YAML file, with the workflow reader's errors (syntax, anchors) told as the serve config's. */
function readSource(file: string, env: Readonly<Record<string, string | undefined>>): YamlSource {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new ServeError('SERVE_CONFIG_INVALID', `serve config file ${file} does not exist`, {
      hint: 'check the path of --config (relative paths are taken from the current directory), or leave it out for the defaults',
    });
  }
  try {
    return readYamlSource(file, env);
  } catch (e) {
    const err = e as { message?: string; hint?: string };
    throw new ServeError('SERVE_CONFIG_INVALID', String(err.message).replace(/^workflow file/, 'serve config file'), {
      hint: err.hint,
      cause: e,
    });
  }
}

/** `REQUEST_TIMEOUT_MS` → `requestTimeoutMs`. */
function camel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A variable's text as a value: JSON when it parses (numbers, booleans, null), else the text itself. */
function envValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The `ROLLQ_SERVE_…` overrides of an environment, sorted by name so the result does not depend on its order. */
export function envOverrides(env: Readonly<Record<string, string | undefined>>): ConfigOverride[] {
  return Object.keys(env)
    .filter((k) => k.startsWith(SERVE_ENV_PREFIX) && env[k] !== undefined)
    .sort()
    .map((k) => ({ path: k.slice(SERVE_ENV_PREFIX.length).split('__').map(camel), value: envValue(env[k]!), source: `env ${k}` }));
}

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as object) } : {};
  }
  node[path[path.length - 1]!] = value;
}

const startsWith = (path: readonly (string | number)[], prefix: readonly string[]) => prefix.every((k, i) => String(path[i]) === k);

/**
 * Reads `serve.yaml` (when given), applies the `ROLLQ_SERVE_…` variables, then the flags, and validates the
 * result once. A bad value is a `SERVE_CONFIG_INVALID` error naming each problem where it was set:
 * `serve.yaml:3:9: server.port: …`, `env ROLLQ_SERVE_CACHE__MAX_ENTRIES: …` or `--port: …`.
 *
 * @example
 * ```ts
 * const config = loadServeConfig({ file: 'serve.yaml', flags: [{ path: ['server', 'port'], value: 9000, source: '--port' }] });
 * ```
 */
export function loadServeConfig(opts: LoadServeConfigOptions = {}): ServeConfig {
  const src = opts.file === undefined ? null : readSource(opts.file, opts.env ?? process.env);
  const raw: Record<string, unknown> = structuredClone(src?.value ?? {});
  const overrides = [...envOverrides(opts.env ?? process.env), ...(opts.flags ?? [])];
  for (const o of overrides) setIn(raw, o.path, o.value);
  const parsed = ServeConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = inputIssues(parsed.error.issues);
  const locate = (i: InputIssue): string | undefined => {
    // the last layer that set this path (or a parent of it) is where the bad value came from
    const o = [...overrides].reverse().find((x) => startsWith(i.path, x.path) || startsWith(x.path, i.path.map(String)));
    if (o) return o.source;
    if (!src) return undefined;
    const p = locatePath([src], i.path, i.kind === 'unknown_field');
    return `${p.file}:${p.line}:${p.col}`;
  };
  throw new ServeError(
    'SERVE_CONFIG_INVALID',
    `serve configuration is invalid (${issues.length} problem${issues.length > 1 ? 's' : ''}):\n  ${formatIssues(issues, { separator: '\n  ', locate })}`,
    {
      hint: 'fix the values shown (`rollq config check <serve.yaml>` prints the merged configuration); every field is optional',
      details: { issues },
    },
  );
}
