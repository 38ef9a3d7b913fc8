import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { computeFeatures } from '../features/compute-features.js';
import { ExprPool } from './ast.js';
import { evaluateSeries } from './evaluate-series.js';
import { defaultOperatorRegistry, OperatorRegistry } from './operator-registry.js';
import type { OperatorSpec } from './operator-spec.js';
import { OPERATOR_NAMES } from './operators.js';
import { parseExpression } from './parser.js';
import { expectClose } from './testing/expect-close.js';
import { businessDays, writeSyntheticProvider } from './testing/synthetic-provider.js';

const x = [10, 11, 12, NaN, 13, 12, 15, 14, 14, 16, 15, 17];
const dates = businessDays('2020-01-01', 12);
const provider = writeSyntheticProvider(dates, { T: { fields: { x } } });

/** Clip(feature, lo, hi): elementwise, two plain-number parameters. */
const CLIP: OperatorSpec = {
  name: 'Clip',
  family: 'elem',
  params: [
    { name: 'feature', kind: 'expr' },
    { name: 'lo', kind: 'number' },
    { name: 'hi', kind: 'number' },
  ],
  kernel: (c) => {
    const lo = c.number(1);
    const hi = c.number(2);
    const v = c.inputs[0]!;
    const out = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) out[i] = Math.min(hi, Math.max(lo, v[i]!));
    return out;
  },
};

/** MovingMin(feature, N): a rolling operator with its window rule taken from the family default. */
const MOVING_MIN: OperatorSpec = {
  name: 'MovingMin',
  family: 'rolling',
  params: [
    { name: 'feature', kind: 'expr' },
    { name: 'N', kind: 'window' },
  ],
  kernel: (c) => {
    const w = c.window(1);
    const v = c.inputs[0]!;
    const out = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) {
      let m = Infinity;
      for (let k = Math.max(0, i - w + 1); k <= i; k++) if (!Number.isNaN(v[k]!)) m = Math.min(m, v[k]!);
      out[i] = m === Infinity ? NaN : m;
    }
    return out;
  },
};

describe('OperatorRegistry', () => {
  it('holds every built-in operator, in Qlib order', () => {
    const ops = defaultOperatorRegistry();
    expect(ops.names()).toEqual(OPERATOR_NAMES);
    expect(ops.names()).toHaveLength(46);
    expect(ops.get('Mean').family).toBe('rolling');
  });

  it('evaluates a custom operator through computeFeatures, with its lookback', () => {
    const ops = defaultOperatorRegistry().add(CLIP).add(MOVING_MIN);
    const frame = computeFeatures(provider, {
      fields: [
        { name: 'CLIP', expr: 'Clip($x, 11, 14.5)' },
        { name: 'MIN3', expr: 'MovingMin($x, 3)/Min($x, 3)' },
      ],
      instruments: 'all',
      start: dates[4],
      end: dates[11],
      operators: ops,
    });
    const col = (name: string) => frame.values[frame.columns.indexOf(name)]!;
    expectClose(col('CLIP'), [13, 12, 14.5, 14, 14, 14.5, 14.5, 14.5], 'Clip');
    // the engine loaded MovingMin's 2 rows of history: it matches the built-in Min everywhere
    expectClose(col('MIN3'), [1, 1, 1, 1, 1, 1, 1, 1], 'MovingMin');
    expect(parseExpression('MovingMin($x, 3)', { operators: ops }).window).toEqual([2, 0]);
    expectClose(
      evaluateSeries(provider, 'Clip($x, 0, 12)', 'T', { operators: ops }),
      [10, 11, 12, NaN, 12, 12, 12, 12, 12, 12, 12, 12],
      'series',
    );
  });

  it('leaves other registries alone and checks custom calls like built-in ones', () => {
    const ops = defaultOperatorRegistry().add(CLIP);
    expect(defaultOperatorRegistry().has('Clip')).toBe(false);
    expect(() => parseExpression('Clip($x, 0, 1)')).toThrow(/unknown operator "Clip"/);
    expect(() => parseExpression('Clip($x, 0)', { operators: ops })).toThrow(/Clip takes 3 arguments, got 2/);
    expect(() => parseExpression('Clip($x, $x, 1)', { operators: ops })).toThrow(/argument lo must be a number literal/);
    // a pool carries its registry
    expect(new ExprPool(ops).operators).toBe(ops);
    expect(parseExpression('Clip($x,0,1)', new ExprPool(ops)).key).toBe('Clip($x,0,1)');
  });

  it('draws the unknown-operator suggestion from the registry names', () => {
    const ops = defaultOperatorRegistry().add(CLIP);
    try {
      parseExpression('Clp($x, 0, 1)', { operators: ops });
      throw new Error('should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      const err = e as DataError;
      expect(err.code).toBe('EXPRESSION_UNKNOWN_OPERATOR');
      expect(err.message).toContain('\n    Clp($x, 0, 1)\n    ^^^');
      expect(err.hint).toMatch(/^did you mean Clip\? Known operators: Abs, .*, Mask, Clip$/);
    }
  });

  it('rejects a duplicate operator unless override, and malformed specs', () => {
    const ops = defaultOperatorRegistry();
    expect(() => ops.add({ ...CLIP, name: 'Mean' })).toThrow(/operator "Mean" is already registered; pass \{override: true\}/);
    const dup = (() => {
      try {
        ops.add({ ...CLIP, name: 'Abs' });
      } catch (e) {
        return e;
      }
    })();
    expect(dup).toBeInstanceOf(DataError);
    expect((dup as DataError).code).toBe('REGISTRY_DUPLICATE');
    // override: Abs now negates, in its original slot
    ops.add({ ...CLIP, name: 'Abs', params: [CLIP.params[0]!], kernel: ({ inputs: [v] }) => v!.map((a) => -a) }, { override: true });
    expectClose(evaluateSeries(provider, 'Abs($x)', 'T', { operators: ops }).slice(0, 3), [-10, -11, -12], 'override');
    expect(ops.names().indexOf('Abs')).toBe(0);
    const bad = new OperatorRegistry();
    expect(() => bad.register('Other', CLIP)).toThrow(/another name/);
    expect(() => bad.add({ ...CLIP, name: 'My-Op' })).toThrow(/not a valid name/);
    expect(() => bad.add({ ...CLIP, kernel: undefined })).toThrow(/exactly one of kernel and evaluate/);
  });
});
