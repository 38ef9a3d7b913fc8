import { readVersionedJson } from '@rollq/data/node-fs';
import type { z } from '@rollq/data/zod';
import { WorkflowError } from '../errors.js';
import { RECORDER_SCHEMA_VERSION } from './schemas.js';

/**
 * Reads and validates a store document (meta.json, metrics.json, experiment.json), or returns null when
 * the file does not exist. A document that is not JSON, carries another schemaVersion or does not match
 * `schema` raises `RECORDER_META_INVALID` naming the file, rather than handing half-valid state to callers.
 */
export async function readDoc<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | null> {
  return readVersionedJson(path, schema, {
    what: 'recorder store document',
    errorClass: WorkflowError,
    code: 'RECORDER_META_INVALID',
    version: { schemaVersion: RECORDER_SCHEMA_VERSION },
    hint: 'the file was written by another rollq version or edited by hand; fix the named fields or delete the recorder folder',
  });
}
