import { randomBytes } from 'node:crypto';

// Process-wide on purpose: two stores in one process must not hand out ids that sort against creation
// order. The state only orders ids within one millisecond; uniqueness comes from the random part.
let lastStamp = '';
let seq = 0;

/**
 * Returns a new recorder id: `YYYYMMDDTHHMMSSmmm-<seq><random>`, e.g. `20240102T153000123-0000a1b2c3`.
 * Ids sort by creation time (UTC); within one millisecond of one process a sequence number keeps
 * creation order (up to 1296 ids per millisecond, far above what a file write allows), and 4 random bytes
 * keep ids from different processes apart.
 */
export function newRecorderId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '').replace('Z', '');
  seq = stamp === lastStamp ? seq + 1 : 0;
  lastStamp = stamp;
  return `${stamp}-${seq.toString(36).padStart(2, '0')}${randomBytes(4).toString('hex')}`;
}
