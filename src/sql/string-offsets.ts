/**
 * Maps the cooked value of a JS string literal or template element back to source offsets.
 *
 * `"a\nb"` has the value `a⏎b` (3 characters) but spans 4 characters of source between its
 * quotes. Reports and fixes need the source span of a value range, so we walk the raw text with
 * JavaScript's escape rules and record, for every value index, where it starts in the source.
 */

export interface CookedOffsets {
  /** The cooked value recomputed from the raw text. */
  readonly value: string;
  /**
   * `starts[i]` is the source offset where value character `i` starts; `starts[value.length]` is
   * the end of the raw content. Undefined when raw and value are the same text (1:1 mapping).
   */
  readonly starts: Int32Array | undefined;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  return -1;
}

function readHex(raw: string, from: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const digit = hexValue(raw.charCodeAt(from + k));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * Cooks `raw` (the characters between the delimiters) and maps every value index to
 * `base + rawIndex`. `template` selects template-literal rules (CRLF → LF, `\`` and `\${`).
 * Returns undefined on an escape JavaScript would reject (then the caller does not analyse it).
 */
export function cookWithOffsets(raw: string, base: number, template: boolean): CookedOffsets | undefined {
  if (!raw.includes('\\') && !(template && raw.includes('\r'))) {
    return { value: raw, starts: undefined };
  }
  const chars: string[] = [];
  const starts: number[] = [];
  const emit = (text: string, at: number): void => {
    for (let k = 0; k < text.length; k++) {
      chars.push(text[k] as string);
      starts.push(base + at);
    }
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i] as string;
    if (template && ch === '\r') {
      emit('\n', i);
      i += raw[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch !== '\\') {
      emit(ch, i);
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) return undefined;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (next === '0' && /[0-9]/.test(raw[i + 2] ?? '')) return undefined; // legacy octal
    const mapped = simple[next];
    if (mapped !== undefined) {
      emit(mapped, i);
      i += 2;
      continue;
    }
    if (next === '\r' || next === '\n' || next === '\u2028' || next === '\u2029') {
      // Line continuation: produces nothing.
      i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (next === 'x') {
      const code = readHex(raw, i + 2, 2);
      if (code < 0) return undefined;
      emit(String.fromCharCode(code), i);
      i += 4;
      continue;
    }
    if (next === 'u') {
      if (raw[i + 2] === '{') {
        const close = raw.indexOf('}', i + 3);
        if (close === -1 || close - (i + 3) > 6 || close === i + 3) return undefined;
        const code = readHex(raw, i + 3, close - (i + 3));
        if (code < 0 || code > 0x10ffff) return undefined;
        emit(String.fromCodePoint(code), i);
        i = close + 1;
        continue;
      }
      const code = readHex(raw, i + 2, 4);
      if (code < 0) return undefined;
      emit(String.fromCharCode(code), i);
      i += 6;
      continue;
    }
    if (next >= '1' && next <= '9') return undefined; // octal escapes: not in strict code
    // `\\`, `\'`, `\"`, `` \` ``, `\$`, and any other character escaping itself.
    emit(next, i);
    i += 2;
  }
  starts.push(base + raw.length);
  return { value: chars.join(''), starts: Int32Array.from(starts) };
}

/** Escapes `text` so it can be inserted into a literal delimited by `container`. */
export function escapeForContainer(text: string, container: 'single' | 'double' | 'template'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += container === 'template' ? '\n' : '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\u2028') out += '\\u2028';
    else if (ch === '\u2029') out += '\\u2029';
    else if (container === 'single' && ch === "'") out += "\\'";
    else if (container === 'double' && ch === '"') out += '\\"';
    else if (container === 'template' && ch === '`') out += '\\`';
    else if (container === 'template' && ch === '$' && text[i + 1] === '{') out += '\\$';
    else out += ch;
  }
  return out;
}
