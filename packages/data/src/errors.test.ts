import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  COMMON_ERROR_CODES,
  DATA_ERROR_CODES,
  DataError,
  defineErrorClass,
  formatIssues,
  type InputIssue,
  inputIssues,
  isRollqError,
  parseOrThrow,
  RollqError,
} from './errors.js';

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

describe('parseOrThrow', () => {
  const Schema = z.strictObject({
    name: z.string(),
    window: z.strictObject({ start: z.number(), end: z.number() }),
    handler: z.union([z.string(), z.strictObject({ class: z.string(), kwargs: z.record(z.string(), z.number()) })]),
    list: z.array(z.int()).default([]),
  });
  const TestError = class extends defineErrorClass('TestError', { ...COMMON_ERROR_CODES, BAD_INPUT: 'usage' } as const) {};
  const failure = (
    input: unknown,
    run = (v: unknown) => parseOrThrow(Schema, v, { code: 'CONFIG_INVALID', what: 'invalid test options', hint: 'see the docs' }),
  ) => {
    try {
      run(input);
    } catch (e) {
      return e as RollqError;
    }
    throw new Error('parsed');
  };

  it('returns the parsed value', () => {
    expect(parseOrThrow(Schema, { name: 'a', window: { start: 1, end: 2 }, handler: 'h' }, { code: 'CONFIG_INVALID', what: 'x' })).toEqual({
      name: 'a',
      window: { start: 1, end: 2 },
      handler: 'h',
      list: [],
    });
  });

  it('names every field: dotted paths, unknown fields per key, missing values, the deepest union branch', () => {
    const e = failure({
      window: { start: 'x', end: 2, stop: 1 },
      handler: { class: 'A', kwargs: { n: 'one' } },
      list: [1, 2.5],
      extra: true,
    });
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', hint: 'see the docs', exitCode: 2 });
    expect(e.message).toBe(
      'invalid test options: name: missing; expected string; window.start: expected number, received string; window.stop: unknown field; ' +
        'handler.kwargs.n: expected number, received string; list.1: expected int, received number; extra: unknown field',
    );
    expect((e.details!.issues as InputIssue[]).map((i) => i.kind)).toEqual([
      'missing',
      'invalid',
      'unknown_field',
      'invalid',
      'invalid',
      'unknown_field',
    ]);
  });

  it('says what a failed union expected when no branch got further', () => {
    expect(failure({ name: 'a', window: { start: 1, end: 2 }, handler: 3 }).message).toBe(
      'invalid test options: handler: expected string or object',
    );
    expect(failure({ name: 'a', window: { start: 1, end: 2 } }).message).toBe(
      'invalid test options: handler: missing; expected string or object',
    );
    expect(failure(null).message).toBe('invalid test options: (root): expected object, received null');
  });

  it('throws the caller class and code, and can word the message itself', () => {
    const e = failure({ name: 1 }, (v) =>
      parseOrThrow(Schema, v, {
        errorClass: TestError,
        code: 'BAD_INPUT',
        what: 'test input',
        details: { file: 'a.yaml' },
        message: (issues) => `${issues.length} problems`,
      }),
    );
    expect(e).toBeInstanceOf(TestError);
    expect(e).toMatchObject({ name: 'TestError', code: 'BAD_INPUT', message: '3 problems', details: { file: 'a.yaml' } });
    expect(formatIssues([{ kind: 'invalid', path: ['a', 0], message: 'bad' }], { locate: () => 'f.yaml:3:4', separator: '\n' })).toBe(
      'f.yaml:3:4: a.0: bad',
    );
    expect(inputIssues([])).toEqual([]);
  });
});
