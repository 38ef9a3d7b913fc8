import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings for every workspace project. Tests resolve workspace packages to their
 * TypeScript sources through the `@rollq/source` export condition, so no build is needed first.
 */
export function rollqVitestConfig(opts: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { conditions: ['@rollq/source'] },
    ssr: { resolve: { conditions: ['@rollq/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: opts.testTimeout ?? 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: 2,
    },
  });
}
