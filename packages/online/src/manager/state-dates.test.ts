import { describe, expect, it } from 'vitest';
import { HistoryEntry, ManagerState } from './state-schema.js';

describe('manager state dates (the one IsoDate of @rollq/data)', () => {
  it('rejects impossible days that the old regex let through', () => {
    for (const field of [ManagerState.shape.beginTime, ManagerState.shape.curTime, HistoryEntry.shape.time]) {
      expect(field.safeParse('2016-02-30').success).toBe(false);
      expect(field.safeParse('2016-13-01').success).toBe(false);
      expect(field.parse('2016-02-29')).toBe('2016-02-29');
    }
    expect(ManagerState.shape.lastRoutine.parse(undefined)).toBeNull();
    expect(ManagerState.shape.lastRoutine.safeParse('2015-02-29').success).toBe(false);
  });
});
