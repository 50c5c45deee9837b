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

/** `code` with the one occurrence of `from` replaced by `to` (the exact text a suggestion writes). */
export function swap(code: string, from: string, to: string): string {
  const at = code.indexOf(from);
  if (at < 0 || code.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once in the code`);
  return code.slice(0, at) + to + code.slice(at + from.length);
}

/** The position of `needle`: its `nth` occurrence, or its first one inside the first `inside`. */
export function where(code: string, needle: string, nth = 0, inside?: string): ReturnType<typeof positionOf> {
  if (inside === undefined) return positionOf(code, needle, nth);
  const start = code.indexOf(inside);
  const at = code.indexOf(needle, start);
  if (start < 0 || at < 0 || at + needle.length > start + inside.length) throw new Error(`"${needle}" is not in "${inside}"`);
  let before = 0;
  for (let i = code.indexOf(needle); i >= 0 && i < at; i = code.indexOf(needle, i + 1)) before++;
  return positionOf(code, needle, before);
}

/** `positionOf` for `needle` where it follows `after`. */
export function positionAfter(code: string, needle: string, after = ''): ReturnType<typeof positionOf> {
  const at = code.indexOf(after + needle);
  if (at < 0) throw new Error(`"${after}${needle}" is not in the code`);
  const nth = code.slice(0, at + after.length).split(needle).length - 1;
  return positionOf(code, needle, nth);
}

/** `code` with `needle` replaced by `replacement` (the needle must be there). */
export function fix(code: string, needle: string, replacement: string): string {
  if (!code.includes(needle)) throw new Error(`"${needle}" is not in the code`);
  return code.replace(needle, replacement);
}
