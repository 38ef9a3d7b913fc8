import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readVersionedJson, writeJsonAtomic } from '@rollq/data/node-fs';
import { z } from '@rollq/data/zod';
import { ModelError } from '../errors.js';

/** Name of the JSON file every saved model directory holds; written last, so its presence marks a complete save. */
export const SAVED_CONFIG_FILE = 'rollq-model.json';

/** Schema of `rollq-model.json`. `state` is the model's own small JSON state (weights go in binary files). */
export const SavedConfigSchema = z.strictObject({
  format: z.literal('rollq-model'),
  version: z.literal(1),
  className: z.string().min(1),
  kwargs: z.record(z.string(), z.unknown()),
  state: z.record(z.string(), z.unknown()).default({}),
  savedAt: z.string(),
});
export type SavedConfig = z.output<typeof SavedConfigSchema>;

/** Writes `rollq-model.json` into `dir` atomically. */
export async function writeSavedConfig(dir: string, cfg: Pick<SavedConfig, 'className' | 'kwargs' | 'state'>): Promise<void> {
  const doc: SavedConfig = {
    format: 'rollq-model',
    version: 1,
    className: cfg.className,
    kwargs: cfg.kwargs,
    state: cfg.state,
    savedAt: new Date().toISOString(),
  };
  await writeJsonAtomic(join(dir, SAVED_CONFIG_FILE), doc);
}

/** Reads and validates `rollq-model.json` from `dir`. */
export async function readSavedConfig(dir: string): Promise<SavedConfig> {
  return readVersionedJson(join(dir, SAVED_CONFIG_FILE), SavedConfigSchema, {
    what: 'rollq model config',
    errorClass: ModelError,
    code: 'MODEL_FILE_INVALID',
    version: { format: 'rollq-model', version: 1 },
    hint: 'the file is damaged or from another version of @rollq/model; save the model again',
    ifMissing: {
      code: 'MODEL_FILE_INVALID',
      message: `no saved model at ${dir}: cannot read ${SAVED_CONFIG_FILE}`,
      hint: 'point at a directory written by model.save(dir)',
    },
  });
}

/** Reads a binary file of a saved model, with a clear error when it is missing. */
export async function readModelFile(dir: string, name: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(join(dir, name)));
  } catch (e) {
    throw new ModelError('MODEL_FILE_INVALID', `saved model at ${dir} lacks ${name}`, {
      hint: 'the save was incomplete or the directory was edited; save the model again',
      cause: e,
    });
  }
}
