import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataError } from '../errors.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A stored feature: `values[k]` belongs to calendar position `start + k` (Qlib `.bin` layout). */
export interface FeatureSeries {
  start: number;
  values: Float32Array;
}

/**
 * Reads a Qlib feature file: little-endian float32, element 0 = start index in the calendar, then one
 * value per calendar day. Values past the calendar's end (a file longer than the calendar) are clipped.
 */
export function readFeatureBin(path: string, calendarLength: number): FeatureSeries {
  // one read into a scratch buffer sized for the calendar (the values past its end are clipped anyway), then
  // one copy of the stored floats (decodeFeatureBin): no Buffer and no fstat per file, where a backtest
  // reads ~2k of them
  const room = 4 * (calendarLength + 2);
  if (scratch.byteLength < room) scratch = new Uint8Array(room);
  const fd = openSync(path, 'r');
  let size: number;
  try {
    size = readSync(fd, scratch, 0, room, 0);
    // a full scratch: the file is longer than the calendar, and its true size decides the check below
    if (size === room) size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  if (size < 4 || size % 4 !== 0) {
    throw new DataError('FEATURE_FILE_INVALID', `${path} is not a Qlib feature file (${size} bytes, not a multiple of 4)`, {
      hint: 're-import this instrument with rollq data import',
    });
  }
  return decodeFeatureBin(scratch.subarray(0, Math.min(size, room)), calendarLength, path);
}

let scratch = new Uint8Array(0);

/** Decodes the bytes of a `.bin` file (see `readFeatureBin`). */
export function decodeFeatureBin(buf: Uint8Array, calendarLength: number, path = '<buffer>'): FeatureSeries {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const start = view.getFloat32(0, true);
  if (!Number.isInteger(start) || start < 0 || start >= calendarLength) {
    throw new DataError('FEATURE_FILE_INVALID', `${path}: start index ${start} is not a position in the ${calendarLength}-day calendar`, {
      hint: 'the feature file does not match calendars/day.txt; re-import the data',
    });
  }
  const n = Math.min(buf.byteLength / 4 - 1, calendarLength - start);
  if (LITTLE_ENDIAN) {
    // the file layout is the machine's own float32 layout: one bulk copy (of an aligned slice) instead of a
    // DataView call per value, ~2x faster (a CSI300 backtest decodes ~2k of these files)
    return { start, values: new Float32Array(buf.buffer.slice(buf.byteOffset + 4, buf.byteOffset + 4 + 4 * n)) };
  }
  const values = new Float32Array(n);
  for (let k = 0; k < n; k++) values[k] = view.getFloat32(4 + 4 * k, true);
  return { start, values };
}

/** Encodes a series in Qlib's `.bin` layout. */
export function encodeFeatureBin(start: number, values: ArrayLike<number>): Uint8Array {
  if (LITTLE_ENDIAN) {
    // the file layout is the machine's own float32 layout: one bulk copy instead of a DataView call per value
    const f32 = new Float32Array(values.length + 1);
    f32[0] = start;
    f32.set(values, 1);
    return new Uint8Array(f32.buffer);
  }
  const out = new Uint8Array(4 * (values.length + 1));
  const view = new DataView(out.buffer);
  view.setFloat32(0, start, true);
  for (let k = 0; k < values.length; k++) view.setFloat32(4 + 4 * k, values[k]!, true);
  return out;
}
