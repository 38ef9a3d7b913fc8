import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { trimNativeHeap } from './native-heap.js';

const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

describe('trimNativeHeap', () => {
  it("gives the free pages of a finished thread's arena back to the system", async () => {
    // a worker fills its own malloc arena with 4000 blocks of 64 KB (below the mmap threshold) and exits:
    // glibc keeps the ~250 MB of pages for the next thread on that arena until they are trimmed
    const src = 'const a = []; for (let i = 0; i < 4000; i++) a.push(new Float64Array(8000).fill(i)); globalThis.keep = a;';
    await new Promise<void>((resolve, reject) => {
      const w = new Worker(src, { eval: true });
      w.on('exit', () => resolve());
      w.on('error', reject);
    });
    const held = rssMiB();
    trimNativeHeap();
    expect(held - rssMiB()).toBeGreaterThan(100);
  });
});
