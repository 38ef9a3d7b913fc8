import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceDirectory, tempPathFor as siblingTempPath, writeFileAtomicSync as writeFileAtomic } from './atomic-write.js';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'rollq-atomic-'));
}

describe('atomic writes', () => {
  it('writeFileAtomic replaces a file and leaves no temp file', () => {
    const dir = scratch();
    writeFileAtomic(join(dir, 'a', 'x.txt'), 'one');
    writeFileAtomic(join(dir, 'a', 'x.txt'), 'two');
    expect(readFileSync(join(dir, 'a', 'x.txt'), 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'a'))).toEqual(['x.txt']);
  });

  it('siblingTempPath gives distinct hidden names in the same folder', () => {
    const a = siblingTempPath('/data/qlib', 'build');
    const b = siblingTempPath('/data/qlib', 'build');
    expect(a).not.toBe(b);
    expect(a.startsWith('/data/.qlib.rollq-build-')).toBe(true);
  });

  it('replaceDirectory moves a built dir into place, replacing the old one', () => {
    const dir = scratch();
    const target = join(dir, 'target');
    for (const [d, text] of [
      [target, 'old'],
      [join(dir, 'built'), 'new'],
    ] as const) {
      mkdirSync(d);
      writeFileSync(join(d, 'f.txt'), text);
    }
    replaceDirectory(join(dir, 'built'), target);
    expect(readFileSync(join(target, 'f.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['target']);
  });

  it('replaceDirectory puts the original back when the new dir cannot be moved in', () => {
    const dir = scratch();
    const target = join(dir, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'f.txt'), 'old');
    expect(() => replaceDirectory(join(dir, 'never-built'), target)).toThrow(/ENOENT/);
    expect(readFileSync(join(target, 'f.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['target']);
    expect(existsSync(join(dir, 'never-built'))).toBe(false);
  });
});
