import { describe, expect, it } from 'vitest';
import { splitCsvLine } from './csv-split.js';

describe('splitCsvLine', () => {
  it('splits plain lines, keeping empty cells', () => {
    expect(splitCsvLine('2017-07-26,,,,69.0842,3,BHF')).toEqual(['2017-07-26', '', '', '', '69.0842', '3', 'BHF']);
  });
  it('handles quoted cells with commas and doubled quotes', () => {
    expect(splitCsvLine('"a,b",1,"say ""hi""",')).toEqual(['a,b', '1', 'say "hi"', '']);
  });
});
