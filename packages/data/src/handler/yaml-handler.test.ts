import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { resolveHandler } from './resolve-handler.js';
import { loadYamlHandler } from './yaml-handler.js';

describe('loadYamlHandler / resolveHandler', () => {
  it('reads a list of {name, expr} and defaults the label', () => {
    const h = loadYamlHandler(
      'features:\n  - name: MA5\n    expr: Mean($close, 5)/$close\n  - { name: R1, expr: "$close/Ref($close,1)" }\n',
    );
    expect(h.features).toEqual([
      { name: 'MA5', expr: 'Mean($close, 5)/$close' },
      { name: 'R1', expr: '$close/Ref($close,1)' },
    ]);
    expect(h.labels[0]!.name).toBe('LABEL0');
  });

  it('reads the NAME: expr mapping form from a file via resolveHandler', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-yaml-'));
    const path = join(dir, 'mine.yaml');
    writeFileSync(path, 'features:\n  MA5: Mean($close, 5)/$close\nlabels:\n  RET1: Ref($close, -1)/$close - 1\n');
    expect(resolveHandler(path)).toEqual({
      features: [{ name: 'MA5', expr: 'Mean($close, 5)/$close' }],
      labels: [{ name: 'RET1', expr: 'Ref($close, -1)/$close - 1' }],
    });
  });

  it('names the YAML line of a bad expression', () => {
    const text = 'features:\n  - name: OK\n    expr: $close\n  - name: BAD\n    expr: Mean($close 5)\n';
    try {
      loadYamlHandler(text);
      throw new Error('should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).message).toMatch(/^<yaml>:5: features BAD: /);
      expect((e as DataError).code).toBe('EXPRESSION_SYNTAX');
    }
  });

  it('rejects a malformed file with the field path', () => {
    expect(() => loadYamlHandler('features:\n  - name: A\n    exp: $close\n')).toThrow(/HANDLER|features/);
    expect(() => loadYamlHandler('feature: []\n')).toThrow(DataError);
  });

  it('resolves built-ins and rejects unknown names', () => {
    expect(resolveHandler('Alpha158').features).toHaveLength(158);
    expect(resolveHandler('alpha360').features).toHaveLength(360);
    expect(() => resolveHandler('Alpha999')).toThrow(/unknown handler "Alpha999"/);
    expect(() => resolveHandler('/nope/missing.yaml')).toThrow(/does not exist/);
  });
});
