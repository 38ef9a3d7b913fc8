import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenProvider, goldenSignal } from '../../test/golden-data.js';
import { Signal } from '../signal/signal.js';
import { closeReturnLabel } from './label.js';
import { signalMetrics } from './signal-metrics.js';
import { SignalMetricsThread } from './signal-metrics-thread.js';

describe('Signal.pack / unpack', () => {
  it('gives back every day, in order, with the same rows', () => {
    const signal = goldenSignal();
    const back = Signal.unpack(signal.pack());
    expect(back.symbols).toEqual(signal.symbols);
    expect(back.positions()).toEqual(signal.positions());
    for (const p of signal.positions()) expect(back.day(p)).toEqual(signal.day(p));
  });
});

describe('SignalMetricsThread', () => {
  it("computes on its thread exactly what signalMetrics gives here, over a window's positions", async () => {
    const provider = goldenProvider();
    const signal = goldenSignal();
    const positions = signal.positions().slice(3, 20);
    const expected = signalMetrics(signal, closeReturnLabel(provider), positions);
    const expectedAll = signalMetrics(signal, closeReturnLabel(provider));
    expect(Number.isFinite(expected.summary.IC)).toBe(true);
    // nothing can be read on this thread any more: only the thread's own provider can deliver
    provider.loadField = () => {
      throw new Error('read on the calling thread');
    };
    const thread = SignalMetricsThread.start();
    try {
      const m = await thread.evaluate(provider, signal, positions);
      expect(m).toEqual(expected);
      // a second request on the same thread
      expect((await thread.evaluate(provider, signal)).summary).toEqual(expectedAll.summary);
    } finally {
      await thread.close();
    }
  }, 30_000);

  it('falls back to the calling thread when its thread cannot read the data', async () => {
    const provider = goldenProvider();
    const signal = goldenSignal();
    const expected = signalMetrics(signal, closeReturnLabel(provider)); // the close series are cached here now
    rmSync(provider.root, { recursive: true, force: true }); // the thread opens the folder itself: it fails
    const thread = SignalMetricsThread.start();
    try {
      expect(await thread.evaluate(provider, signal)).toEqual(expected);
    } finally {
      await thread.close();
    }
  }, 30_000);
});
