import type { z } from 'zod';

/**
 * The base error of every rollq package. Each error carries a stable machine `code`, a message that names
 * the problem, (where one exists) a `hint` that says how to fix it, and its `exitCode`: every package
 * declares its codes in one table that says whether each is a usage error (the input, the configuration or a
 * name the user gave is wrong: exit 2) or a runtime failure (the environment or the run failed: exit 1).
 */

/** Whether an error is the user's input (`usage`, exit 2) or the run / environment (`runtime`, exit 1). */
export type ExitClass = 'usage' | 'runtime';

/** A package's error codes and the exit class of each. */
export type ErrorCodeTable = Readonly<Record<string, ExitClass>>;

/** Process exit status of each exit class. */
export const EXIT_STATUS = { usage: 2, runtime: 1 } as const satisfies Record<ExitClass, 1 | 2>;

/**
 * Codes any package (and the CLI, through a bare {@link RollqError}) may raise. A code missing from a
 * class's table counts as a runtime failure.
 */
export const COMMON_ERROR_CODES = {
  /** An option or config value is invalid. */
  CONFIG_INVALID: 'usage',
} as const satisfies ErrorCodeTable;

/** Codes of `@rollq/data` and their exit class. */
export const DATA_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  CALENDAR_INVALID: 'usage',
  CALENDAR_OUT_OF_RANGE: 'usage',
  DATE_INVALID: 'usage',
  PROVIDER_NOT_FOUND: 'usage',
  INSTRUMENTS_INVALID: 'usage',
  MARKET_NOT_FOUND: 'usage',
  FEATURE_FILE_INVALID: 'usage',
  CSV_INVALID: 'usage',
  /** Writing an import failed (disk, permissions); the target was left as it was. */
  IMPORT_FAILED: 'runtime',
  IMPORT_TARGET_INVALID: 'usage',
  EXPRESSION_SYNTAX: 'usage',
  EXPRESSION_UNKNOWN_OPERATOR: 'usage',
  EXPRESSION_ARGUMENT: 'usage',
  HANDLER_INVALID: 'usage',
  PROCESSOR_INVALID: 'usage',
  SEGMENT_INVALID: 'usage',
  DATASET_INVALID: 'usage',
  /** A prediction table lacks its key or value columns, or holds what is not a date / a number. */
  PREDICTIONS_INVALID: 'usage',
  /** Another process kept a lock file past the timeout. */
  STORE_LOCK_TIMEOUT: 'runtime',
  /** Code registered a second entry under a taken name. */
  REGISTRY_DUPLICATE: 'runtime',
} as const satisfies ErrorCodeTable;

/** Stable codes of the errors `@rollq/data` raises. */
export type DataErrorCode = keyof typeof DATA_ERROR_CODES;

export interface RollqErrorOptions {
  /** How the user can fix the problem, shown after the message. */
  hint?: string;
  /** Structured facts about the failure (file, line, field, …) for programs. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The exit status of `code` under `codes` (a code the table lacks is a runtime failure). */
export function exitStatusOf(codes: ErrorCodeTable, code: string): 1 | 2 {
  return EXIT_STATUS[Object.hasOwn(codes, code) ? codes[code]! : 'runtime'];
}

/** Root of the rollq error hierarchy; `code` is a stable string other packages extend with their own codes. */
export class RollqError<C extends string = string> extends Error {
  /** The codes of this class and their exit class; each package's class (see {@link defineErrorClass}) sets its own. */
  static readonly codes: ErrorCodeTable = COMMON_ERROR_CODES;

  readonly code: C;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;
  /** The CLI's exit status for this error: 2 for a usage / configuration / input error, 1 for a runtime failure. */
  readonly exitCode: 1 | 2;

  constructor(code: C, message: string, opts: RollqErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RollqError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
    this.exitCode = exitStatusOf((new.target as typeof RollqError).codes, code);
  }

  /** Message plus hint, the way the CLI prints it. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

/** An error class that accepts code `C`, as {@link defineErrorClass} builds them (for helpers that throw the caller's class). */
export type ErrorClass<C extends string> = new (code: C, message: string, opts?: RollqErrorOptions) => RollqError<C>;

/**
 * The base of a package's error class: a {@link RollqError} named `name` that accepts exactly the codes of
 * `codes` and takes each one's exit code from it. Each package writes one line:
 *
 * @example
 * ```ts
 * export const MODEL_ERROR_CODES = { ...COMMON_ERROR_CODES, MODEL_UNKNOWN: 'usage', XGBOOST_NOT_FOUND: 'runtime' } as const;
 * export class ModelError extends defineErrorClass('ModelError', MODEL_ERROR_CODES) {}
 * new ModelError('XGBOOST_NOT_FOUND', 'no libxgboost').exitCode; // 1
 * ```
 */
export function defineErrorClass<const T extends ErrorCodeTable>(name: string, codes: T) {
  return class extends RollqError<Extract<keyof T, string>> {
    static override readonly codes: ErrorCodeTable = codes;

    constructor(code: Extract<keyof T, string>, message: string, opts: RollqErrorOptions = {}) {
      super(code, message, opts);
      this.name = name;
    }
  };
}

/** Errors raised by `@rollq/data`. */
export class DataError extends defineErrorClass('DataError', DATA_ERROR_CODES) {}

/** True for any rollq error (whatever package raised it). */
export function isRollqError(e: unknown): e is RollqError {
  return e instanceof RollqError;
}

/** One problem with an input, as rollq reports it: zod's issues, normalised once for every message and program. */
export interface InputIssue {
  /** `unknown_field`: a key the schema does not have; `missing`: a required value is absent; `invalid`: anything else. */
  readonly kind: 'unknown_field' | 'missing' | 'invalid';
  /** Where, from the input's root: object keys and array indices. */
  readonly path: readonly (string | number)[];
  /** What is wrong (without the path). */
  readonly message: string;
}

/**
 * Normalises zod issues: a failed union reports its deepest branch (or `expected A or B` when every branch
 * failed at the same place), an unrecognized key becomes one `unknown field` issue per key at that key's
 * path, a missing value says `missing; expected …`, and zod's `Invalid input: ` prefix is dropped.
 */
export function inputIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): InputIssue[] {
  return issues.flatMap((issue): InputIssue[] => {
    const path = [...prefix, ...issue.path].map((k) => (typeof k === 'number' ? k : String(k)));
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => ({ kind: 'unknown_field', path: [...path, k], message: 'unknown field' }));
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
      const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      if (depth(best) > 0) return inputIssues(best, path);
      const expected = [...new Set(issue.errors.flat().map((i) => ('expected' in i ? String(i.expected) : 'a value')))].join(' or ');
      const missing = issue.errors.flat().every((i) => i.message.includes('received undefined'));
      return [{ kind: missing ? 'missing' : 'invalid', path, message: missing ? `missing; expected ${expected}` : `expected ${expected}` }];
    }
    if (issue.message.includes('received undefined')) {
      return [{ kind: 'missing', path, message: `missing; expected ${'expected' in issue ? String(issue.expected) : 'a value'}` }];
    }
    return [{ kind: 'invalid', path, message: issue.message.replace(/^Invalid input: /, '') }];
  });
}

/** An issue path as messages show it: `field.sub.0`, or `(root)` for the input itself. */
export function formatIssuePath(path: readonly (string | number)[]): string {
  return path.length ? path.join('.') : '(root)';
}

/** Options of {@link formatIssues}. */
export interface FormatIssuesOptions {
  /** Between issues (default `"; "`). */
  separator?: string;
  /** Where an issue sits in its source (`file:line:col`), put before it; none when it returns undefined. */
  locate?: (issue: InputIssue) => string | undefined;
}

/** Issues as one message: `[where: ]field.sub.0: message` each, joined by `separator`. */
export function formatIssues(issues: readonly InputIssue[], opts: FormatIssuesOptions = {}): string {
  return issues
    .map((i) => {
      const where = opts.locate?.(i);
      return `${where ? `${where}: ` : ''}${formatIssuePath(i.path)}: ${i.message}`;
    })
    .join(opts.separator ?? '; ');
}

/** Options of {@link parseOrThrow}. */
export interface ParseOrThrowOptions<C extends string> {
  /** The error code (usually `CONFIG_INVALID` or a `*_INVALID` of the caller's package). */
  code: C;
  /** Names the input; the message is `<what>: <issues>`. */
  what: string;
  hint?: string;
  /** The class to throw (default {@link DataError}); it must accept `code`. */
  errorClass?: ErrorClass<C>;
  /** More facts for programs, beside `issues` (the {@link InputIssue} list, always set). */
  details?: Record<string, unknown>;
  /** Builds the message from the issues instead of `<what>: <issues>` (for messages callers have always printed). */
  message?: (issues: readonly InputIssue[]) => string;
}

/**
 * Parses `input` with `schema` once, at the edge, or throws a rollq error (`errorClass`, `code`) whose message
 * names what was bad and each offending field (`model config: kwargs.lr: expected number, received string`),
 * with the normalised issues in `details.issues`.
 *
 * @example
 * ```ts
 * const opts = parseOrThrow(RollingGenOptions, options, {
 *   errorClass: RollingError, code: 'GENERATOR_INVALID', what: 'invalid RollingGen options', hint: 'step is a positive integer',
 * });
 * ```
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, opts: ParseOrThrowOptions<DataErrorCode>): z.output<S>;
export function parseOrThrow<S extends z.ZodType, C extends string>(
  schema: S,
  input: unknown,
  opts: ParseOrThrowOptions<C> & { errorClass: ErrorClass<C> },
): z.output<S>;
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  opts: Omit<ParseOrThrowOptions<string>, 'errorClass'> & {
    errorClass?: new (code: never, message: string, opts?: RollqErrorOptions) => RollqError;
  },
): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = inputIssues(r.error.issues);
  const Thrown = opts.errorClass ?? DataError;
  throw new Thrown(opts.code as never, opts.message ? opts.message(issues) : `${opts.what}: ${formatIssues(issues)}`, {
    hint: opts.hint,
    details: { ...opts.details, issues },
  });
}
