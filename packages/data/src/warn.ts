/** A sink for warnings and notes: libraries take one as an option and never write to the terminal themselves. */
export type Warn = (message: string) => void;

/**
 * The one default warning sink of rollq's libraries, for callers that pass no `warn` option: the message
 * as one `rollq: warning: …` line on stderr.
 */
export function defaultWarn(message: string): void {
  process.stderr.write(`rollq: warning: ${message}\n`);
}
