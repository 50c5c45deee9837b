/**
 * `schema.prisma` → CatalogBuilder, with @mrleebo/prisma-ast.
 *
 * Models and views become tables (named by `@@map`, in the `@@schema` schema when given), fields
 * become columns in order: scalar fields under their `@map` database name, relation fields flagged
 * with the model they point to. A `/// @sensitive` or `/// @safe` doc comment directly above a
 * field (or trailing it) sets its annotation. When the file as a whole does not parse, each
 * top-level block is parsed on its own, so one broken model costs only itself.
 */
import { createRequire } from 'node:module';
import type { Block, Field, Func, Value } from '@mrleebo/prisma-ast';
import type { CatalogBuilder } from './builder.js';
import type { CatalogColumn, ColumnAnnotation } from './catalog.js';
import { annotationOf } from './ddl.js';

type PrismaAst = typeof import('@mrleebo/prisma-ast');
let loaded: PrismaAst | undefined;

/** The Prisma schema parser, loaded on first use: it costs a third of a second to load. */
function prismaAst(): PrismaAst {
  loaded ??= createRequire(import.meta.url)('@mrleebo/prisma-ast') as PrismaAst;
  return loaded;
}

type ObjectBlock = Extract<Block, { type: 'model' | 'view' }>;

export function loadPrismaSchema(text: string, file: string, into: CatalogBuilder): void {
  into.noteFile(file);
  const blocks: ObjectBlock[] = [];
  const whole = tryGetSchema(text);
  if (whole.ok) {
    blocks.push(...whole.blocks.filter(isObjectBlock));
  } else {
    for (const segment of topLevelSegments(text)) {
      const result = tryGetSchema(segment.text);
      if (result.ok) {
        blocks.push(...result.blocks.filter(isObjectBlock));
      } else {
        const line = segment.line + (result.line ?? 1) - 1;
        into.skip(file, `line ${line}: ${headerOf(segment.text)}: ${result.message}`);
      }
    }
  }
  const models = new Set(blocks.map((b) => b.name));
  for (const block of blocks) {
    const columns = readFields(block.properties, models);
    into.addTable({
      name: blockAttribute(block, 'map') ?? block.name,
      schema: blockAttribute(block, 'schema'),
      modelName: block.name,
      kind: block.type === 'view' ? 'view' : 'table',
      columns,
      file,
    });
  }
}

function isObjectBlock(block: Block): block is ObjectBlock {
  return block.type === 'model' || block.type === 'view';
}

/**
 * @mrleebo/prisma-ast lexes strings with `/"(:?[^\\"\n\r]|\\(:?[bfnrtv"\\/]|u[0-9a-fA-F]{4}))*"/` (`(:?`, an
 * optional colon, where `(?:` was meant): a string that does not close, or holds an escape, backtracks
 * exponentially over its colons (40 colons: half a minute). Such a string cannot parse anyway.
 */
function hasStringTrap(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl === -1) return false;
      i = nl + 1;
    } else if (text[i] === '"') {
      let colons = 0;
      let escapes = false;
      let j = i + 1;
      for (; j < text.length && text[j] !== '"' && text[j] !== '\n' && text[j] !== '\r'; j++) {
        if (text[j] === ':') colons++;
        else if (text[j] === '\\') {
          escapes = true;
          j++;
        }
      }
      if (colons > 16 && (escapes || text[j] !== '"')) return true;
      i = j + 1;
    } else {
      i++;
    }
  }
  return false;
}

type ParseResult = { ok: true; blocks: Block[] } | { ok: false; message: string; line: number | undefined };

function tryGetSchema(text: string): ParseResult {
  if (hasStringTrap(text)) return { ok: false, message: 'does not parse (a string does not close)', line: undefined };
  try {
    return { ok: true, blocks: prismaAst().getSchema(text).list };
  } catch (error) {
    // Chevrotain errors carry the offending token; their messages run over many lines.
    const token = (error as { token?: { image?: unknown; startLine?: unknown } } | null)?.token;
    const image = typeof token?.image === 'string' ? token.image : undefined;
    const line = typeof token?.startLine === 'number' && Number.isFinite(token.startLine) ? token.startLine : undefined;
    const first = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error);
    const message =
      image === undefined
        ? `does not parse (${first.slice(0, 120)})`
        : image === ''
          ? 'does not parse (unexpected end of block)'
          : `does not parse at "${image.slice(0, 40)}"`;
    return { ok: false, message, line };
  }
}

function readFields(properties: ObjectBlock['properties'], models: ReadonlySet<string>): CatalogColumn[] {
  const columns: CatalogColumn[] = [];
  // Annotation of the doc comments seen since the last field, attribute or blank line.
  let pending: ColumnAnnotation | undefined;
  for (const property of properties) {
    if (property.type === 'comment') {
      if (property.text.startsWith('///')) pending = annotationOf(property.text) ?? pending;
    } else if (property.type === 'field') {
      const trailing = property.comment?.startsWith('///') ? annotationOf(property.comment) : undefined;
      columns.push(fieldColumn(property, models, trailing ?? pending));
      pending = undefined;
    } else {
      pending = undefined;
    }
  }
  return columns;
}

function fieldColumn(
  field: Field,
  models: ReadonlySet<string>,
  annotation: ColumnAnnotation | undefined,
): CatalogColumn {
  const base = typeof field.fieldType === 'string' ? field.fieldType : funcText(field.fieldType);
  const type = `${base}${field.array ? '[]' : ''}${field.optional ? '?' : ''}`;
  const extra = annotation ? { annotation } : {};
  if (typeof field.fieldType === 'string' && models.has(field.fieldType)) {
    return { name: field.name, type, relation: { model: field.fieldType, list: field.array === true }, ...extra };
  }
  const mapped = fieldAttribute(field, 'map');
  if (mapped !== undefined && mapped !== field.name) {
    return { name: mapped, fieldName: field.name, type, ...extra };
  }
  return { name: field.name, type, ...extra };
}

/** `@map("x")` / `@map(name: "x")` on a field. */
function fieldAttribute(field: Field, name: string): string | undefined {
  const attribute = field.attributes?.find((a) => a.name === name && a.group === undefined);
  return firstStringArgument(attribute?.args);
}

/** `@@map("x")`, `@@schema("x")` on a model or view. */
function blockAttribute(block: ObjectBlock, name: string): string | undefined {
  for (const property of block.properties) {
    if (property.type === 'attribute' && property.name === name && property.group === undefined) {
      return firstStringArgument(property.args);
    }
  }
  return undefined;
}

function firstStringArgument(args: readonly { value: unknown }[] | undefined): string | undefined {
  const first = args?.[0]?.value;
  if (typeof first === 'string') return unquote(first);
  if (first && typeof first === 'object' && (first as { type?: unknown }).type === 'keyValue') {
    const { key, value } = first as { key: string; value: Value };
    if (key === 'name' && typeof value === 'string') return unquote(value);
  }
  return undefined;
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'string') return parsed;
  } catch {
    // Fall through: strip the quotes as written.
  }
  return value.slice(1, value.endsWith('"') ? -1 : undefined);
}

function funcText(func: Func): string {
  const params = (func.params ?? []).map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
  return `${func.name}(${params.join(', ')})`;
}

interface Segment {
  readonly text: string;
  /** 1-based line of the segment's first character in the file. */
  readonly line: number;
}

/**
 * The file cut after every top-level `}` (strings and `//` comments skipped), so that each model,
 * enum, datasource… can be parsed alone.
 */
function topLevelSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  let depth = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = (nl === -1 ? text.length : nl) - 1;
    } else if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (text[i] === '\n') line++;
    } else if (ch === '{') depth++;
    else if (ch === '}' && depth > 0 && --depth === 0) {
      segments.push({ text: `${text.slice(start, i + 1)}\n`, line: startLine });
      start = i + 1;
      startLine = line;
    }
  }
  if (text.slice(start).trim() !== '') segments.push({ text: text.slice(start), line: startLine });
  return segments;
}

/** `model User`, `enum Role`… for a segment's skip note. */
function headerOf(segment: string): string {
  const match = /^[ \t]*(model|view|enum|type|datasource|generator)[ \t]+(\w+)/m.exec(segment);
  return match ? `${match[1]} ${match[2]}` : 'block';
}
