import type { ManagerState } from '../manager/state-schema.js';
import type { ManagerStateStore } from '../manager/state-store.js';

/** The error a test fault throws: a stand-in for a crash at that point. */
export class InjectedFault extends Error {
  readonly code = 'INJECTED_FAULT';
}

/**
 * A state store whose commits fail while `shouldFail(next)` holds (default: always): the manager has done
 * the step's work (trained, tagged, written predictions) and dies before the commit, as a crash would. The
 * test seam that replaces the old `crashAfterTrain` production option.
 *
 * @example
 * ```ts
 * const crashing = await OnlineManager.open(dir, { provider, stateStore: failingCommits(new DirectoryStateStore(dir)) });
 * await expect(crashing.routine('2016-11-14')).rejects.toBeInstanceOf(InjectedFault);
 * ```
 */
export function failingCommits(inner: ManagerStateStore, shouldFail: (next: ManagerState) => boolean = () => true): ManagerStateStore {
  return {
    get location() {
      return inner.location;
    },
    exists: () => inner.exists(),
    read: () => inner.read(),
    readSignals: (file) => inner.readSignals(file),
    withWriteLock: (fn) => inner.withWriteLock(fn),
    writeAttachment: (name, text) => inner.writeAttachment(name, text),
    discardInit: () => inner.discardInit(),
    commit: (prev, next, signals) => {
      if (shouldFail(next)) throw new InjectedFault(`injected fault: commit ${prev.commit + 1} of ${inner.location} fails`);
      return inner.commit(prev, next, signals);
    },
  };
}
