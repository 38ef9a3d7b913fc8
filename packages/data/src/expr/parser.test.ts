import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { ExprPool } from './ast.js';
import { parseExpression } from './parser.js';

function parseError(text: string): DataError {
  try {
    parseExpression(text);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('parseExpression', () => {
  it('builds canonical keys with Python precedence', () => {
    expect(parseExpression('Mean($close, 5)/$close').key).toBe('Div(Mean($close,5),$close)');
    expect(parseExpression('$a+$b*$c').key).toBe('Add($a,Mul($b,$c))');
    expect(parseExpression('($x>1)&($y<2)|$z').key).toBe('Or(And(Gt($x,1),Lt($y,2)),$z)');
    expect(parseExpression('$x > $y & $z').key).toBe('Gt($x,And($y,$z))'); // & binds tighter than >
    expect(parseExpression('-2**2').key).toBe('Mul(-1,Power(2,2))');
    expect(parseExpression('Ref($close, -2)').key).toBe('Ref($close,-2)');
    expect(parseExpression('EMA($x, 0.5) + 5.0').key).toBe('Add(EMA($x,0.5),5.0)');
    expect(parseExpression("ChangeInstrument('SH000300', $Close)").key).toBe('ChangeInstrument("SH000300",$close)');
  });

  it('hash-conses shared sub-expressions', () => {
    const pool = new ExprPool();
    const a = parseExpression('Mean($close>Ref($close, 1), 5)', pool);
    const b = parseExpression('Mean($close>Ref($close,1),5)-Mean($close<Ref($close, 1), 5)', pool);
    expect(b.kind === 'op' && b.args[0]).toBe(a);
    expect(pool.size).toBe(9); // $close 1 Ref Gt 5 Mean Lt Mean Sub
  });

  it('computes Qlib extended windows and path dependence', () => {
    expect(parseExpression('Corr($close/Ref($close,1), Log($volume/Ref($volume, 1)+1), 60)').window).toEqual([60, 0]);
    expect(parseExpression('Ref($close, -2)/Ref($close, -1) - 1').window).toEqual([0, 2]);
    expect(parseExpression('Mean(Ref($close, 3), 5)').window).toEqual([7, 0]);
    expect(parseExpression('EMA($x, 0.5)').window).toEqual([18, 0]);
    expect(parseExpression('Mean($x, 5)').pathDependent).toBe(false);
    expect(parseExpression('Mean($x, 5) + EMA($x, 3)').pathDependent).toBe(true);
    expect(parseExpression('Mean($x, 0)').pathDependent).toBe(true);
  });

  it('reports unknown operators with column, caret and the closest name', () => {
    const e = parseError('$close / Meen($close, 5)');
    expect(e.code).toBe('EXPRESSION_UNKNOWN_OPERATOR');
    expect(e.message).toContain('at column 10');
    expect(e.message).toContain('\n    $close / Meen($close, 5)\n             ^^^^');
    expect(e.hint).toMatch(/^did you mean Mean\?/);
    expect(parseError('rsquare($x, 5)').hint).toMatch(/^did you mean Rsquare\?/);
  });

  it('reports arity and argument problems', () => {
    const e = parseError('Mean($close)');
    expect(e.code).toBe('EXPRESSION_ARGUMENT');
    expect(e.message).toMatch(/Mean takes 2 arguments, got 1 at column 1/);
    expect(e.hint).toBe('call it as Mean(feature, N)');
    expect(parseError('Mean($close, $open)').message).toMatch(/argument N must be a number literal at column 14/);
    expect(parseError('Mean($close, 2.5)').message).toMatch(/non-negative integer/);
    expect(parseError('Skew($x, 2)').message).toMatch(/must be >= 3/);
    expect(parseError('Corr($x, $y, 0)').message).toMatch(/cannot be 0/);
    expect(parseError("ChangeInstrument($x, 'A')").message).toMatch(/must be a quoted symbol/);
  });

  it('reports syntax errors at the right column', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['Mean($close, 5', /missing "\)" of Mean\(/, 15],
      ['$close +', /expression ends too early/, 9],
      ['$close $open', /unexpected "open"|unexpected "\$open"|after a complete expression/, 8],
      ['$close # 2', /unexpected character "#"/, 8],
      ['close / 2', /bare name "close"/, 1],
      ['$x > 1 > 2', /chained comparison/, 8],
      ['$$roe', /point-in-time/, 1],
      ['', /empty expression/, 1],
      ['(($x)', /missing "\)"/, 6],
    ];
    for (const [text, re, column] of cases) {
      const e = parseError(text);
      expect(e.code, text).toBe('EXPRESSION_SYNTAX');
      expect(e.message, text).toMatch(re);
      expect(e.details?.column, text).toBe(column);
      expect(e.hint, text).toBeTruthy();
    }
  });
});
