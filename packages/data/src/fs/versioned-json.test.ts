import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMON_ERROR_CODES, defineErrorClass } from '../errors.js';
import { readVersionedJson } from './versioned-json.js';

class DocError extends defineErrorClass('DocError', { ...COMMON_ERROR_CODES, DOC_INVALID: 'usage', DOC_NOT_FOUND: 'usage' } as const) {}
const Doc = z.strictObject({ schemaVersion: z.literal(2), name: z.string(), n: z.int() });
const opts = { what: 'test document', errorClass: DocError, code: 'DOC_INVALID', version: { schemaVersion: 2 }, hint: 'fix it' } as const;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rollq-doc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readVersionedJson', () => {
  it('reads a document, or null / the ifMissing error when there is none', async () => {
    const p = join(dir, 'doc.json');
    await writeFile(p, JSON.stringify({ schemaVersion: 2, name: 'a', n: 1 }));
    expect(await readVersionedJson(p, Doc, opts)).toEqual({ schemaVersion: 2, name: 'a', n: 1 });
    expect(await readVersionedJson(join(dir, 'none.json'), Doc, opts)).toBeNull();
    expect(await readVersionedJson(join(dir, 'doc.json', 'below'), Doc, opts)).toBeNull();
    await expect(
      readVersionedJson(join(dir, 'none.json'), Doc, {
        ...opts,
        ifMissing: { code: 'DOC_NOT_FOUND', message: 'no doc here', hint: 'write one' },
      }),
    ).rejects.toMatchObject({ name: 'DocError', code: 'DOC_NOT_FOUND', message: 'no doc here', hint: 'write one' });
  });

  it('names the file when it is not JSON, carries another version, or does not match the schema', async () => {
    const p = join(dir, 'doc.json');
    const failure = () =>
      readVersionedJson(p, Doc, opts).then(
        () => null,
        (e: DocError) => e,
      );
    await writeFile(p, '{"schemaVersion": 2, "na');
    expect(await failure()).toMatchObject({
      code: 'DOC_INVALID',
      hint: 'fix it',
      message: expect.stringMatching(/doc\.json is not valid JSON: /),
    });
    await writeFile(p, JSON.stringify({ schemaVersion: 1, name: 'a' }));
    expect((await failure())?.message).toBe(`${p} has schemaVersion 1; this rollq reads 2`);
    await writeFile(p, JSON.stringify([1]));
    expect((await failure())?.message).toBe(`${p} has schemaVersion undefined; this rollq reads 2`);
    await writeFile(p, JSON.stringify({ schemaVersion: 2, name: 3, extra: true }));
    const e = await failure();
    expect(e?.message).toBe(
      `${p} is not a valid test document: name: expected string, received number; n: missing; expected number; extra: unknown field`,
    );
    expect(e).toBeInstanceOf(DocError);
    expect(e?.details).toMatchObject({ path: p, issues: [{ path: ['name'] }, { path: ['n'] }, { path: ['extra'] }] });
  });

  it('names the first five problems of a badly damaged document', async () => {
    const p = join(dir, 'doc.json');
    const Wide = z.strictObject({ schemaVersion: z.literal(2) });
    await writeFile(p, JSON.stringify({ schemaVersion: 2, a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 }));
    await expect(readVersionedJson(p, Wide, opts)).rejects.toThrow(/: a: unknown field; b: .*; e: unknown field; and 2 more$/);
  });
});
