/**
 * Feature folder names, as Qlib's `code_to_fname` / `fname_to_code` (qlib/utils/__init__.py): the folder is
 * the lower-cased symbol, except Windows-reserved device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9), which
 * get the prefix `_qlib_` so the same directory works on every OS.
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const PREFIX = '_qlib_';

/** Folder name under `features/` for a symbol (`AAPL` → `aapl`, `CON` → `_qlib_con`). */
export function symbolToFolder(symbol: string): string {
  const lower = symbol.toLowerCase();
  return RESERVED.test(lower) ? PREFIX + lower : lower;
}

/**
 * Lower-case symbol of a feature folder. Only the exact prefix is removed (Qlib's `lstrip("_qlib_")`
 * strips a character set and would over-strip names such as `_qlib_lib`).
 */
export function folderToSymbol(folder: string): string {
  const lower = folder.toLowerCase();
  return lower.startsWith(PREFIX) && RESERVED.test(lower.slice(PREFIX.length)) ? lower.slice(PREFIX.length) : lower;
}
