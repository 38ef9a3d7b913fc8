import { parseOrThrow } from '@rollq/data';
import type { z } from '@rollq/data/zod';
import { WorkflowError } from '../errors.js';

/**
 * Parses caller input with `schema` once, at the edge ({@link parseOrThrow} with the store's wording), turning
 * a zod failure into a `CONFIG_INVALID` error that names `what` was bad and each offending field.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  return parseOrThrow(schema, value, {
    errorClass: WorkflowError,
    code: 'CONFIG_INVALID',
    what: `invalid ${what}`,
    hint: `fix the named fields of the ${what}; tags are strings, params are JSON scalars, tasks are plain JSON`,
  });
}
