import { expressionError } from './expression-error.js';

/** Token kinds of Qlib's expression language (a subset of Python's expression grammar). */
export type TokenKind = 'number' | 'field' | 'ident' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';

/** One token with its 0-based position in the source text. */
export interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

// Qlib's field regex is `[\w、：（）]+`; \p{L}\p{N} covers Python's unicode \w.
const FIELD_CHAR = /[\p{L}\p{N}_、：（）]/u;
const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
// Longest operators first so `**`, `>=`, `==` win over their one-character prefixes.
const OPERATORS = ['**', '>=', '<=', '==', '!=', '+', '-', '*', '/', '>', '<', '&', '|'];

/** Splits an expression into tokens; throws EXPRESSION_SYNTAX at the first character it cannot read. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '$') {
      if (text[i + 1] === '$') {
        throw expressionError(
          'EXPRESSION_SYNTAX',
          'point-in-time fields ($$name) are not supported',
          text,
          i,
          2,
          'use a daily field such as $close',
        );
      }
      let j = i + 1;
      while (j < text.length && FIELD_CHAR.test(text[j]!)) j++;
      if (j === i + 1)
        throw expressionError('EXPRESSION_SYNTAX', 'a field name must follow "$"', text, i, 1, 'write fields as $close, $volume, …');
      out.push({ kind: 'field', text: text.slice(i + 1, j), pos: i });
      i = j;
      continue;
    }
    const num = NUMBER.exec(text.slice(i));
    if (num && /[\d.]/.test(ch)) {
      out.push({ kind: 'number', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && IDENT_CHAR.test(text[j]!)) j++;
      out.push({ kind: 'ident', text: text.slice(i, j), pos: i });
      i = j;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const j = text.indexOf(ch, i + 1);
      if (j < 0) throw expressionError('EXPRESSION_SYNTAX', 'unterminated string', text, i, text.length - i, `close the string with ${ch}`);
      out.push({ kind: 'string', text: text.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, pos: i });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    throw expressionError(
      'EXPRESSION_SYNTAX',
      `unexpected character "${ch}"`,
      text,
      i,
      1,
      'expressions use $fields, numbers, + - * / **, comparisons, & | and Op(args)',
    );
  }
  out.push({ kind: 'end', text: '', pos: text.length });
  return out;
}
