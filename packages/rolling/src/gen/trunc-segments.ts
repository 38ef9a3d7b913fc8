import { RollingError } from '../errors.js';
import type { SegmentsConfig } from '../task/task-schema.js';
import type { TimeAdjuster } from '../time-adjuster/time-adjuster.js';

/**
 * Qlib's `trunc_segments`: every segment other than `testKey` ends at most `days` trading days before
 * the test start, so labels that look ahead cannot see test data. Returns new segments (Qlib edits in place).
 */
export function truncSegments(ta: TimeAdjuster, segments: SegmentsConfig, days: number, testKey = 'test'): SegmentsConfig {
  const test = segments[testKey];
  if (!test) {
    throw new RollingError('TASK_INVALID', `segments have no "${testKey}" segment to truncate against`, {
      hint: `add a ${testKey}: [start, end] segment`,
    });
  }
  const starts = test.filter((t): t is string => t !== null);
  if (starts.length === 0) {
    throw new RollingError('SEGMENT_INVALID', `the ${testKey} segment is open at both ends`, {
      hint: `give the ${testKey} segment a start date`,
    });
  }
  const testStart = starts.reduce((a, b) => (b < a ? b : a));
  const out: SegmentsConfig = {};
  for (const [k, seg] of Object.entries(segments)) out[k] = k === testKey ? seg : ta.truncate(seg, testStart, days);
  return out;
}
