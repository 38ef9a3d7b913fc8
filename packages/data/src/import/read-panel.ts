import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError } from '../errors.js';
import { type CsvLayout, resolveLayout } from './csv-layout.js';
import { splitCsvLine } from './csv-split.js';
import { forEachLine } from './line-reader.js';
import type { ImportProgress } from './options.js';
import { type Panel, PanelBuilder } from './panel-builder.js';

/** One CSV file to read; `symbol` is set when the symbol comes from the file name. */
export interface CsvInput {
  path: string;
  symbol?: string;
}

const CSV_SUFFIXES = ['.csv.gz', '.csv'];

/**
 * The files behind `--csv`: the file itself, or every `.csv` / `.csv.gz` in a folder in name order with
 * the symbol taken from the file stem (Qlib's dump_all: `AAPL.csv` → AAPL).
 */
export function listCsvInputs(csv: string): CsvInput[] {
  if (!existsSync(csv)) {
    throw new DataError('CSV_INVALID', `CSV input ${csv} does not exist`, {
      hint: 'pass a .csv or .csv.gz file, or a folder of per-symbol CSV files, with --csv',
      details: { file: csv },
    });
  }
  if (!statSync(csv).isDirectory()) return [{ path: csv }];
  const files = readdirSync(csv)
    .filter((f) => CSV_SUFFIXES.some((s) => f.toLowerCase().endsWith(s)))
    .sort();
  if (files.length === 0) {
    throw new DataError('CSV_INVALID', `folder ${csv} holds no .csv or .csv.gz files`, {
      hint: 'put one CSV per symbol in the folder (AAPL.csv, MSFT.csv, …) or pass a single CSV file',
      details: { file: csv },
    });
  }
  return files.map((f) => {
    const suffix = CSV_SUFFIXES.find((s) => f.toLowerCase().endsWith(s))!;
    return { path: join(csv, f), symbol: basename(f).slice(0, -suffix.length).trim().toUpperCase() };
  });
}

/** How to read the CSV columns and which rows to keep. */
export interface ReadPanelRequest {
  symbolField?: string;
  dateField?: string;
  fields?: string[];
  /** One symbol for every row of a single file (`--symbol`). */
  symbol?: string;
  start?: string;
  end?: string;
  onProgress?: (p: ImportProgress) => void;
}

const PROGRESS_EVERY = 50_000;

/**
 * {@link forEachLine} with the file's own failures (a corrupt or truncated gzip stream, an unreadable file)
 * turned into CSV_INVALID naming the file; errors of the line callback pass through as they are.
 */
async function readLines(path: string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  let lastLine = 0;
  try {
    await forEachLine(path, (line, lineNo) => {
      lastLine = lineNo;
      onLine(line, lineNo);
    });
  } catch (e) {
    if (e instanceof DataError) throw e;
    const err = e as NodeJS.ErrnoException;
    const gz = path.toLowerCase().endsWith('.gz');
    let problem: string;
    let hint: string;
    if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) {
      problem =
        lastLine === 0
          ? 'is empty or truncated: its gzip stream ends before the first line'
          : `is truncated: its gzip stream ends early, after line ${lastLine}`;
      hint = 'the file was cut off (an interrupted download or copy): fetch it again';
    } else if (gz && (err.code?.startsWith('Z_') || /header check|invalid/i.test(err.message))) {
      problem = `is not a valid gzip file (${err.message})`;
      hint = 'a .gz file must be gzip-compressed: compress it with gzip, or drop the .gz from its name if it is plain CSV';
    } else {
      problem = `cannot be read (${err.code ?? 'error'}: ${err.message})`;
      hint = 'check that the file exists and is readable';
    }
    throw new DataError('CSV_INVALID', `${path} ${problem}`, { hint, details: { file: path, line: lastLine }, cause: e });
  }
}

/** Streams and validates every input file into one panel; throws on the first bad cell (file, line, column). */
export async function readPanel(inputs: CsvInput[], req: ReadPanelRequest): Promise<Panel> {
  const builder = new PanelBuilder({ start: req.start, end: req.end });
  for (const input of inputs) {
    const fixedSymbol = req.symbol?.toUpperCase() ?? input.symbol;
    let layout: CsvLayout | undefined;
    await readLines(input.path, (line, lineNo) => {
      if (layout === undefined) {
        // the first line is the header, even when blank (then the date column is reported missing)
        layout = resolveLayout(splitCsvLine(line.replace(/^\uFEFF/, '')), input.path, {
          symbolField: req.symbolField,
          dateField: req.dateField,
          fields: req.fields,
          needSymbol: fixedSymbol === undefined,
        });
        builder.beginFile(layout, input.path);
        return;
      }
      if (line.length === 0) return;
      builder.addRow(splitCsvLine(line), layout, input.path, lineNo, fixedSymbol);
      if (req.onProgress && lineNo % PROGRESS_EVERY === 0) req.onProgress({ phase: 'read', file: input.path, rows: builder.rows });
    });
    if (layout === undefined) {
      throw new DataError('CSV_INVALID', `${input.path} is empty (no header line)`, {
        hint: 'the first line must name the columns, e.g. date,open,high,low,close,volume,symbol',
        details: { file: input.path, line: 1 },
      });
    }
    req.onProgress?.({ phase: 'read', file: input.path, rows: builder.rows });
  }
  const panel = builder.finish();
  if (panel.rows === 0) {
    throw new DataError(
      'CSV_INVALID',
      `no data rows to import from ${inputs.map((i) => i.path).join(', ')}${req.start || req.end ? ` between ${req.start ?? '…'} and ${req.end ?? '…'}` : ''}`,
      {
        hint: 'check the file and the --start/--end range',
        details: { files: inputs.map((i) => i.path) },
      },
    );
  }
  return panel;
}
