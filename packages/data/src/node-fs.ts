/**
 * @packageDocumentation
 * `@rollq/data/node-fs`: the Node file-system helpers every rollq package shares, kept out of the main
 * barrel. One atomic write (temp file, fsync, rename, folder fsync; async, plus a sync twin for streaming
 * writers and the importer's directory swap), exclusive create, a cross-process lock file, process
 * liveness, recovery of an interrupted directory swap, listings that skip hidden (temp / lock) names, and
 * the reader of rollq's versioned JSON documents.
 */

export type { AtomicWriteOptions, DirectoryRecovery } from './fs/atomic-write.js';
export {
  createFileExclusive,
  directoryLockPath,
  isHiddenName,
  recoverDirectory,
  replaceDirectory,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync,
  writeJsonAtomic,
} from './fs/atomic-write.js';
export type { FileLockOptions } from './fs/file-lock.js';
export { withFileLock } from './fs/file-lock.js';
export { isMissing, listVisibleDirs, listVisibleFiles } from './fs/list-visible.js';
export type { ProcessIdentity } from './fs/process-alive.js';
export { currentProcess, isProcessAlive } from './fs/process-alive.js';
export type { ReadVersionedJsonOptions } from './fs/versioned-json.js';
export { readVersionedJson } from './fs/versioned-json.js';
