import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '@rollq/data/node-fs';
import { OnlineError } from '../errors.js';
import { MANAGER_STATE_VERSION, ManagerState } from './state-schema.js';

/** File name of the manager state inside its folder. */
export const STATE_FILE = 'state.json';

/** Reads and validates `<dir>/state.json`; a missing file or a wrong shape is a clear error. */
export async function readState(dir: string): Promise<ManagerState> {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OnlineError('STATE_NOT_FOUND', `no online manager state at ${path}`, {
        hint: 'create one with `rollq online init <workflow.yaml> --state <dir>`',
      });
    }
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OnlineError('STATE_INVALID', `${path} is not JSON: ${(e as Error).message}`, {
      hint: 'restore the file from a backup or re-init the state folder',
    });
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== MANAGER_STATE_VERSION) {
    throw new OnlineError('STATE_INVALID', `${path} has schemaVersion ${String(version)}; this rollq reads ${MANAGER_STATE_VERSION}`, {
      hint: 'use the rollq version that wrote it, or re-init',
    });
  }
  const r = ManagerState.safeParse(json);
  if (!r.success) {
    const what = r.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new OnlineError('STATE_INVALID', `${path} is not a valid manager state: ${what}`, {
      hint: 'restore the file from a backup or re-init the state folder',
    });
  }
  return r.data;
}

/** Writes the state atomically (temp file + rename): readers and a crash see the old or the new document. */
export async function writeState(dir: string, state: ManagerState): Promise<void> {
  await writeJsonAtomic(join(dir, STATE_FILE), ManagerState.parse(state));
}
