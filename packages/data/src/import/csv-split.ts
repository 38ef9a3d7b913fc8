/**
 * Splits one CSV line into cells (RFC 4180 quoting within the line: `"a,b"`, `""` for a quote). The
 * common unquoted line takes the fast `split` path; quoted cells spanning several lines are not supported
 * (market data never has them) and show up as a wrong cell count naming the line.
 */
export function splitCsvLine(line: string): string[] {
  if (line.indexOf('"') === -1) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
