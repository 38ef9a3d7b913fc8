import { describe, expect, it } from 'vitest';
import { folderToSymbol, MAX_FOLDER_BYTES, symbolProblem, symbolToFolder } from './symbol-folder.js';

describe('symbol folders (Qlib code_to_fname, plus percent-encoding of unsafe characters)', () => {
  it('lower-cases symbols and prefixes Windows-reserved names, alone or before a dot', () => {
    expect(symbolToFolder('BRK.B')).toBe('brk.b');
    expect(symbolToFolder('^GSPC')).toBe('^gspc');
    expect(symbolToFolder('SH600000')).toBe('sh600000');
    expect(symbolToFolder('CON')).toBe('_qlib_con');
    expect(symbolToFolder('COM1')).toBe('_qlib_com1');
    expect(symbolToFolder('NUL.X')).toBe('_qlib_nul.x');
    expect(symbolToFolder('CONX')).toBe('conx');
  });

  it('maps folders back, removing only the exact prefix of a reserved name', () => {
    expect(folderToSymbol('_qlib_con')).toBe('con');
    expect(folderToSymbol('SH600000')).toBe('sh600000');
    expect(folderToSymbol('_qlib_lib')).toBe('_qlib_lib');
    expect(folderToSymbol('100%')).toBe('100%'); // not an escape this rule writes: read literally
    expect(folderToSymbol('a%ff')).toBe('a%ff'); // not valid UTF-8: read literally
  });

  it('percent-encodes separators, dots at the ends, % and other unsafe characters into one path component', () => {
    expect(symbolToFolder('BRK/B')).toBe('brk%2fb');
    expect(symbolToFolder('A\\B')).toBe('a%5cb');
    expect(symbolToFolder('..')).toBe('%2e%2e');
    expect(symbolToFolder('.')).toBe('%2e');
    expect(symbolToFolder('.INX')).toBe('%2einx');
    expect(symbolToFolder('ABC.')).toBe('abc%2e');
    expect(symbolToFolder('A%B')).toBe('a%25b');
    expect(symbolToFolder('A:B*?"<>|')).toBe('a%3ab%2a%3f%22%3c%3e%7c');
    expect(symbolToFolder('A\u0001')).toBe('a%01');
    expect(symbolToFolder('中国')).toBe('%e4%b8%ad%e5%9b%bd');
    expect(symbolToFolder('_QLIB_CON')).toBe('%5fqlib_con');
    expect(symbolToFolder('../../../../elsewhere/PWNED')).toBe('%2e.%2f..%2f..%2f..%2felsewhere%2fpwned');
  });

  it('is reversible: every folder is one safe component and decodes to the lower-case symbol', () => {
    const symbols = [
      'AAPL',
      'BRK/B',
      '../../../../elsewhere/PWNED',
      '..',
      '.',
      'A\\B',
      'A%2FB',
      'CON',
      'CON.B',
      '_QLIB_CON',
      '_QLIB_LIB',
      'X:Y',
      'A\u0001B',
      '中国',
      '😀',
    ];
    for (const s of symbols) {
      const folder = symbolToFolder(s);
      expect(folder, s).not.toMatch(/[/\\:*?"<>|\s\p{Cc}]|^\.|\.$/u);
      expect(folder, s).toMatch(/^[\x21-\x7e]+$/); // printable ASCII only
      expect(folderToSymbol(folder), s).toBe(s.toLowerCase());
      expect(folderToSymbol(folder.toUpperCase()), s).toBe(s.toLowerCase()); // on a case-insensitive copy too
    }
  });

  it('names what makes a symbol unstorable: empty, whitespace or control characters, too long', () => {
    expect(symbolProblem('BRK/B')).toBeUndefined();
    expect(symbolProblem('')).toMatch(/empty/);
    expect(symbolProblem('BRK B')).toMatch(/whitespace or a control character/);
    expect(symbolProblem('A\tB')).toMatch(/whitespace/);
    expect(symbolProblem('A\u0000B')).toMatch(/control character/);
    expect(symbolProblem('A'.repeat(MAX_FOLDER_BYTES))).toBeUndefined();
    expect(symbolProblem('/'.repeat(90))).toMatch(/folder name would be 270 bytes long \(at most 255\)/);
  });
});
