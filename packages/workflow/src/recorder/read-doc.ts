import { readFile } from 'node:fs/promises';
import { isMissing } from '@rollq/data/node-fs';
import { z } from 'zod';
import { WorkflowError } from '../errors.js';
import { RECORDER_SCHEMA_VERSION } from './schemas.js';

/**
 * Reads and validates a store document (meta.json, metrics.json, experiment.json), or returns null when
 * the file does not exist. A document that is not JSON or does not match `schema` raises
 * `RECORDER_META_INVALID` naming the file, rather than handing half-valid state to callers.
 */
export async function readDoc<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
  let parsed: z.ZodSafeParseResult<z.output<S>>;
  try {
    parsed = schema.safeParse(JSON.parse(text));
  } catch (e) {
    throw new WorkflowError('RECORDER_META_INVALID', `${path} is not valid JSON`, {
      hint: 'restore the file from a backup or delete its recorder folder',
      cause: e,
    });
  }
  if (!parsed.success) {
    throw new WorkflowError(
      'RECORDER_META_INVALID',
      `${path} does not match schemaVersion ${RECORDER_SCHEMA_VERSION}: ${z.prettifyError(parsed.error)}`,
      {
        hint: 'the file was written by another rollq version or edited by hand; fix the named fields or delete the recorder folder',
        details: { path },
      },
    );
  }
  return parsed.data;
}
