/** Line and column (1-based, ESLint style) of the `nth` occurrence of `needle` in `code`. */
export function positionOf(code: string, needle: string, nth = 0): { line: number; column: number; endLine: number; endColumn: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = code.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${nth}) is not in the code`);
  }
  const before = code.slice(0, at).split('\n');
  const line = before.length;
  const column = (before[before.length - 1] ?? '').length + 1;
  const inside = needle.split('\n');
  const endLine = line + inside.length - 1;
  const endColumn = inside.length === 1 ? column + needle.length : (inside[inside.length - 1] ?? '').length + 1;
  return { line, column, endLine, endColumn };
}
