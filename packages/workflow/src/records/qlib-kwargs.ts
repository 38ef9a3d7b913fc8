import { type InputIssue, inputIssues } from '@rollq/data';
import type { z } from '@rollq/data/zod';

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Qlib writes kwargs in snake_case (`n_drop`, `exchange_kwargs.open_cost`); the rollq packages take
 * camelCase options. This renames keys (recursively through plain objects) so a Qlib YAML works
 * unchanged, while the target package's strict zod schema still rejects a misspelt key by name.
 */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[camel(k)] = camelCaseKeys(v);
  return out;
}

/**
 * An issue path into the camelCased form of `raw` as `raw` spells it (`nDorp` → `n_dorp`), so a message
 * names the key the user wrote in the YAML.
 */
export function qlibIssuePath(raw: unknown, path: readonly (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  let node = raw;
  for (const key of path) {
    let k: string | number = key;
    if (isPlainObject(node) && typeof key === 'string' && !Object.hasOwn(node, key))
      k = Object.keys(node).find((n) => camel(n) === key) ?? key;
    out.push(k);
    node = isPlainObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[k] : undefined;
  }
  return out;
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  entries?: Record<string, unknown>;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[];
}

/**
 * What a kwarg's schema accepts, in words for a hint (`a whole number > 0`, `"bottom" or "random"`, `a number
 * from 0 to 1, or null`), read from the schema itself so it cannot drift from the check.
 */
export function allowedValues(schema: z.ZodType): string {
  let node = schema;
  let nullable = false;
  for (
    let def = node._zod.def as ZodDef;
    ['default', 'optional', 'nullable', 'prefault'].includes(def.type);
    def = node._zod.def as ZodDef
  ) {
    if (def.type === 'nullable') nullable = true;
    node = def.innerType!;
  }
  const def = node._zod.def as ZodDef;
  let text: string;
  if (def.type === 'number') {
    const checks = (def.checks ?? []).map((c) => c._zod.def);
    const whole = checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
    const bounds = checks.flatMap((c) =>
      c.check === 'greater_than'
        ? [`${c.inclusive ? '>=' : '>'} ${c.value}`]
        : c.check === 'less_than'
          ? [`${c.inclusive ? '<=' : '<'} ${c.value}`]
          : [],
    );
    text = `${whole ? 'a whole number' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
  } else if (def.type === 'enum') {
    text = Object.values(def.entries ?? {})
      .map((v) => JSON.stringify(v))
      .join(' or ');
  } else if (def.type === 'boolean') {
    text = 'true or false';
  } else if (def.type === 'string') {
    text = 'a text';
  } else if (def.type === 'object') {
    text = 'a mapping';
  } else {
    text = 'a value';
  }
  return nullable ? `${text}, or null` : text;
}

/** What {@link checkQlibKwargs} finds: the parsed options, or the issues (paths as the kwargs spell them) and a hint. */
export type QlibKwargsResult<S extends z.ZodObject> = { ok: true; value: z.output<S> } | { ok: false; issues: InputIssue[]; hint: string };

/**
 * Parses Qlib snake_case `kwargs` with a rollq package's own camelCase schema (one schema, the package's),
 * reporting each issue at `at` + the key as the kwargs spell it. The hint says what each named kwarg holds
 * (the schema's own description, e.g. `topk: number of stocks to hold. Default 50.`) and, when a name is
 * unknown, the names `what` takes (`extra` first: kwargs the caller reads itself).
 */
export function checkQlibKwargs<S extends z.ZodObject>(
  schema: S,
  kwargs: unknown,
  opts: { at: readonly (string | number)[]; what: string; extra?: readonly string[] },
): QlibKwargsResult<S> {
  const r = schema.safeParse(camelCaseKeys(kwargs));
  if (r.success) return { ok: true, value: r.data };
  const found = inputIssues(r.error.issues);
  const shape = schema.shape as Record<string, z.ZodType>;
  const parts: string[] = [];
  for (const i of found) {
    const key = i.path[0];
    const field = typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key]! : null;
    const line = field && `${snake(String(key))}: ${allowedValues(field)}${field.description ? ` (${field.description})` : ''}`;
    if (line && !parts.includes(line)) parts.push(line);
  }
  if (found.some((i) => i.kind === 'unknown_field'))
    parts.push(`${opts.what} takes ${[...(opts.extra ?? []), ...Object.keys(shape).map(snake)].join(', ')}`);
  return {
    ok: false,
    issues: found.map((i) => ({ ...i, path: [...opts.at, ...qlibIssuePath(kwargs, i.path)] })),
    hint: parts.join('; '),
  };
}
