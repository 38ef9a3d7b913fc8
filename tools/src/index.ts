export { cacheDir, cnQlibDir, repoRoot, sharedDataDir, shippedDataDir } from './fixtures.js';
export type { ReadmeExample } from './readme-example.js';
export { readmeExample } from './readme-example.js';
export { usQlibDir } from './us-data.js';
