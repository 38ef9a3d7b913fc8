import { describe, expect, it } from 'vitest';
import { newRecorderId } from './recorder-id.js';

describe('newRecorderId', () => {
  it('sorts by creation time, and by creation order within one millisecond', () => {
    const t = new Date('2024-01-02T15:30:00.123Z');
    const sameMs = Array.from({ length: 50 }, () => newRecorderId(t));
    expect(sameMs[0]).toMatch(/^20240102T153000123-00[0-9a-f]{8}$/);
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(new Set(sameMs).size).toBe(50);
    const later = newRecorderId(new Date('2024-01-02T15:30:00.124Z'));
    expect(later > sameMs[49]).toBe(true);
    expect(later).toMatch(/-00[0-9a-f]{8}$/); // the sequence restarts each millisecond
    expect(newRecorderId(new Date('2023-12-31T23:59:59.999Z')) < sameMs[0]).toBe(true);
  });
});
