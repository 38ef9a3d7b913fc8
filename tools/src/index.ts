export { cacheDir, cnQlibDir, repoRoot, sharedDataDir, shippedDataDir } from './fixtures.js';
export { usQlibDir } from './us-data.js';
