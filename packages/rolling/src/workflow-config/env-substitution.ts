import { RollingError } from '../errors.js';

/** `${VAR}` or `{{ VAR }}` (Qlib renders the file as a Jinja template; only plain variables are supported). */
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces environment references in a workflow file's text before YAML parsing, as Qlib does with
 * Jinja. Whole-line comments are left alone so a commented-out example cannot fail the load. Every
 * unset variable is reported at once, with its `file:line:col`.
 */
export function substituteEnv(text: string, file: string, env: Readonly<Record<string, string | undefined>>): string {
  const missing: string[] = [];
  const names = new Set<string>();
  const lines = text.split('\n');
  const out = lines.map((line, li) => {
    if (/^\s*#/.test(line)) return line;
    return line.replace(ENV_REF, (match, a: string | undefined, b: string | undefined, col: number) => {
      const name = (a ?? b)!;
      const value = env[name];
      if (value === undefined) {
        missing.push(`${file}:${li + 1}:${col + 1}: ${match} (${name} is not set)`);
        names.add(name);
        return match;
      }
      return value;
    });
  });
  if (missing.length > 0) {
    const list = [...names];
    throw new RollingError(
      'CONFIG_ENV_MISSING',
      `environment variable${list.length > 1 ? 's' : ''} ${list.join(', ')} not set, used in the workflow:\n  ${missing.join('\n  ')}`,
      {
        hint: `set ${list.map((n) => `${n}=…`).join(' ')} in the environment before running, or write the value into the file`,
        details: { variables: list, file },
      },
    );
  }
  return out.join('\n');
}
