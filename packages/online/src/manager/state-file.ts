import { join } from 'node:path';
import { readVersionedJson, writeJsonAtomic } from '@rollq/data/node-fs';
import { OnlineError } from '../errors.js';
import { MANAGER_STATE_VERSION, ManagerState } from './state-schema.js';

/** File name of the manager state inside its folder. */
export const STATE_FILE = 'state.json';

/** Reads and validates `<dir>/state.json`; a missing file or a wrong shape is a clear error. */
export async function readState(dir: string): Promise<ManagerState> {
  const path = join(dir, STATE_FILE);
  return readVersionedJson(path, ManagerState, {
    what: 'manager state',
    errorClass: OnlineError,
    code: 'STATE_INVALID',
    version: { schemaVersion: MANAGER_STATE_VERSION },
    hint: 'restore the file from a backup, use the rollq version that wrote it, or re-init the state folder',
    ifMissing: {
      code: 'STATE_NOT_FOUND',
      message: `no online manager state at ${path}`,
      hint: 'create one with `rollq online init <workflow.yaml> --state <dir>`',
    },
  });
}

/** Writes the state atomically (temp file + rename): readers and a crash see the old or the new document. */
export async function writeState(dir: string, state: ManagerState): Promise<void> {
  await writeJsonAtomic(join(dir, STATE_FILE), ManagerState.parse(state));
}
