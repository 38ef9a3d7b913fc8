export { repoRoot, shippedDataDir, sharedDataDir, cacheDir, cnQlibDir } from './fixtures.js';
export { usQlibDir } from './us-data.js';
