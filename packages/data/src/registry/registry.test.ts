import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { Registry } from './registry.js';

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('Registry', () => {
  it('registers, finds and lists items in registration order', () => {
    const r = new Registry<number>({ kind: 'color' }, [['red', 1]]).register('green', 2).register('blue', 3);
    expect(r.get('green')).toBe(2);
    expect(r.find('nope')).toBeUndefined();
    expect(r.has('blue')).toBe(true);
    expect(r.has('Blue')).toBe(false); // case-sensitive by default
    expect(r.names()).toEqual(['red', 'green', 'blue']);
  });

  it('rejects a duplicate name unless override, which keeps the slot', () => {
    const r = new Registry<number>({ kind: 'color' }).register('red', 1).register('green', 2);
    const e = errorOf(() => r.register('red', 9));
    expect(e.code).toBe('REGISTRY_DUPLICATE');
    expect(e.message).toBe('color "red" is already registered; pass {override: true} to replace it');
    expect(r.get('red')).toBe(1);
    r.register('red', 9, { override: true });
    expect(r.get('red')).toBe(9);
    expect(r.names()).toEqual(['red', 'green']);
  });

  it('names the closest match and the known names for an unknown one', () => {
    const r = new Registry<number>({ kind: 'color', unknownCode: 'HANDLER_INVALID' }).register('red', 1).register('green', 2);
    const e = errorOf(() => r.get('gren'));
    expect(e.code).toBe('HANDLER_INVALID');
    expect(e.message).toBe('unknown color "gren"');
    expect(e.hint).toBe('did you mean "green"? Registered color names: red, green');
    expect(r.closest('rd')).toBe('red');
    expect(errorOf(() => new Registry<number>({ kind: 'color' }).get('x')).hint).toBe('no color is registered');
  });

  it('matches case-insensitively when asked, keeping the registered spelling', () => {
    const r = new Registry<number>({ kind: 'handler', caseInsensitive: true }).register('Alpha158', 158);
    expect(r.get('ALPHA158')).toBe(158);
    expect(r.names()).toEqual(['Alpha158']);
    expect(() => r.register('alpha158', 1)).toThrow(/"alpha158" is already registered/);
  });

  it('clones: the copy keeps its class and items, and registering into it leaves the original alone', () => {
    class Colors extends Registry<number> {
      hex(name: string): string {
        return this.get(name).toString(16);
      }
    }
    const base = new Colors({ kind: 'color' }).register('red', 0xff0000);
    const copy = base.clone().register('blue', 0xff);
    expect(copy).toBeInstanceOf(Colors);
    expect(copy.hex('red')).toBe('ff0000');
    expect(copy.names()).toEqual(['red', 'blue']);
    expect(base.names()).toEqual(['red']);
  });
});
