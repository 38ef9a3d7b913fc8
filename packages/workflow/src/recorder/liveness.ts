import { isProcessAlive } from '@rollq/data/node-fs';
import type { RecorderInfo } from './schemas.js';

/**
 * Returns the recorder as it should be reported: a `RUNNING` recorder whose owning process is gone from
 * this host (it crashed or was killed before ending the run) reads `FAILED`, so a crashed run never
 * looks alive or finished. The stored document is not rewritten; reading stays side-effect free.
 */
export function withLiveness(rec: RecorderInfo): RecorderInfo {
  if (rec.status !== 'RUNNING' || rec.process === null || isProcessAlive(rec.process)) return rec;
  return {
    ...rec,
    status: 'FAILED',
    error: `process ${rec.process.pid} on ${rec.process.hostname} exited without ending the run`,
  };
}
