import type { TaskConfig } from '@rollq/rolling';
import { describe, expect, it } from 'vitest';
import { StrategyConfig } from '../index.js';
import { strategyFromWorkflow } from './strategy-from-workflow.js';

const task: TaskConfig = {
  model: { class: 'LGBModel', kwargs: { loss: 'mse', num_boost_round: 1000 } },
  dataset: {
    class: 'DatasetH',
    kwargs: {
      handler: { class: 'Alpha158', kwargs: { start_time: '2013-02-08', end_time: '2018-02-07', instruments: 'sp500' } },
      segments: { train: ['2013-02-08', '2015-12-31'], valid: ['2016-01-04', '2016-12-30'], test: ['2017-01-03', '2018-02-07'] },
    },
  },
  record: [{ class: 'SignalRecord', kwargs: {} }, { class: 'SigAnaRecord', kwargs: { ana_long_short: false } }, 'PortAnaRecord'],
} as unknown as TaskConfig;

describe('strategyFromWorkflow', () => {
  it("keeps the workflow's task with only SignalRecord, and the step", () => {
    const s = strategyFromWorkflow({ config: { task } }, { name: 'gbdt', step: 20 });
    expect(s.name).toBe('gbdt');
    expect(s.rolling).toEqual({ step: 20 });
    expect(s.template).toHaveLength(1);
    expect(s.template[0]!.record).toEqual([{ class: 'SignalRecord', kwargs: {} }]);
    expect(s.template[0]!.model).toEqual(task.model);
    expect(s.template[0]!.dataset).toEqual(task.dataset);
    expect(StrategyConfig.parse(s).rolling).toEqual({ step: 20, rtype: 'expanding', truncDays: null });
  });

  it('merges model and handler kwargs and replaces segments, without touching the workflow', () => {
    const before = structuredClone(task);
    const s = strategyFromWorkflow(
      { config: { task } },
      {
        name: 'small',
        step: 60,
        overrides: {
          model: { num_boost_round: 100, early_stopping_rounds: 20 },
          handler: { instruments: 'AAPL,MSFT', end_time: '2017-06-30' },
          segments: { test: ['2017-01-03', '2017-03-29'] },
        },
      },
    );
    const t = s.template[0]!;
    expect(t.model.kwargs).toEqual({ loss: 'mse', num_boost_round: 100, early_stopping_rounds: 20 });
    expect(t.dataset.kwargs.handler).toMatchObject({
      kwargs: { start_time: '2013-02-08', end_time: '2017-06-30', instruments: 'AAPL,MSFT' },
    });
    expect(t.dataset.kwargs.segments).toEqual({ ...task.dataset.kwargs.segments, test: ['2017-01-03', '2017-03-29'] });
    expect(task).toEqual(before);
  });

  it('a task without records gets the default SignalRecord; an invalid override is a clear error', () => {
    const { record: _r, ...bare } = task;
    expect(strategyFromWorkflow({ config: { task: bare as TaskConfig } }, { name: 'x', step: 5 }).template[0]!.record).toEqual([
      'SignalRecord',
    ]);
    expect(() =>
      strategyFromWorkflow({ config: { task } }, { name: 'x', step: 5, overrides: { segments: { test: ['someday', null] } } }),
    ).toThrow(expect.objectContaining({ code: 'TASK_INVALID' }));
  });
});
