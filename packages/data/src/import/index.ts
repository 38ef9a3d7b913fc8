// Public exports of import/ (CSV → Qlib data directory), re-exported through storage/index.ts.

export type { ImportResult } from './import-csv.js';
export { importCsv } from './import-csv.js';
export type { ImportCsvOptions, ImportProgress, ResolvedImportOptions } from './options.js';
export { ImportCsvOptionsSchema, parseImportOptions } from './options.js';
export type { ImportUsDemoOnceOptions } from './us-demo.js';
export { findUsDemoData, importUsDemo, importUsDemoOnce, US_DEMO_BENCHMARK, US_DEMO_FILES } from './us-demo.js';
