import { z } from 'zod';
import { WorkflowError } from '../errors.js';

/**
 * Parses caller input with `schema` once, at the edge, turning a zod failure into a `CONFIG_INVALID`
 * error that names `what` was bad and each offending field.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new WorkflowError('CONFIG_INVALID', `invalid ${what}: ${z.prettifyError(r.error)}`, {
    hint: `fix the named fields of the ${what}; tags are strings, params are JSON scalars, tasks are plain JSON`,
    details: { issues: r.error.issues },
  });
}
