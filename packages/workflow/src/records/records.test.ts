import type { TaskConfig } from '@rollq/rolling';
import { describe, expect, it } from 'vitest';
import { splitRecords } from '../rolling-workflow.js';
import { PortAnaRecord } from './port-ana-record.js';
import { camelCaseKeys } from './qlib-kwargs.js';
import { createRecords, recordClassName } from './record-registry.js';
import { SigAnaRecord } from './sig-ana-record.js';

describe('record specs', () => {
  it('accepts {class} specs and Qlib dotted shorthands', () => {
    expect(recordClassName('qlib.workflow.record_temp.SignalRecord')).toBe('SignalRecord');
    expect(recordClassName({ class: 'SigAnaRecord', kwargs: {} })).toBe('SigAnaRecord');
    const recs = createRecords(['qlib.workflow.record_temp.SignalRecord', { class: 'SigAnaRecord', kwargs: { ana_long_short: true } }]);
    expect(recs.map((r) => r.name)).toEqual(['SignalRecord', 'SigAnaRecord']);
    expect(createRecords(undefined)).toEqual([]);
  });

  it('names an unknown record class and the known ones', () => {
    expect(() =>
      createRecords([
        { class: 'SignalRecord', kwargs: {} },
        { class: 'SigAnaRecrd', kwargs: {} },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'RECORD_INVALID',
        message: expect.stringContaining('task.record[1]: unknown record class "SigAnaRecrd"'),
        hint: expect.stringContaining('SigAnaRecord'),
      }),
    );
  });

  it('validates record kwargs before anything runs', () => {
    expect(() => new SigAnaRecord({ ana_long_short: 'yes' })).toThrow(expect.objectContaining({ code: 'RECORD_INVALID' }));
    expect(
      () => new PortAnaRecord({ config: { strategy: { class: 'TopkDropoutStrategy', kwargs: {} }, backtest: { acount: 1 } } }),
    ).toThrow(/acount/);
    expect(() => new PortAnaRecord({ config: { strategy: { class: 'WeightStrategyBase', kwargs: {} } } })).toThrow(/not supported/);
    expect(() => new PortAnaRecord({ config: {} })).not.toThrow();
  });

  it('renames Qlib snake_case kwargs for the backtest package, recursively', () => {
    expect(camelCaseKeys({ n_drop: 5, exchange_kwargs: { open_cost: 0.1, limit_threshold: null }, list: [{ a_b: 1 }] })).toEqual({
      nDrop: 5,
      exchangeKwargs: { openCost: 0.1, limitThreshold: null },
      list: [{ aB: 1 }],
    });
  });

  it("splits a task's records into per-model signal records and evaluation records replayed on the merged signal", () => {
    const task = {
      record: [
        { class: 'SignalRecord', kwargs: {} },
        { class: 'PortAnaRecord', kwargs: {} },
      ],
    } as unknown as TaskConfig;
    expect(splitRecords(task)).toEqual({
      signal: [{ class: 'SignalRecord', kwargs: {} }],
      evaluation: [{ class: 'PortAnaRecord', kwargs: {} }],
    });
    // a task without SignalRecord still needs predictions to merge
    expect(splitRecords({ record: undefined } as unknown as TaskConfig)).toEqual({ signal: ['SignalRecord'], evaluation: [] });
  });
});
