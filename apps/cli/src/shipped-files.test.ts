import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_DATA_ENV, demoDataDir, EXAMPLE_WORKFLOWS, EXAMPLES_ENV, examplesDir } from './shipped-files.js';

afterEach(() => vi.unstubAllEnvs());

describe('shipped files', () => {
  it("are found in the package's own examples/ and data/ folders", () => {
    vi.stubEnv(EXAMPLES_ENV, '');
    vi.stubEnv(DEMO_DATA_ENV, '');
    const pkg = join(import.meta.dirname, '..');
    expect(examplesDir()).toBe(join(pkg, 'examples'));
    expect(demoDataDir()).toBe(join(pkg, 'data'));
  });

  it('an env var points elsewhere; a folder without the files is a CONFIG_INVALID error naming the var', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollq-shipped-'));
    try {
      vi.stubEnv(EXAMPLES_ENV, dir);
      expect(() => examplesDir()).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', hint: expect.stringContaining(EXAMPLES_ENV) }));
      for (const f of Object.values(EXAMPLE_WORKFLOWS)) writeFileSync(join(dir, f), 'x');
      expect(examplesDir()).toBe(dir);
      vi.stubEnv(DEMO_DATA_ENV, dir);
      expect(() => demoDataDir()).toThrow(/the US demo data not found: .* has no all_stocks_5yr\.csv\.gz, sp500_index_gspc/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
