import { DataError } from '../errors.js';
import type { QlibProvider } from '../storage/qlib-provider.js';
import type { ExprNode } from './ast.js';
import { InstrumentEvaluator } from './evaluator.js';
import type { OperatorRegistry } from './operator-registry.js';
import { parseExpression } from './parser.js';

/** Options of {@link evaluateSeries}. */
export interface EvaluateSeriesOptions {
  /** Operators a string expression may call (default: Qlib's built-in ones). */
  operators?: OperatorRegistry;
}

/**
 * One expression for one instrument over the whole calendar: a `Float64Array` of calendar length, NaN
 * where the instrument has no data, values rounded to float32 as Qlib's final cast does. The backtest
 * uses it for deal prices and labels.
 *
 * @example
 * ```ts
 * const close = evaluateSeries(provider, '$close', 'AAPL');
 * const doubled = evaluateSeries(provider, 'Double($close)', 'AAPL', { operators: myOperators });
 * ```
 */
export function evaluateSeries(
  provider: QlibProvider,
  expr: string | ExprNode,
  symbol: string,
  options: EvaluateSeriesOptions = {},
): Float64Array {
  const node = typeof expr === 'string' ? parseExpression(expr, { operators: options.operators }) : expr;
  if (node.kind === 'string') {
    throw new DataError('EXPRESSION_ARGUMENT', `${node.key} is a string, not a series`, { hint: 'pass an expression such as $close' });
  }
  const len = provider.calendar.length;
  const ev = new InstrumentEvaluator(provider, symbol.toUpperCase(), 0, len - 1);
  const { values } = ev.evaluate(node);
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = Math.fround(values[i]!);
  return out;
}
