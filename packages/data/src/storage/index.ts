// Public exports of storage/ (explicit names; re-exported by src/index.ts).
export { siblingTempPath, writeFileAtomic, replaceDirectory } from './atomic.js';
export { formatCalendarFile, writeCalendar, writeInstruments, featurePath, writeFeature } from './qlib-writer.js';
export { symbolToFolder, folderToSymbol } from './symbol-folder.js';
export * from '../import/index.js';
