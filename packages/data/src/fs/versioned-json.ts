import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type ErrorClass, formatIssues, inputIssues, type RollqErrorOptions } from '../errors.js';
import { isMissing } from './list-visible.js';

/** Issues named in the message of a document that does not match its schema (all of them go to `details.issues`). */
const MAX_ISSUES_SHOWN = 5;

/** Options of {@link readVersionedJson}. */
export interface ReadVersionedJsonOptions<C extends string> {
  /** Names the document in messages: `<path> is not a valid <what>: …`. */
  what: string;
  /** The class to throw; it must accept the codes given here. */
  errorClass: ErrorClass<C>;
  /** Code of every "this file is not a good document" error: not JSON, another version, a wrong shape. */
  code: C;
  /** How to fix such a file. */
  hint?: string;
  /**
   * The fields that say which version of the document a file is, e.g. `{ schemaVersion: 1 }` or
   * `{ format: 'rollq-model', version: 1 }`. They are checked before the schema, so a file written by another
   * rollq version gets a message that says so rather than a list of field errors.
   */
  version?: Readonly<Record<string, string | number>>;
  /** What a missing file throws; without it a missing file reads as `null`. */
  ifMissing?: { code: C; message: string; hint?: string };
}

/**
 * Reads and validates a JSON document rollq keeps on disk (a recorder's meta.json, a manager state, a saved
 * model's rollq-model.json): `null` when the file does not exist (or the `ifMissing` error), otherwise the
 * parsed document, or an error of `errorClass` / `code` that names the file when it is not JSON, carries
 * another version, or does not match `schema`. The file's format is the caller's schema; this only reads it.
 *
 * @example
 * ```ts
 * const state = await readVersionedJson(join(dir, 'state.json'), ManagerState, {
 *   what: 'manager state', errorClass: OnlineError, code: 'STATE_INVALID', version: { schemaVersion: 1 },
 *   ifMissing: { code: 'STATE_NOT_FOUND', message: `no online manager state in ${dir}` },
 * });
 * ```
 */
export async function readVersionedJson<S extends z.ZodType, C extends string>(
  path: string,
  schema: S,
  opts: ReadVersionedJsonOptions<C> & { ifMissing: NonNullable<ReadVersionedJsonOptions<C>['ifMissing']> },
): Promise<z.output<S>>;
export async function readVersionedJson<S extends z.ZodType, C extends string>(
  path: string,
  schema: S,
  opts: ReadVersionedJsonOptions<C>,
): Promise<z.output<S> | null>;
export async function readVersionedJson<S extends z.ZodType, C extends string>(
  path: string,
  schema: S,
  opts: ReadVersionedJsonOptions<C>,
): Promise<z.output<S> | null> {
  const Thrown = opts.errorClass;
  const fail = (message: string, extra: RollqErrorOptions = {}) =>
    new Thrown(opts.code, message, { hint: opts.hint, ...extra, details: { path, ...extra.details } });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (!isMissing(e)) throw e;
    if (!opts.ifMissing) return null;
    throw new Thrown(opts.ifMissing.code, opts.ifMissing.message, { hint: opts.ifMissing.hint, details: { path }, cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw fail(`${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  for (const [key, want] of Object.entries(opts.version ?? {})) {
    const got = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)[key] : undefined;
    if (got !== want) throw fail(`${path} has ${key} ${String(got)}; this rollq reads ${String(want)}`, { details: { [key]: got } });
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issues = inputIssues(r.error.issues);
  const more = issues.length > MAX_ISSUES_SHOWN ? `; and ${issues.length - MAX_ISSUES_SHOWN} more` : '';
  throw fail(`${path} is not a valid ${opts.what}: ${formatIssues(issues.slice(0, MAX_ISSUES_SHOWN))}${more}`, { details: { issues } });
}
