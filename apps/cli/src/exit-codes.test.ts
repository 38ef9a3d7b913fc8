import { BACKTEST_ERROR_CODES } from '@rollq/backtest';
import { COMMON_ERROR_CODES, DATA_ERROR_CODES, type ErrorCodeTable } from '@rollq/data';
import { ENSEMBLE_ERROR_CODES } from '@rollq/ensemble';
import { MODEL_ERROR_CODES, ModelError } from '@rollq/model';
import { ONLINE_ERROR_CODES, OnlineError } from '@rollq/online';
import { ROLLING_ERROR_CODES } from '@rollq/rolling';
import { WORKFLOW_ERROR_CODES } from '@rollq/workflow';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const TABLES: Record<string, ErrorCodeTable> = {
  data: DATA_ERROR_CODES,
  model: MODEL_ERROR_CODES,
  rolling: ROLLING_ERROR_CODES,
  ensemble: ENSEMBLE_ERROR_CODES,
  backtest: BACKTEST_ERROR_CODES,
  workflow: WORKFLOW_ERROR_CODES,
  online: ONLINE_ERROR_CODES,
};

/**
 * The exit code of every code that existed when the tables replaced the CLI's regex over code names (usage
 * errors exit 2, runtime failures 1). Against that regex, the reviewed changes are: XGBOOST_NOT_FOUND and a
 * store's ARTIFACT_NOT_FOUND exit 1 (the environment, not the input); MODEL_UNKNOWN, DATASET_UNSUPPORTED,
 * STATE_EXISTS, STRATEGY_EXISTS, EXPERIMENT_REQUIRED and STORE_UNSUPPORTED exit 2 (the user's input).
 */
const EXPECTED: Record<string, { 2: string[]; 1: string[] }> = {
  data: {
    2: [
      'CALENDAR_INVALID',
      'CALENDAR_OUT_OF_RANGE',
      'DATE_INVALID',
      'PROVIDER_NOT_FOUND',
      'INSTRUMENTS_INVALID',
      'MARKET_NOT_FOUND',
      'FEATURE_FILE_INVALID',
      'CSV_INVALID',
      'IMPORT_TARGET_INVALID',
      'EXPRESSION_SYNTAX',
      'EXPRESSION_UNKNOWN_OPERATOR',
      'EXPRESSION_ARGUMENT',
      'HANDLER_INVALID',
      'PROCESSOR_INVALID',
      'SEGMENT_INVALID',
      'DATASET_INVALID',
    ],
    1: ['IMPORT_FAILED', 'STORE_LOCK_TIMEOUT', 'REGISTRY_DUPLICATE'],
  },
  model: {
    2: ['MODEL_UNKNOWN', 'DATASET_UNSUPPORTED', 'MODEL_FILE_INVALID'],
    1: ['DATA_EMPTY', 'NOT_FITTED', 'XGBOOST_NOT_FOUND', 'XGBOOST_FAILED', 'BACKEND_FAILED', 'ABORTED'],
  },
  rolling: {
    2: ['CONFIG_NOT_FOUND', 'CONFIG_ENV_MISSING', 'SEGMENT_INVALID', 'SEGMENT_OUT_OF_RANGE', 'TASK_INVALID', 'GENERATOR_INVALID'],
    1: [],
  },
  ensemble: { 2: ['TABLE_INVALID', 'GROUP_KEY_INVALID'], 1: [] },
  backtest: { 2: ['PREDICTIONS_INVALID', 'BENCHMARK_NOT_FOUND', 'RANGE_INVALID'], 1: [] },
  workflow: {
    2: [
      'EXPERIMENT_NOT_FOUND',
      'EXPERIMENT_NAME_INVALID',
      'RECORDER_NOT_FOUND',
      'RECORDER_META_INVALID',
      'ARTIFACT_NAME_INVALID',
      'ARTIFACT_INVALID',
      'PREDICTIONS_INVALID',
      'STORE_UNSUPPORTED',
      'MONGO_URL_INVALID',
      'RECORD_INVALID',
    ],
    1: ['ARTIFACT_NOT_FOUND', 'MODEL_NOT_TRAINED', 'MONGO_UNREACHABLE'],
  },
  online: {
    2: [
      'EXPERIMENT_REQUIRED',
      'PREDICTIONS_INVALID',
      'RECORD_INVALID',
      'STATE_NOT_FOUND',
      'STATE_INVALID',
      'STATE_EXISTS',
      'STRATEGY_EXISTS',
      'HISTORY_NOT_FOUND',
      'SIGNALS_NOT_FOUND',
    ],
    1: ['ARTIFACT_NOT_FOUND', 'STATE_LOCKED'],
  },
};

describe('exit codes come from the error class', () => {
  it('every package table keeps the reviewed exit code of each code, and CONFIG_INVALID is a usage error', () => {
    for (const [pkg, table] of Object.entries(TABLES)) {
      expect(table, pkg).toMatchObject(COMMON_ERROR_CODES);
      const got = { 2: [] as string[], 1: [] as string[] };
      for (const code of [...EXPECTED[pkg]![2], ...EXPECTED[pkg]![1]]) got[table[code] === 'usage' ? 2 : 1].push(code);
      expect(got, pkg).toEqual(EXPECTED[pkg]);
    }
  });

  it('errors carry it, and main returns it', async () => {
    expect(new ModelError('XGBOOST_NOT_FOUND', 'no libxgboost').exitCode).toBe(1);
    expect(new ModelError('MODEL_UNKNOWN', 'no such model').exitCode).toBe(2);
    expect(new OnlineError('STATE_EXISTS', 'exists').exitCode).toBe(2);
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await main(['node', 'rollq', 'data', 'info', '--provider', '/nonexistent/rollq'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
  });
});
