import type { FieldSpec } from '../features/field-set.js';

/** A feature set: named feature expressions and label expressions, in column order. */
export interface HandlerFields {
  readonly features: FieldSpec[];
  readonly labels: FieldSpec[];
}

/** Qlib's Alpha158 / Alpha360 label: the return from the T+1 close to the T+2 close. */
export const DEFAULT_LABEL: FieldSpec = { name: 'LABEL0', expr: 'Ref($close, -2)/Ref($close, -1) - 1' };
