import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { endProgress, note, progress, progressDone, progressSteps, renderFeatureProgress, renderProgress } from './progress.js';

let err = '';
let run = 0;
const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
beforeEach(() => {
  err = '';
  vi.useFakeTimers({ now: 1_000_000 + 60_000 * ++run }); // the renderer's rate limit is module state
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
});
afterEach(() => {
  endProgress();
  vi.useRealTimers();
  vi.restoreAllMocks();
  if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
});

function onTerminal(on: boolean): void {
  Object.defineProperty(process.stderr, 'isTTY', { value: on, configurable: true });
}

describe('progress on stderr', () => {
  it('off a terminal: plain lines, at most one per 500 ms unless forced', () => {
    onTerminal(false);
    progress('a');
    progress('b');
    vi.advanceTimersByTime(600);
    progress('c');
    progress('d', true);
    expect(err).toBe('a\nc\nd\n');
  });

  it('on a terminal: one line redrawn in place, ended before a note', () => {
    onTerminal(true);
    progress('step 1', true);
    progress('step 2', true);
    note('done');
    expect(err).toBe('\r\x1b[Kstep 1\r\x1b[Kstep 2\ndone\n');
  });

  it('counted steps: off a terminal one line per tenth, on a terminal the last one forced', () => {
    onTerminal(false);
    const step = progressSteps();
    for (let i = 1; i <= 40; i++) step(`writing ${i}/40`, i, 40);
    expect(err.trim().split('\n')).toEqual(['writing 1/40', ...[4, 8, 12, 16, 20, 24, 28, 32, 36, 40].map((i) => `writing ${i}/40`)]);
    err = '';
    onTerminal(true);
    vi.advanceTimersByTime(600);
    const step2 = progressSteps();
    step2('w 1/2', 1, 2);
    step2('w 2/2', 2, 2);
    expect(err).toBe('\r\x1b[Kw 1/2\r\x1b[Kw 2/2');
  });

  it("the feature engine's report and a task run's events, as the lines they always were", () => {
    onTerminal(false);
    renderProgress({ kind: 'dataset', progress: { stage: 'computing 158 Alpha158 features + 1 label', current: 0, total: 1 } });
    vi.advanceTimersByTime(1000);
    renderFeatureProgress({ instruments: 3, total: 12 });
    renderProgress({
      kind: 'dataset',
      progress: { stage: 'features', current: 12, total: 12, features: { instruments: 12, total: 12, rows: 240 } },
    });
    renderProgress({ kind: 'record', record: 'SignalRecord' });
    progressDone('import: writing 2/2 symbols');
    expect(err).toBe(
      'dataset: computing 158 Alpha158 features + 1 label\nfeatures: 3/12 instruments\nfeatures: 12/12 instruments, 240 rows\nrecord: SignalRecord\nimport: writing 2/2 symbols\n',
    );
  });
});
