import { describe, expect, it } from 'vitest';
import { ensureTfBackend, setTfBackendLog } from './backend.js';

describe('ensureTfBackend', () => {
  it('reports the backend it started once, to the log the caller set (nothing is written to the terminal)', async () => {
    const lines: string[] = [];
    setTfBackendLog((m) => lines.push(m));
    try {
      const name = await ensureTfBackend();
      await ensureTfBackend();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^TensorFlow\\.js backend: ${name}`));
    } finally {
      setTfBackendLog(null);
    }
  });
});
