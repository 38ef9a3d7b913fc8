import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { usQlibDir } from '@rollq/tools';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { businessDays, writeSyntheticProvider } from '../expr/testing/synthetic-provider.js';
import { alpha158 } from '../handler/alpha158.js';
import { handlerColumns } from '../handler/resolve-handler.js';
import { QlibProvider } from '../storage/qlib-provider.js';
import { computeFeatures, type FeatureProgress } from './compute-features.js';
import { computeFeaturesParallel, FEATURE_THREADS_ENV, featureThreads } from './parallel-features.js';

describe('computeFeaturesParallel', () => {
  it('gives the frame computeFeatures gives, bit for bit, on the shipped US panel (Alpha158, 40 symbols, 2 threads)', async () => {
    const provider = QlibProvider.open(await usQlibDir());
    // 40 symbols (5 chunks per thread), half a year: enough to run on both threads, quick from the sources
    const instruments = [...provider.listInstruments('all', 0, provider.calendar.length - 1).keys()].sort().slice(0, 40);
    const query = { fields: handlerColumns(alpha158()), instruments, start: '2016-01-04', end: '2016-06-30' };
    const serial = computeFeatures(provider, query);
    const seen: FeatureProgress[] = [];
    const parallel = await computeFeaturesParallel(provider, { ...query, onProgress: (p) => seen.push(p) }, { threads: 2 });
    expect(parallel.columns).toEqual(serial.columns);
    expect(parallel.instruments).toEqual(serial.instruments);
    expect(parallel.rowDate).toEqual(serial.rowDate);
    expect(parallel.rowInstrument).toEqual(serial.rowInstrument);
    expect(serial.rowDate.length).toBe(40 * 125); // every symbol on every day of 2016 H1
    expect(parallel.values[0]!.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (let c = 0; c < serial.columns.length; c++) {
      // NaN-aware, bit-level: the same float32 in every cell
      expect(new Uint32Array(parallel.values[c]!.buffer)).toEqual(new Uint32Array((serial.values[c] as Float32Array).buffer));
    }
    expect(seen.at(-1)).toEqual({ instruments: serial.instruments.length, total: serial.instruments.length, rows: serial.rowDate.length });
  });

  it("a thread's error reaches the caller as the DataError it threw (the folder gone after the layout)", async () => {
    const dates = businessDays('2020-01-01', 30);
    const symbols = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`S${i}`, { fields: { close: dates.map((_, d) => 10 + i + d) } }]),
    );
    const provider = writeSyntheticProvider(dates, symbols);
    provider.loadField('S0', 'close'); // the calling thread has read what it needs
    rmSync(join(provider.root, 'calendars'), { recursive: true });
    const run = computeFeaturesParallel(provider, { fields: [{ name: 'M', expr: 'Mean($close, 5)' }], instruments: 'all' }, { threads: 2 });
    await expect(run).rejects.toBeInstanceOf(DataError);
    await expect(run).rejects.toMatchObject({ code: 'PROVIDER_NOT_FOUND' });
  });

  it('ROLLQ_FEATURE_THREADS sets the thread count; a bad value names the variable', () => {
    expect(featureThreads({ [FEATURE_THREADS_ENV]: '3' })).toBe(3);
    expect(featureThreads({})).toBeGreaterThanOrEqual(1);
    expect(() => featureThreads({ [FEATURE_THREADS_ENV]: 'two' })).toThrow(/ROLLQ_FEATURE_THREADS=two is not a positive integer/);
  });
});
