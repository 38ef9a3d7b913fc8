import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * Streams a text file (gzip-decompressed when it ends in `.gz`) and calls `onLine` for each line with its
 * 1-based line number. Lines are split on `\n` with a trailing `\r` removed. Streaming keeps memory flat
 * whatever the file size; a synchronous callback per line is the cheapest way to hand lines over.
 */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  const raw = createReadStream(path);
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  // a gunzip error (corrupt file) surfaces on the piped stream, a read error on the raw one
  raw.on('error', (e) => stream.destroy(e));
  stream.setEncoding('utf8');
  let rest = '';
  let lineNo = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let from = 0;
    let nl = text.indexOf('\n', from);
    while (nl !== -1) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(from, end), ++lineNo);
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    rest = text.slice(from);
  }
  if (rest.length) onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNo);
}
