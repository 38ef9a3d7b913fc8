import { QlibProvider } from '@rollq/data';
import { cnQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { TimeAdjuster } from './time-adjuster.js';

const cn = cnQlibDir();

describe.skipIf(!cn.dir)(`TimeAdjuster on the real CN calendar${cn.reason ? ` (${cn.reason})` : ''}`, () => {
  it("matches Qlib's align_seg docstring case (the shipped data starts in 2010, so train starts there)", () => {
    const ta = new TimeAdjuster(QlibProvider.open(cn.dir!).calendar);
    expect(
      ta.alignSegments({ train: ['2008-01-01', '2014-12-31'], valid: ['2015-01-01', '2016-12-31'], test: ['2017-01-01', '2020-08-01'] }),
    ).toEqual({
      train: ['2010-01-04', '2014-12-31'],
      valid: ['2015-01-05', '2016-12-30'],
      test: ['2017-01-03', '2020-07-31'],
    });
  });
});
