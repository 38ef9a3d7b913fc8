import { BACKTEST_ERROR_CODES } from '@rollq/backtest';
import { COMMON_ERROR_CODES, DATA_ERROR_CODES, type ErrorCodeTable } from '@rollq/data';
import { ENSEMBLE_ERROR_CODES } from '@rollq/ensemble';
import { MODEL_ERROR_CODES, ModelError } from '@rollq/model';
import { ONLINE_ERROR_CODES, OnlineError } from '@rollq/online';
import { ROLLING_ERROR_CODES } from '@rollq/rolling';
import { WORKFLOW_ERROR_CODES } from '@rollq/workflow';
import { describe, expect, it } from 'vitest';

const TABLES: Record<string, ErrorCodeTable> = {
  common: COMMON_ERROR_CODES,
  data: DATA_ERROR_CODES,
  model: MODEL_ERROR_CODES,
  rolling: ROLLING_ERROR_CODES,
  ensemble: ENSEMBLE_ERROR_CODES,
  backtest: BACKTEST_ERROR_CODES,
  workflow: WORKFLOW_ERROR_CODES,
  online: ONLINE_ERROR_CODES,
};

/** The exit code the CLI used to derive from a regex over the code string. */
const byName = (code: string) => (/(_INVALID|_SYNTAX|_UNKNOWN_OPERATOR|_ARGUMENT|_NOT_FOUND|_OUT_OF_RANGE|CONFIG_)/.test(code) ? 2 : 1);

/** Codes whose exit code the error tables deliberately changed from that regex (review W5). */
const CHANGED: Record<string, 1 | 2> = {
  // environment / store failures, not the user's input
  'model.XGBOOST_NOT_FOUND': 1,
  'workflow.ARTIFACT_NOT_FOUND': 1,
  'online.ARTIFACT_NOT_FOUND': 1,
  // the user's input: unknown names, a state or strategy that already exists, a missing or unsupported setting
  'model.MODEL_UNKNOWN': 2,
  'model.DATASET_UNSUPPORTED': 2,
  'online.STATE_EXISTS': 2,
  'online.STRATEGY_EXISTS': 2,
  'online.EXPERIMENT_REQUIRED': 2,
  'workflow.STORE_UNSUPPORTED': 2,
};

describe('exit codes come from the error class', () => {
  it('each code keeps the exit code it had, except the reviewed changes', () => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [pkg, table] of Object.entries(TABLES)) {
      for (const [code, cls] of Object.entries(table)) {
        got[`${pkg}.${code}`] = cls === 'usage' ? 2 : 1;
        want[`${pkg}.${code}`] = CHANGED[`${pkg}.${code}`] ?? byName(code);
      }
    }
    expect(got).toEqual(want);
  });

  it('errors carry it', () => {
    expect(new ModelError('XGBOOST_NOT_FOUND', 'no libxgboost').exitCode).toBe(1);
    expect(new ModelError('MODEL_UNKNOWN', 'no such model').exitCode).toBe(2);
    expect(new OnlineError('STATE_EXISTS', 'exists').exitCode).toBe(2);
  });
});
