import { DataError, type DataErrorCode } from '../errors.js';

/** Codes an expression can fail with. */
export type ExpressionErrorCode = Extract<DataErrorCode, 'EXPRESSION_SYNTAX' | 'EXPRESSION_UNKNOWN_OPERATOR' | 'EXPRESSION_ARGUMENT'>;

/**
 * Builds a DataError whose message points at the offending part of an expression: the 1-based column,
 * the text, and a caret line under it, so a user can see the problem without counting characters.
 */
export function expressionError(
  code: ExpressionErrorCode,
  problem: string,
  text: string,
  pos: number,
  length = 1,
  hint?: string,
): DataError {
  const caret = ' '.repeat(Math.max(0, pos)) + '^'.repeat(Math.max(1, length));
  const message = `${problem} at column ${pos + 1} of expression\n    ${text}\n    ${caret}`;
  return new DataError(code, message, { hint, details: { expression: text, column: pos + 1 } });
}

/** Levenshtein distance (case-insensitive), for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** The candidate closest to `name` (ties: first in list order). */
export function closestName(name: string, candidates: readonly string[]): string {
  let best = candidates[0] ?? name;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
