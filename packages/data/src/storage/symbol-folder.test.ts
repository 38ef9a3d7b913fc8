import { describe, expect, it } from 'vitest';
import { folderToSymbol, symbolToFolder } from './symbol-folder.js';

describe('symbol folders (Qlib code_to_fname)', () => {
  it('lower-cases symbols and prefixes Windows-reserved names', () => {
    expect(symbolToFolder('BRK.B')).toBe('brk.b');
    expect(symbolToFolder('CON')).toBe('_qlib_con');
    expect(symbolToFolder('COM1')).toBe('_qlib_com1');
    expect(symbolToFolder('CONX')).toBe('conx');
  });
  it('maps folders back, removing only the exact prefix of a reserved name', () => {
    expect(folderToSymbol('_qlib_con')).toBe('con');
    expect(folderToSymbol('SH600000')).toBe('sh600000');
    expect(folderToSymbol('_qlib_lib')).toBe('_qlib_lib');
  });
});
