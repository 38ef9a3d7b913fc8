import { describe, expect, it } from 'vitest';
import {
  duration,
  instrumentsSpec,
  integer,
  integerAtLeast,
  isoDay,
  layerSizes,
  mongoUrl,
  nameList,
  nonEmpty,
  noneAsNull,
  numberIn,
  parseBlend,
  parseCanary,
  parseRollbackTarget,
  parseStep,
  parseStrategySpec,
  positiveOrNone,
} from './option-parsers.js';

/** The error a parser throws for `value`. */
function errorOf(parse: (v: string) => unknown, value: string): { code: string; message: string; exitCode: number } {
  try {
    parse(value);
  } catch (e) {
    return e as { code: string; message: string; exitCode: number };
  }
  throw new Error(`"${value}" was accepted`);
}

describe('option parsers', () => {
  it('turn good values into theirs', () => {
    expect(integerAtLeast('--n', 0)('0')).toBe(0);
    expect(integer('--seed')('-3')).toBe(-3);
    expect(numberIn('--cost', { min: 0, max: 1 })('0.0015')).toBe(0.0015);
    expect(positiveOrNone('--unit')('100')).toBe(100);
    expect(noneAsNull(positiveOrNone('--unit')('None'))).toBeNull();
    expect(noneAsNull(null)).toBeNull();
    expect(isoDay('--start')('2017-01-03')).toBe('2017-01-03');
    expect(layerSizes('--layers')('256, 128')).toEqual([256, 128]);
    expect(nameList('open, close,,high')).toEqual(['open', 'close', 'high']);
    expect(instrumentsSpec('csi300')).toBe('csi300');
    expect(instrumentsSpec('AAPL, MSFT')).toEqual(['AAPL', 'MSFT']);
    expect(parseStep('60')).toBe(60);
    expect(parseStrategySpec('mlp=a=b.yaml')).toEqual(['mlp', 'a=b.yaml']);
    expect(parseBlend('weighted')).toBe('weighted');
    expect(parseCanary(undefined)).toBeNull();
    expect(parseCanary('0.01')).toEqual({ threshold: 0.01 });
    expect(parseRollbackTarget('3')).toBe(3);
    expect(parseRollbackTarget('2017-03-01')).toBe('2017-03-01');
    expect([duration('--lease')('5s'), duration('--lease')('2m'), duration('--lease')('1h'), duration('--lease')('250')]).toEqual([
      5000, 120_000, 3_600_000, 250,
    ]);
    expect(duration('--lease')('1.5s')).toBe(1500);
    expect(mongoUrl('--mongo')('mongodb://127.0.0.1:27017/rollq')).toBe('mongodb://127.0.0.1:27017/rollq');
  });

  it.each([
    [integerAtLeast('--topk', 1), '0', /--topk must be an integer >= 1, got "0"/],
    [integerAtLeast('--topk', 1), '', /--topk must be an integer >= 1/],
    [integer('--seed'), '1.5', /--seed must be an integer, got "1.5"/],
    [numberIn('--open-cost', { min: 0, max: 1 }), 'lots', /--open-cost must be a number >= 0 and <= 1, got "lots"/],
    [numberIn('--account', { above: 0 }), '0', /--account must be a number > 0, got "0"/],
    [positiveOrNone('--trade-unit'), '-1', /--trade-unit must be a positive number or none, got "-1"/],
    [nonEmpty('--deal-price'), ' ', /--deal-price must not be empty/],
    [duration('--lease'), '5 minutes', /--lease "5 minutes" is not a duration/],
    [duration('--lease'), '0s', /--lease "0s" is not a duration/],
    [mongoUrl('--mongo'), 'http://me:pw@host/db', /--mongo "http:\/\/me:\*\*\*@host\/db" is not a MongoDB URL/],
    [isoDay('--start'), '2017-02-30', /--start must be a date YYYY-MM-DD, got "2017-02-30"/],
    [layerSizes('--mlp-layers'), '256,x', /--mlp-layers must be comma-separated positive integers/],
    [parseStep, 'ten', /--step "ten" is not a positive whole number of trading days/],
    [parseStrategySpec, 'noequals', /--strategy "noequals" is not name=workflow.yaml/],
    [parseBlend, 'median', /--blend "median" is unknown/],
    [parseCanary, 'x', /--canary "x" is not a number/],
    [parseRollbackTarget, 'yesterday', /--to "yesterday" is neither a history index nor a date/],
  ] as const)('reject a bad value with CONFIG_INVALID naming the flag (%#)', (parse, value, message) => {
    const e = errorOf(parse as (v: string) => unknown, value);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(message);
  });

  it('--instruments keeps its own code', () => {
    expect(errorOf(instrumentsSpec, ' , ')).toMatchObject({ code: 'INSTRUMENTS_INVALID', exitCode: 2 });
  });
});
