import type { SegmentsConfig } from '@rollq/rolling';

/**
 * Qlib slices segments with pandas, so an open end (`None`, which the last rolling task's test segment
 * has) or an end past the data simply means "up to the last day there is". The dataset package checks
 * segments strictly against the calendar, so the runner closes them here: a `null` or too-late end
 * becomes the calendar's last day, a `null` or too-early start its first day. A start after the data
 * stays as it is and is reported by the dataset.
 */
export function clampSegmentsToCalendar(segments: SegmentsConfig, calendar: readonly string[]): Record<string, [string, string]> {
  const first = calendar[0]!;
  const last = calendar[calendar.length - 1]!;
  const out: Record<string, [string, string]> = {};
  for (const [name, [start, end]] of Object.entries(segments)) {
    out[name] = [start === null || start < first ? first : start, end === null || end > last ? last : end];
  }
  return out;
}
