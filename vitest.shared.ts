import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const mongoGlobalSetup = fileURLToPath(new URL('./tools/src/mongo/global-setup.ts', import.meta.url));

/**
 * Shared vitest settings for every workspace project. Tests resolve workspace packages to their
 * TypeScript sources through the `@rollq/source` export condition, so no build is needed first.
 * `mongo: true` gives the project a MongoDB server for the run (tools/src/mongo/global-setup.ts:
 * `MONGODB_URL`, or a mongo-java-server it starts and stops); tests read it with `freshMongoUrl()`.
 */
export function rollqVitestConfig(opts: { testTimeout?: number; mongo?: boolean } = {}) {
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
      ...(opts.mongo ? { globalSetup: [mongoGlobalSetup] } : {}),
    },
  });
}
