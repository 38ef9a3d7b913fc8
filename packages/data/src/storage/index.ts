// Public exports of storage/ (explicit names; re-exported by src/index.ts).

export * from '../import/index.js';
export { featurePath, formatCalendarFile, writeCalendar, writeFeature, writeInstruments } from './qlib-writer.js';
export { folderToSymbol, symbolToFolder } from './symbol-folder.js';
