import { describe, expect, it } from 'vitest';
import { clampSegmentsToCalendar } from './clamp-segments.js';

describe('clampSegmentsToCalendar', () => {
  const cal = ['2018-01-02', '2018-01-03', '2018-02-07'];
  it('closes open and overhanging ends on the calendar, as pandas slicing does in Qlib', () => {
    expect(
      clampSegmentsToCalendar({ train: [null, '2018-01-02'], test: ['2018-01-03', null], late: ['2018-01-03', '2018-03-30'] }, cal),
    ).toEqual({
      train: ['2018-01-02', '2018-01-02'],
      test: ['2018-01-03', '2018-02-07'],
      late: ['2018-01-03', '2018-02-07'],
    });
  });
  it('leaves a start after the data for the dataset to reject', () => {
    expect(clampSegmentsToCalendar({ test: ['2019-01-02', null] }, cal).test).toEqual(['2019-01-02', '2018-02-07']);
  });
});
