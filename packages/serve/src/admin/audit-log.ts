import { open } from 'node:fs/promises';
import { ServeError } from '../errors.js';

/** One line of the audit log. */
export interface AuditEntry {
  /** ISO time. */
  time: string;
  /** Who: the token's id (`token:<first 12 hex of its sha256>`) and the caller's address, or `watcher` for a swap the service read itself. */
  who: { token: string | null; remote: string | null } | 'watcher';
  /** What: `reload`, `rollback`, `swap` (a new online set read from a commit). */
  action: string;
  params?: Record<string, unknown>;
  outcome: 'ok' | 'error';
  error?: string;
  /** Online sets (strategy → recorder ids) before and after, and the commits. */
  before: { commit: number | null; online: Record<string, readonly string[]> | null };
  after: { commit: number | null; online: Record<string, readonly string[]> | null };
}

/**
 * A log of JSON lines, appended. Each line is written by one `write` on a file opened with O_APPEND, so
 * concurrent writers (two servers on one state) never interleave within a line and a crash leaves at most a
 * last line cut short, which {@link parseAuditLog} skips. Appends from this process are serialised.
 */
export class JsonLinesLog<T> {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly what: string,
  ) {}

  append(entry: T): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const run = this.queue.then(async () => {
      let fh: Awaited<ReturnType<typeof open>> | undefined;
      try {
        fh = await open(this.path, 'a');
        await fh.write(line);
        await fh.sync();
      } catch (e) {
        throw new ServeError('LOG_WRITE_FAILED', `cannot append to the ${this.what} ${this.path}: ${(e as Error).message}`, {
          hint: 'check that the state folder is writable',
          cause: e,
        });
      } finally {
        await fh?.close();
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }
}

/** The audit log: one JSON line per admin call and model swap. */
export class AuditLog extends JsonLinesLog<AuditEntry> {
  constructor(path: string) {
    super(path, 'audit log');
  }
}

/** Reads the complete lines of a JSON-lines log (a line cut short by a crash is skipped). */
export function parseAuditLog<T = AuditEntry>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // an incomplete last line
    }
  }
  return out;
}
