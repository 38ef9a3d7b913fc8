export { repoRoot, shippedDataDir, sharedDataDir, cacheDir, cnQlibDir } from './fixtures.js';
