// Public exports of import/ (CSV → Qlib data directory), re-exported through storage/index.ts.
export { importCsv } from './import-csv.js';
export type { ImportResult } from './import-csv.js';
export { ImportCsvOptionsSchema, parseImportOptions } from './options.js';
export type { ImportCsvOptions, ResolvedImportOptions, ImportProgress } from './options.js';
export { importUsDemo, findUsDemoData, US_DEMO_FILES, US_DEMO_BENCHMARK } from './us-demo.js';
