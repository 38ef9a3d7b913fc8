import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { defaultOperatorRegistry } from '../expr/operator-registry.js';
import { defaultHandlerRegistry } from './handler-registry.js';
import { DEFAULT_LABEL, type HandlerFields } from './handler-types.js';
import { resolveHandler } from './resolve-handler.js';

const momentum = (): HandlerFields => ({
  features: [{ name: 'MOM20', expr: '$close/Ref($close, 20) - 1' }],
  labels: [{ ...DEFAULT_LABEL }],
});

describe('HandlerRegistry', () => {
  it('holds Alpha158 and Alpha360, case-insensitively', () => {
    const handlers = defaultHandlerRegistry();
    expect(handlers.names()).toEqual(['Alpha158', 'Alpha360']);
    expect(handlers.get('ALPHA158')().features).toHaveLength(158);
  });

  it('resolves a user handler registered on a copy of the defaults', () => {
    const handlers = defaultHandlerRegistry().register('Momentum', momentum);
    expect(resolveHandler(' momentum ', handlers)).toEqual(momentum());
    expect(resolveHandler('Alpha360', handlers).features).toHaveLength(360);
    // the defaults are untouched
    expect(() => resolveHandler('Momentum')).toThrow(/unknown handler "Momentum"/);
    expect(() => handlers.register('MOMENTUM', momentum)).toThrow(/already registered/);
  });

  it('names the registered handlers for an unknown one', () => {
    const handlers = defaultHandlerRegistry().register('Momentum', momentum);
    try {
      resolveHandler('Alpha999', handlers);
      throw new Error('should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('HANDLER_INVALID');
      expect((e as DataError).message).toBe('unknown handler "Alpha999"');
      expect((e as DataError).hint).toBe('use Alpha158 or Alpha360 or Momentum, or the path of a .yaml file listing {name, expr} features');
    }
  });

  it('still loads .yaml paths, with custom operators when given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-handler-'));
    const path = join(dir, 'double.yml');
    writeFileSync(path, 'features:\n  D: Double($close)\n');
    const operators = defaultOperatorRegistry().add({
      name: 'Double',
      family: 'elem',
      params: [{ name: 'feature', kind: 'expr' }],
      kernel: ({ inputs: [x] }) => x!.map((v) => 2 * v),
    });
    expect(() => resolveHandler(path)).toThrow(/unknown operator "Double"/);
    expect(resolveHandler(path, defaultHandlerRegistry(), { operators }).features).toEqual([{ name: 'D', expr: 'Double($close)' }]);
  });
});
