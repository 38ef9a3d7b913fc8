import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bearerMatches, readTokenFile, tokenOf } from './bearer-token.js';

const root = mkdtempSync(join(tmpdir(), 'rollq-token-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('admin bearer token', () => {
  it('accepts only `Bearer <the token>`', () => {
    const t = tokenOf('s3cret-token-0123456789');
    expect(bearerMatches('Bearer s3cret-token-0123456789', t)).toBe(true);
    expect(bearerMatches('bearer  s3cret-token-0123456789 ', t)).toBe(true);
    expect(bearerMatches('Bearer s3cret-token-012345678', t)).toBe(false);
    expect(bearerMatches('s3cret-token-0123456789', t)).toBe(false);
    expect(bearerMatches(undefined, t)).toBe(false);
    expect(t.id).toMatch(/^token:[0-9a-f]{12}$/);
  });

  it('reads the first line of the token file, refusing a missing, short or empty one', () => {
    const p = join(root, 'token');
    writeFileSync(p, 'abcdefghijklmnopqrstuvwxyz\nsecond line\n');
    expect(readTokenFile(p).id).toBe(tokenOf('abcdefghijklmnopqrstuvwxyz').id);
    writeFileSync(p, 'short\n');
    expect(() => readTokenFile(p)).toThrow(/is 5 characters/);
    writeFileSync(p, '\n');
    expect(() => readTokenFile(p)).toThrow(/is empty/);
    expect(() => readTokenFile(join(root, 'none'))).toThrow(expect.objectContaining({ code: 'TOKEN_FILE_INVALID', exitCode: 2 }));
    expect(() => readTokenFile(root)).toThrow(/not a file/);
  });
});
