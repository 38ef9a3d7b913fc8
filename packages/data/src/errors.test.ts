import { describe, expect, it } from 'vitest';
import { COMMON_ERROR_CODES, DATA_ERROR_CODES, DataError, defineErrorClass, isRollqError, RollqError } from './errors.js';

describe('error classes', () => {
  const TestError = class extends defineErrorClass('TestError', { ...COMMON_ERROR_CODES, GONE: 'runtime', BAD: 'usage' } as const) {};

  it('take the exit code of each code from their table', () => {
    expect(new TestError('BAD', 'x').exitCode).toBe(2);
    expect(new TestError('GONE', 'x').exitCode).toBe(1);
    expect(new TestError('CONFIG_INVALID', 'x').exitCode).toBe(2);
    expect(new DataError('CSV_INVALID', 'x').exitCode).toBe(2);
    expect(new DataError('IMPORT_FAILED', 'x').exitCode).toBe(1);
    expect(new DataError('STORE_LOCK_TIMEOUT', 'x').exitCode).toBe(1);
  });

  it('a bare RollqError knows the common codes; any other code is a runtime failure', () => {
    expect(new RollqError('CONFIG_INVALID', 'x').exitCode).toBe(2);
    expect(new RollqError('SOMETHING_ELSE', 'x').exitCode).toBe(1);
    expect(new RollqError('toString', 'x').exitCode).toBe(1);
  });

  it('are named, carry code, hint, details and cause, and are RollqErrors', () => {
    const cause = new Error('inner');
    const e = new DataError('DATE_INVALID', 'bad day', { hint: 'write YYYY-MM-DD', details: { value: 'x' }, cause });
    expect(e).toBeInstanceOf(DataError);
    expect(e).toBeInstanceOf(RollqError);
    expect(isRollqError(e)).toBe(true);
    expect(e).toMatchObject({ name: 'DataError', code: 'DATE_INVALID', hint: 'write YYYY-MM-DD', details: { value: 'x' }, cause });
    expect(e.describe()).toBe('bad day\n  hint: write YYYY-MM-DD');
    expect(String(e)).toBe('DataError: bad day');
    expect(new TestError('GONE', 'x')).not.toBeInstanceOf(DataError);
  });

  it('every data code has an exit class', () => {
    for (const cls of Object.values(DATA_ERROR_CODES)) expect(['usage', 'runtime']).toContain(cls);
  });
});
