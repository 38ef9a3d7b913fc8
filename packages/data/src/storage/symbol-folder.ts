/**
 * Feature folder names: a fixed, reversible mapping from a symbol to one safe path component under
 * `features/`, built on Qlib's `code_to_fname` / `fname_to_code` (qlib/utils/__init__.py) and dump_bin's
 * lower-cased folders. The rule, applied in this order:
 *
 * 1. the symbol is lower-cased (Qlib's dump_bin stores `features/<code lower>/`);
 * 2. every character outside the safe set is percent-encoded as the `%xx` of its UTF-8 bytes (lower-case
 *    hex). Safe are ASCII letters and digits and `! # $ & ' ( ) + , - . ; = @ [ ] ^ _ \` { } ~`, except a
 *    leading or trailing `.`. So `/`, `\`, `:`, `*`, `?`, `"`, `<`, `>`, `|`, `%` itself, spaces, control
 *    characters and non-ASCII are encoded, and a folder name is never `.`, `..`, hidden, or ends in a dot
 *    (which Windows drops): `BRK/B` → `brk%2fb`, `..` → `%2e%2e`;
 * 3. a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, alone or before a dot) gets Qlib's prefix
 *    `_qlib_` (`CON` → `_qlib_con`); a symbol that itself starts with `_qlib_` has that `_` encoded
 *    (`%5fqlib_…`), so the prefix is never ambiguous.
 *
 * Folders written by Qlib (plain lower- or upper-case codes, the `_qlib_` prefix) read back unchanged; a
 * folder whose `%` is not followed by valid `%xx` UTF-8 is read literally.
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/;
const PREFIX = '_qlib_';
/** The longest folder name most file systems accept, in bytes. */
export const MAX_FOLDER_BYTES = 255;

/** Safe ASCII characters by code (the set of rule 2). */
const SAFE = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyz0123456789!#$&'()+,-.;=@[]^_`{}~") SAFE[c.charCodeAt(0)] = 1;

function encodeChar(ch: string): string {
  let out = '';
  for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).padStart(2, '0')}`;
  return out;
}

/** Folder name under `features/` for a symbol (`AAPL` → `aapl`, `CON` → `_qlib_con`, `BRK/B` → `brk%2fb`). */
export function symbolToFolder(symbol: string): string {
  const lower = symbol.toLowerCase();
  let plain = true;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 128 || SAFE[c] === 0) {
      plain = false;
      break;
    }
  }
  let name: string;
  if (plain) name = lower;
  else {
    name = '';
    for (const ch of lower) {
      const c = ch.charCodeAt(0);
      name += ch.length === 1 && c < 128 && SAFE[c] === 1 ? ch : encodeChar(ch);
    }
  }
  if (name.startsWith('.')) name = `%2e${name.slice(1)}`;
  if (name.endsWith('.')) name = `${name.slice(0, -1)}%2e`;
  if (name.startsWith(PREFIX)) name = `%5f${name.slice(1)}`;
  return RESERVED.test(name) ? PREFIX + name : name;
}

/**
 * Lower-case symbol of a feature folder, the inverse of {@link symbolToFolder}. Only the exact prefix of a
 * reserved name is removed (Qlib's `lstrip("_qlib_")` strips a character set and would over-strip names such
 * as `_qlib_lib`), then `%xx` escapes are decoded.
 */
export function folderToSymbol(folder: string): string {
  let lower = folder.toLowerCase();
  if (lower.startsWith(PREFIX) && RESERVED.test(lower.slice(PREFIX.length))) lower = lower.slice(PREFIX.length);
  if (!lower.includes('%')) return lower;
  try {
    return decodeURIComponent(lower);
  } catch {
    return lower; // not an escape this module wrote: the name is the symbol
  }
}

/**
 * Why `symbol` cannot be stored as an instrument, or `undefined` when it can. Every symbol maps to a safe
 * folder; what cannot be made safe is a symbol that is empty, holds whitespace or a control character (an
 * instruments file is `SYMBOL<TAB>start<TAB>end` per line), or whose folder name would be too long.
 */
export function symbolProblem(symbol: string): string | undefined {
  if (symbol.length === 0) return 'it is empty';
  if (/[\s\p{Cc}]/u.test(symbol)) {
    return 'it contains whitespace or a control character, which an instruments file (SYMBOL<TAB>start<TAB>end per line) cannot hold';
  }
  const bytes = Buffer.byteLength(symbolToFolder(symbol), 'utf8');
  if (bytes > MAX_FOLDER_BYTES) return `its folder name would be ${bytes} bytes long (at most ${MAX_FOLDER_BYTES})`;
  return undefined;
}
