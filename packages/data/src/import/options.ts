import { z } from 'zod';
import { IsoDate } from '../calendar/dates.js';
import { formatIssues, parseOrThrow } from '../errors.js';

/** Progress of an import, reported through `onProgress` (the CLI renders it on stderr). */
export type ImportProgress = { phase: 'read'; file: string; rows: number } | { phase: 'write'; symbols: number; totalSymbols: number };

/** Options of `importCsv`, Qlib's `dump_bin.py dump_all | dump_update` rebuilt. */
export const ImportCsvOptionsSchema = z
  .strictObject({
    csv: z
      .string()
      .min(1)
      .describe('a .csv, a .csv.gz, or a folder of per-symbol .csv/.csv.gz files (symbol = file stem, as Qlib dump_all)'),
    out: z.string().min(1).describe('target Qlib data directory; created, or replaced atomically (mode all) / extended (mode update)'),
    symbolField: z
      .string()
      .min(1)
      .optional()
      .describe(
        'column holding the symbol; default: the first of symbol, Name, ticker, code present (not needed for a folder or with `symbol`)',
      ),
    dateField: z.string().min(1).optional().describe('column holding the date; default: `date`, else `Date`'),
    fields: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('columns to store (lower-cased on disk); default: every column except the date and symbol columns'),
    mode: z
      .enum(['all', 'update'])
      .default('all')
      .describe('`all` writes a fresh directory (dump_all); `update` appends new days to an existing one (dump_update); default `all`'),
    symbol: z.string().min(1).optional().describe('treat the single file as this one symbol (e.g. ^GSPC); default: none'),
    start: IsoDate.optional().describe('keep only rows on or after this date; default: no limit'),
    end: IsoDate.optional().describe('keep only rows on or before this date; default: no limit'),
    market: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'a market name is letters, digits, _ . -')
      .optional()
      .describe('also write instruments/<market>.txt listing the imported symbols; default: only all.txt'),
    onProgress: z
      .custom<(p: ImportProgress) => void>((v) => typeof v === 'function', 'onProgress must be a function')
      .optional()
      .describe('called with rows read and symbols written; default: silent'),
    lockTimeoutMs: z
      .number()
      .int()
      .min(0)
      .default(30_000)
      .describe('how long to wait for another import writing the same `out` (one writer per data folder); default 30 000 ms'),
    warn: z
      .custom<(message: string) => void>((v) => typeof v === 'function', 'warn must be a function')
      .optional()
      .describe('receives notes: waiting for another import, leftovers of an interrupted one repaired; default: defaultWarn (stderr)'),
  })
  .refine((o) => !(o.start && o.end && o.start > o.end), { message: 'start is after end', path: ['start'] });

/** Options as a caller passes them (defaults not yet applied). */
export type ImportCsvOptions = z.input<typeof ImportCsvOptionsSchema>;
/** Options after validation, defaults applied. */
export type ResolvedImportOptions = z.output<typeof ImportCsvOptionsSchema>;

/** Validates import options once at the edge; a bad one becomes CONFIG_INVALID naming the option. */
export function parseImportOptions(input: unknown): ResolvedImportOptions {
  return parseOrThrow(ImportCsvOptionsSchema, input, {
    code: 'CONFIG_INVALID',
    what: 'import options',
    hint: 'see `rollq data import --help` for the accepted options and their defaults',
    message: (issues) => `import option ${formatIssues(issues)}`,
  });
}
