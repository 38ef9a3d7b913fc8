import { getByDottedPath as valueAtPath } from '@rollq/rolling';
import { describe, expect, it } from 'vitest';
import { matchesFilter, newestFirst } from './recorder-filter.js';
import type { RecorderInfo } from './schemas.js';

function rec(over: Partial<RecorderInfo>): RecorderInfo {
  return {
    id: 'r1',
    name: 'recorder',
    experiment: 'exp',
    status: 'FINISHED',
    startTime: '2024-01-02T00:00:00.000Z',
    endTime: null,
    error: null,
    params: {},
    tags: {},
    task: null,
    process: null,
    ...over,
  };
}

describe('recorder filters', () => {
  const gbdt = rec({
    id: 'a',
    task: { model: { class: 'GBDT' }, segments: ['2020-01-01', '2020-06-30'] },
    tags: { online_status: 'online' },
  });
  const mlp = rec({ id: 'b', status: 'FAILED', task: { model: { class: 'MLP' } }, params: { lr: 0.01 } });

  it('reads dotted paths and gives undefined past a missing step', () => {
    expect(valueAtPath(gbdt, 'task.model.class')).toBe('GBDT');
    expect(valueAtPath(gbdt, 'task.dataset.class')).toBeUndefined();
    expect(valueAtPath(gbdt, 'tags.online_status.x')).toBeUndefined();
  });

  it('filters by dotted path, tag, status and predicate together', () => {
    expect(matchesFilter(gbdt, { where: { 'task.model.class': 'GBDT' } })).toBe(true);
    expect(matchesFilter(mlp, { where: { 'task.model.class': 'GBDT' } })).toBe(false);
    expect(matchesFilter(mlp, { where: { 'params.lr': 0.01 } })).toBe(true);
    expect(matchesFilter(gbdt, { tags: { online_status: 'online' } })).toBe(true);
    expect(matchesFilter(mlp, { tags: { online_status: 'online' } })).toBe(false);
    expect(matchesFilter(mlp, { status: ['FAILED', 'RUNNING'] })).toBe(true);
    expect(matchesFilter(gbdt, { status: 'FAILED' })).toBe(false);
    expect(matchesFilter(gbdt, { where: { 'task.model.class': 'GBDT' }, predicate: (r) => r.id === 'zzz' })).toBe(false);
  });

  it('matches array elements and treats a missing field as null, as MongoDB does', () => {
    expect(matchesFilter(gbdt, { where: { 'task.segments': '2020-06-30' } })).toBe(true);
    expect(matchesFilter(gbdt, { where: { 'task.segments': '2021-01-01' } })).toBe(false);
    expect(matchesFilter(mlp, { where: { 'task.dataset': null } })).toBe(true);
    expect(matchesFilter(mlp, { where: { 'task.model': null } })).toBe(false);
  });

  it('orders newest first by start time, then id', () => {
    const list = [
      rec({ id: 'a', startTime: '2024-01-01T00:00:00.000Z' }),
      rec({ id: 'c', startTime: '2024-01-03T00:00:00.000Z' }),
      rec({ id: 'b', startTime: '2024-01-03T00:00:00.000Z' }),
    ];
    expect(list.sort(newestFirst).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});
