import { describe, expect, it } from 'vitest';
import { fillPlaceholders, getByDottedPath, isPlaceholder } from './placeholders.js';

describe('fillPlaceholders', () => {
  const model = { name: 'fitted-model' };
  const task = {
    model: { class: 'GBDT' },
    dataset: { kwargs: { segments: { test: ['2017-01-03', '2018-02-07'] } } },
    record: [
      { class: 'SignalRecord', kwargs: { model: '<MODEL>', dataset: '<DATASET>' } },
      {
        class: 'PortAnaRecord',
        kwargs: { config: { strategy: { kwargs: { signal: '<PRED>' } }, end: '<dataset.kwargs.segments.test.1>' } },
      },
    ],
  };

  it('replaces given markers by reference and resolves dotted paths into the task', () => {
    const filled = fillPlaceholders(task, { '<MODEL>': model, '<DATASET>': 'ds' });
    expect(filled.record[0]!.kwargs).toEqual({ model, dataset: 'ds' });
    expect((filled.record[0]!.kwargs as { model: unknown }).model).toBe(model);
    const port = filled.record[1]!.kwargs as { config: { end: string; strategy: { kwargs: { signal: string } } } };
    expect(port.config.end).toBe('2018-02-07');
    // <PRED> matches neither a given value nor a path: kept for PortAnaRecord to fill later, as in Qlib
    expect(port.config.strategy.kwargs.signal).toBe('<PRED>');
  });

  it('never mutates the caller task', () => {
    const before = JSON.stringify(task);
    fillPlaceholders(task, { '<MODEL>': model });
    expect(JSON.stringify(task)).toBe(before);
    expect(task.record[0]!.kwargs.model).toBe('<MODEL>');
  });

  it('recognises markers and walks lists by index', () => {
    expect(isPlaceholder('<MODEL>')).toBe(true);
    expect(isPlaceholder('MODEL')).toBe(false);
    expect(isPlaceholder('<a<b>')).toBe(false);
    expect(getByDottedPath(task, 'record.1.class')).toBe('PortAnaRecord');
    expect(getByDottedPath(task, 'record.x')).toBeUndefined();
    expect(getByDottedPath(task, 'model.missing')).toBeUndefined();
  });
});
