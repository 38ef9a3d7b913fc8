// Public exports of expr/ (explicit names; re-exported by src/index.ts).
export { ExprPool } from './ast.js';
export type { ExprNode, FieldNode, ConstNode, StringNode, OpNode } from './ast.js';
export { parseExpression } from './parser.js';
export { tokenize } from './tokenizer.js';
export type { Token, TokenKind } from './tokenizer.js';
export { OPERATORS, OPERATOR_NAMES, INFIX_OPERATORS } from './operators.js';
export type { OperatorSpec, OpFamily, ArgKind } from './operators.js';
export { expressionError, closestName } from './expression-error.js';
export type { ExpressionErrorCode } from './expression-error.js';
export { InstrumentEvaluator } from './evaluator.js';
export type { NodeValues } from './evaluator.js';
export { evaluateSeries } from './evaluate-series.js';
