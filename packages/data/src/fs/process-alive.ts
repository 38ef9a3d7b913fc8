import { hostname } from 'node:os';

/** Who owns a running piece of work: enough to tell later whether that process is still alive. */
export interface ProcessIdentity {
  pid: number;
  hostname: string;
}

/** The identity of the current process. */
export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, hostname: hostname() };
}

/**
 * Returns `false` only when `owner` ran on this host and its pid no longer exists; `true` otherwise,
 * including for other hosts, whose processes cannot be probed from here (a MongoDB-backed store would use
 * heartbeats for those). Signal 0 probes without touching the process; EPERM means it exists but is
 * someone else's.
 */
export function isProcessAlive(owner: ProcessIdentity): boolean {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
