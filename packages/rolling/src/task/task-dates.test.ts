import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkflowConfig } from '../workflow-config/load-workflow-config.js';
import { parseTask } from './parse-task.js';

const task = (segments: Record<string, unknown>) => ({
  model: { class: 'LGBModel', kwargs: {} },
  dataset: { class: 'DatasetH', kwargs: { handler: { class: 'Alpha158', kwargs: {} }, segments } },
});

describe('task and workflow dates (the one IsoDate of @rollq/data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollq-dates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects an impossible day in a segment instead of rolling it over to the next month', () => {
    expect(() => parseTask(task({ train: ['2016-01-04', '2016-02-30'] }))).toThrow(
      /segments\.train\.1.*expected a date written as YYYY-MM-DD or null \(open end\), got "2016-02-30"/s,
    );
    expect(parseTask(task({ train: ['2016-01-04', '2016-02-29 00:00:00'], test: ['2016-03-01', null] })).dataset.kwargs.segments).toEqual({
      train: ['2016-01-04', '2016-02-29'],
      test: ['2016-03-01', null],
    });
  });

  it('rejects an unquoted impossible YAML day with its file:line:col', () => {
    const file = join(dir, 'bad-day.yaml');
    writeFileSync(
      file,
      [
        'qlib_init: { provider_uri: ./qlib, region: us }',
        'task:',
        '  model: { class: LGBModel }',
        '  dataset:',
        '    class: DatasetH',
        '    kwargs:',
        '      handler: { class: Alpha158 }',
        '      segments: { train: [2016-01-04, 2016-02-30], test: [2016-03-01, 2016-03-31] }',
        '',
      ].join('\n'),
    );
    expect(() => loadWorkflowConfig(file)).toThrow(
      `${file}:8:39: task.dataset.kwargs.segments.train.1: expected a date written as YYYY-MM-DD or null (open end), got "2016-02-30"`,
    );
  });
});
