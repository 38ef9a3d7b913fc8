/**
 * What `@rollq/data/zod` is at run time in the build: the zod values the workspace uses, and nothing else. Picked
 * by name from the zod module, they let esbuild keep only the code they reach (the schema classes, checks, English messages: 215 KB) instead
 * of zod's whole namespace with every locale (755 KB); Node loads it in ~7 ms instead of ~18 ms, and every command
 * that validates a config pays it. tsup.config.ts builds `dist/zod.js` from this module, resolves each `zod` import
 * of the other data modules to it (one zod in the build), and keeps `dist/zod.d.ts` from src/zod-entry.ts: the types
 * stay zod's whole namespace. Sources and tests use src/zod-entry.ts, the full zod.
 *
 * A zod value used anywhere in the workspace must be listed here; zod-runtime.test.ts scans the sources and fails
 * on one that is missing. Names used only as types (`z.infer`, `z.output`, `z.ZodType`, `z.core.$ZodIssue`) need
 * no entry.
 */

import type { z as fullZod } from 'zod';
// read by static names only, so esbuild keeps only what those names reach (the same 215 KB as named imports)
import * as zod from 'zod';

/**
 * The zod values rollq uses, under zod's own names; each has zod's own type (the `satisfies` checks it). `ZodError`
 * is the class zod throws, `ZodObject` is there for `instanceof`.
 */
export const z = {
  array: zod.array,
  boolean: zod.boolean,
  coerce: zod.coerce,
  custom: zod.custom,
  discriminatedUnion: zod.discriminatedUnion,
  enum: zod.enum,
  instanceof: zod.instanceof,
  int: zod.int,
  iso: zod.iso,
  json: zod.json,
  literal: zod.literal,
  looseObject: zod.looseObject,
  NEVER: zod.NEVER,
  null: zod.null,
  number: zod.number,
  object: zod.object,
  preprocess: zod.preprocess,
  record: zod.record,
  strictObject: zod.strictObject,
  string: zod.string,
  tuple: zod.tuple,
  union: zod.union,
  unknown: zod.unknown,
  ZodError: zod.ZodError,
  ZodObject: zod.ZodObject,
} satisfies Partial<typeof fullZod>;
