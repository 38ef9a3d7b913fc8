import { describe, expect, it } from 'vitest';
import { flattenTask } from './flatten-task.js';

describe('flattenTask', () => {
  it('joins keys with dots, keeps lists whole and stores strings', () => {
    const flat = flattenTask({ model: { class: 'GBDT', kwargs: { lr: 0.2 } }, dataset: { segments: { test: ['a', null] } }, e: {} });
    expect(flat).toEqual({
      'model.class': 'GBDT',
      'model.kwargs.lr': '0.2',
      'dataset.segments.test': '["a",null]',
      e: '{}',
    });
  });
});
