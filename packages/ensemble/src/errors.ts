import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/** Stable codes of the errors `@rollq/ensemble` raises, and their exit class (usage: exit 2, runtime: exit 1). */
export const ENSEMBLE_ERROR_CODES = {
  /** CONFIG_INVALID: options (weights, processors) are invalid. */
  ...COMMON_ERROR_CODES,
  /** A prediction table lacks `datetime` / `instrument` / value columns, or parts disagree on columns. */
  TABLE_INVALID: 'usage',
  /** A group key has the wrong shape (RollingGroup needs tuple keys). */
  GROUP_KEY_INVALID: 'usage',
} as const;

/** Stable codes of the errors `@rollq/ensemble` raises. */
export type EnsembleErrorCode = keyof typeof ENSEMBLE_ERROR_CODES;

/** Errors raised by `@rollq/ensemble`; `code` is stable, `hint` says how to fix the problem. */
export class EnsembleError extends defineErrorClass('EnsembleError', ENSEMBLE_ERROR_CODES) {}
