import { COMMON_ERROR_CODES, defineErrorClass } from '@rollq/data';

/** Stable codes of the errors `@rollq/serve` raises, and their exit class (usage: exit 2, runtime: exit 1). */
export const SERVE_ERROR_CODES = {
  ...COMMON_ERROR_CODES,
  /** The serve configuration (YAML, environment or flags) does not match the schema. */
  SERVE_CONFIG_INVALID: 'usage',
  /** The token file named by `--token-file` is missing, empty or unreadable. */
  TOKEN_FILE_INVALID: 'usage',
  /** The state folder named by `--state` is missing or holds no committed state. */
  SERVE_STATE_NOT_FOUND: 'usage',
  /** The HTTP port is taken or the host cannot be bound. */
  LISTEN_FAILED: 'runtime',
  /** An online model has no training-time dataset state, so days after its stored predictions cannot be computed. */
  DATASET_STATE_MISSING: 'runtime',
  /** The audit or alert log could not be appended to. */
  LOG_WRITE_FAILED: 'runtime',
} as const;

/** Stable codes of the errors `@rollq/serve` raises. */
export type ServeErrorCode = keyof typeof SERVE_ERROR_CODES;

/** Errors raised by `@rollq/serve`; `code` is stable, `hint` says how to fix the problem. */
export class ServeError extends defineErrorClass('ServeError', SERVE_ERROR_CODES) {}
