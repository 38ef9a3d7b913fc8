import { ExchangeConfig, TopkDropoutConfig } from '@rollq/backtest';
import { QlibProvider } from '@rollq/data';
import type { TaskConfig } from '@rollq/rolling';
import { usQlibDir } from '@rollq/tools';
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { splitRecords } from '../rolling-workflow.js';
import { runPortfolioAnalysis } from './backtest-adapter.js';
import { PortAnaRecord } from './port-ana-record.js';
import { allowedValues, camelCaseKeys, qlibIssuePath } from './qlib-kwargs.js';
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
    // the strategy kwargs by @rollq/backtest's own TopkDropoutConfig, named as the YAML spells them
    expect(() => new PortAnaRecord({ config: { strategy: { kwargs: { signal: '<PRED>', topk: 0, n_drop: 5 } } } })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: 'PortAnaRecord: config.strategy.kwargs.topk: Too small: expected number to be >0',
      }),
    );
    expect(() => new PortAnaRecord({ config: { strategy: { kwargs: { hold_threshh: 2 } } } })).toThrow(
      /config\.strategy\.kwargs\.hold_threshh: unknown field/,
    );
    expect(() => new PortAnaRecord({ config: { backtest: { exchange_kwargs: { trade_unit: 0 } } } })).toThrow(
      /config\.backtest\.exchange_kwargs\.trade_unit: Too small/,
    );
  });

  it('turns backtest options the schemas reject into CONFIG_INVALID at run time too, never a raw ZodError', async () => {
    const provider = QlibProvider.open(await usQlibDir());
    const pred = table({ datetime: ['2016-10-03'], instrument: ['AAPL'], score: [1] });
    const run = (strategy: object, backtest: object = {}) => runPortfolioAnalysis(provider, pred, { strategy, backtest });
    await expect(run({ topk: 0 })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      exitCode: 2,
      message: expect.stringContaining('topk: Too small'),
    });
    await expect(run({}, { exchange: { openCost: 2 } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('exchange.openCost: Too big'),
    });
  });

  it("says in words what a kwarg's schema accepts, read from the schema", () => {
    expect(allowedValues(TopkDropoutConfig.shape.topk)).toBe('a whole number > 0');
    expect(allowedValues(TopkDropoutConfig.shape.methodSell)).toBe('"bottom" or "random"');
    expect(allowedValues(ExchangeConfig.shape.openCost)).toBe('a number >= 0 and <= 1');
    expect(allowedValues(ExchangeConfig.shape.tradeUnit)).toBe('a number > 0, or null');
  });

  it('maps an issue path of the camelCased kwargs back to the spelling of the input', () => {
    const raw = { n_dorp: 1, exchange_kwargs: { open_cost: -1 }, risk: [{ max_weight: 2 }] };
    expect(qlibIssuePath(raw, ['nDorp'])).toEqual(['n_dorp']);
    expect(qlibIssuePath(raw, ['exchangeKwargs', 'openCost'])).toEqual(['exchange_kwargs', 'open_cost']);
    expect(qlibIssuePath(raw, ['risk', 0, 'maxWeight'])).toEqual(['risk', 0, 'max_weight']);
    expect(qlibIssuePath(raw, ['absent'])).toEqual(['absent']);
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
