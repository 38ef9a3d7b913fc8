import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { releaseBuffers } from './release-buffers.js';

describe('releaseBuffers', () => {
  it('detaches the arrays and their views, and their memory goes without a garbage collection', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const x = new Float32Array(64 * 1024 * 1024).fill(1); // 256 MiB
    const view = x.subarray(10, 20);
    const y = new Float32Array(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(250 * 1024 * 1024);
    releaseBuffers([x, view, y]);
    expect([x.length, view.length, y.length]).toEqual([0, 0, 0]);
    await sleep(50);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('leaves a buffer it cannot transfer as it is', () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    shared[0] = 3;
    releaseBuffers([shared]);
    expect(shared[0]).toBe(3);
  });
});
