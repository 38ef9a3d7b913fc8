// Public exports of expr/ (explicit names; re-exported by src/index.ts).

export type { ConstNode, ExprNode, FieldNode, OpNode, StringNode } from './ast.js';
export { ExprPool } from './ast.js';
export { evaluateSeries } from './evaluate-series.js';
export type { NodeValues } from './evaluator.js';
export { InstrumentEvaluator } from './evaluator.js';
export type { ExpressionErrorCode } from './expression-error.js';
export { closestName, expressionError } from './expression-error.js';
export type { ArgKind, OperatorSpec, OpFamily } from './operators.js';
export { INFIX_OPERATORS, OPERATOR_NAMES, OPERATORS } from './operators.js';
export { parseExpression } from './parser.js';
export type { Token, TokenKind } from './tokenizer.js';
export { tokenize } from './tokenizer.js';
