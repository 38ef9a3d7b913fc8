import { Calendar } from '@rollq/data';
import { addDays, format, isWeekend, parseISO } from 'date-fns';
import { parseTask } from '../src/task/parse-task.js';
import type { TaskConfig } from '../src/task/task-schema.js';

/**
 * The research notes' "weekday calendar 2020": Monday to Friday, 2020-01-01..2020-12-31, no holidays
 * (262 days; idx 01-01 = 0, 05-01 = 87, 12-31 = 261).
 */
export function weekdayCalendar2020(): Calendar {
  const dates: string[] = [];
  for (let d = parseISO('2020-01-01'); d.getFullYear() === 2020; d = addDays(d, 1)) {
    if (!isWeekend(d)) dates.push(format(d, 'yyyy-MM-dd'));
  }
  return new Calendar(dates);
}

/** The §2.5 template: train 01-01..03-31, valid 04-01..04-30, test 05-01..08-31, handler to 06-30. */
export function template(
  segments: Record<string, [string | null, string | null]> = {
    train: ['2020-01-01', '2020-03-31'],
    valid: ['2020-04-01', '2020-04-30'],
    test: ['2020-05-01', '2020-08-31'],
  },
  handlerEnd: string | null = '2020-06-30',
): TaskConfig {
  return parseTask({
    model: { class: 'LGBModel', kwargs: { loss: 'mse' } },
    dataset: {
      class: 'DatasetH',
      kwargs: {
        handler: { class: 'Alpha158', kwargs: { start_time: '2020-01-01', end_time: handlerEnd, instruments: 'csi300' } },
        segments,
      },
    },
    record: [{ class: 'SignalRecord', kwargs: { model: '<MODEL>', dataset: '<DATASET>' } }],
  });
}

/** Segments of a task, for compact assertions. */
export function segs(t: TaskConfig): Record<string, [string | null, string | null]> {
  return t.dataset.kwargs.segments;
}

/** The handler's end_time of a task. */
export function handlerEnd(t: TaskConfig): unknown {
  const h = t.dataset.kwargs.handler;
  return typeof h === 'string' ? h : h.kwargs.end_time;
}
