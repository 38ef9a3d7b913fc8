import { join } from 'node:path';
import type { LoadedWorkflow } from '@rollq/rolling';
import { DirectoryRecorderStore, type RecorderStore } from '@rollq/workflow';
import { describe, expect, it } from 'vitest';
import { providerDir, recorderLocation } from './run-support.js';

const withUri = (provider_uri: string | Record<string, string>) =>
  ({ config: { qlib_init: { provider_uri } } }) as unknown as LoadedWorkflow;

describe('run support', () => {
  it('one rule for the data folder of provider_uri: the folder, else its day entry, else its first', () => {
    expect(providerDir(withUri('/data/us'))).toBe('/data/us');
    expect(providerDir(withUri({ '1min': '/data/min', day: '/data/day' }))).toBe('/data/day');
    expect(providerDir(withUri({ week: '/data/week' }))).toBe('/data/week');
  });

  it("a recorder's location is the directory store's own folder for it", () => {
    const store = new DirectoryRecorderStore('/runs/mlruns');
    expect(recorderLocation(store, 'workflow', 'abc123')).toBe(store.recorderPath('workflow', 'abc123'));
    expect(recorderLocation(store, 'workflow', 'abc123')).toBe(join('/runs/mlruns', 'workflow', 'abc123'));
    expect(recorderLocation({} as RecorderStore, 'workflow', 'abc123')).toBe('workflow/abc123');
  });
});
