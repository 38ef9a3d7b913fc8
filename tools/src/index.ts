export { cacheDir, cnQlibDir, repoRoot, sharedDataDir, shippedDataDir } from './fixtures.js';
export type { ReadmeExample } from './readme-example.js';
export { readmeExample } from './readme-example.js';
export { sourceFiles } from './source-files.js';
export type { TinyWorkflowOptions } from './tiny-workflow.js';
export { TINY_INSTRUMENTS, tinyWorkflowYaml } from './tiny-workflow.js';
export { usQlibDir } from './us-data.js';
