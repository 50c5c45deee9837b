/**
 * Builds EmbeddedSql from a carrier node: string literals, template literals, SQL-tagged
 * templates (nested static fragments inlined), and `+` concatenations.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { EmbeddedSql, type Container, type Segment } from './embedded.js';
import { placeholderFor } from './holes.js';
import { cookWithOffsets } from './string-offsets.js';

/** SQL longer than this (in characters) is not assembled at all. */
export const MAX_ASSEMBLED_LENGTH = 200_000;
/** More holes than this: the carrier is not analysed (placeholder choice is quadratic). */
const MAX_HOLES = 64;
const MAX_DEPTH = 24;

export interface AssembleEnv {
  readonly sourceText: string;
  /** Whether `tag` (a tagged template's tag) is a SQL tag. */
  isSqlTag(tag: TSESTree.Expression): boolean;
  /**
   * The initializer of a `const` (single definition) that `id` refers to, and whether it is
   * used only here (then edits inside it are allowed).
   */
  resolveConst(id: TSESTree.Identifier): { init: TSESTree.Expression; singleUse: boolean } | undefined;
}

interface TextPart {
  readonly kind: 'text';
  readonly value: string;
  readonly sourceStart: number;
  readonly starts: Int32Array | undefined;
  readonly container: Container;
  readonly editable: boolean;
}

interface HolePart {
  readonly kind: 'hole';
  readonly node: TSESTree.Node;
}

type Part = TextPart | HolePart;

class TooLarge extends Error {}

interface Walk {
  readonly env: AssembleEnv;
  readonly parts: Part[];
  /** Nodes whose text was inlined here (so they are not analysed again on their own). */
  readonly inlined: Set<TSESTree.Node>;
  length: number;
  holes: number;
}

function pushText(walk: Walk, part: TextPart): void {
  walk.length += part.value.length;
  if (walk.length > MAX_ASSEMBLED_LENGTH) throw new TooLarge();
  if (part.value.length > 0) walk.parts.push(part);
}

function pushHole(walk: Walk, node: TSESTree.Node): void {
  walk.holes++;
  if (walk.holes > MAX_HOLES) throw new TooLarge();
  walk.parts.push({ kind: 'hole', node });
}

function literalPart(walk: Walk, node: TSESTree.StringLiteral, editable: boolean): boolean {
  const text = walk.env.sourceText;
  const quote = text[node.range[0]];
  if (quote !== '"' && quote !== "'") return false;
  const raw = text.slice(node.range[0] + 1, node.range[1] - 1);
  const cooked = cookWithOffsets(raw, node.range[0] + 1, false);
  if (!cooked || cooked.value !== node.value) return false;
  pushText(walk, {
    kind: 'text',
    value: cooked.value,
    sourceStart: node.range[0] + 1,
    starts: cooked.starts,
    container: quote === '"' ? 'double' : 'single',
    editable,
  });
  return true;
}

function quasiPart(walk: Walk, quasi: TSESTree.TemplateElement, editable: boolean): boolean {
  const text = walk.env.sourceText;
  const start = quasi.range[0] + 1;
  const end = quasi.range[1] - (quasi.tail ? 1 : 2);
  const cooked = cookWithOffsets(text.slice(start, end), start, true);
  if (!cooked || quasi.value.cooked === null || cooked.value !== quasi.value.cooked) return false;
  pushText(walk, {
    kind: 'text',
    value: cooked.value,
    sourceStart: start,
    starts: cooked.starts,
    container: 'template',
    editable,
  });
  return true;
}

function isStringLiteral(node: TSESTree.Node): node is TSESTree.StringLiteral {
  return node.type === 'Literal' && typeof node.value === 'string';
}

/** `sql.raw('…')`, `Prisma.raw('…')`, `raw('…')`, `sql.unsafe('…')`: static SQL spliced in. */
function rawFragmentArgument(node: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = node.callee;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && callee.property.type === 'Identifier'
        ? callee.property.name
        : undefined;
  if (name !== 'raw' && name !== 'unsafe') return undefined;
  const arg = node.arguments[0];
  return arg && (isStringLiteral(arg) || arg.type === 'TemplateLiteral') ? arg : undefined;
}

/** `Prisma.empty`, `sql.empty`: nothing. */
function isEmptyFragment(node: TSESTree.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'empty' &&
    !node.computed
  );
}

/**
 * Appends the parts of `node`. `tagged` is true inside a SQL-tagged template, where a `${}` is a
 * bound value unless it is itself a SQL fragment.
 */
function collect(walk: Walk, node: TSESTree.Node, tagged: boolean, editable: boolean, depth: number): void {
  if (depth > MAX_DEPTH) throw new TooLarge();
  switch (node.type) {
    case 'Literal':
      if (isStringLiteral(node) && literalPart(walk, node, editable)) return;
      break;
    case 'TemplateLiteral':
      if (collectTemplate(walk, node, tagged, editable, depth)) return;
      break;
    case 'TaggedTemplateExpression':
      if (walk.env.isSqlTag(node.tag)) {
        walk.inlined.add(node);
        if (collectTemplate(walk, node.quasi, true, editable, depth)) return;
      }
      break;
    case 'BinaryExpression':
      if (!tagged && node.operator === '+') {
        collect(walk, node.left, false, editable, depth + 1);
        collect(walk, node.right, false, editable, depth + 1);
        return;
      }
      break;
    case 'Identifier': {
      const bound = walk.env.resolveConst(node);
      if (bound && isInlinable(bound.init, tagged, walk.env)) {
        walk.inlined.add(bound.init);
        collect(walk, bound.init, tagged, editable && bound.singleUse, depth + 1);
        return;
      }
      break;
    }
    case 'CallExpression': {
      if (tagged) {
        const arg = rawFragmentArgument(node);
        if (arg) {
          collect(walk, arg, false, editable, depth + 1);
          return;
        }
      }
      break;
    }
    case 'MemberExpression':
      if (tagged && isEmptyFragment(node)) return;
      break;
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
      collect(walk, node.expression, tagged, editable, depth + 1);
      return;
    default:
      break;
  }
  pushHole(walk, node);
}

/** A const worth inlining: static text in plain templates, SQL fragments in tagged ones. */
function isInlinable(init: TSESTree.Expression, tagged: boolean, env: AssembleEnv): boolean {
  if (init.type === 'TaggedTemplateExpression') return env.isSqlTag(init.tag);
  if (tagged) return false;
  if (isStringLiteral(init)) return true;
  if (init.type === 'TemplateLiteral') return init.expressions.length === 0;
  return false;
}

function collectTemplate(
  walk: Walk,
  template: TSESTree.TemplateLiteral,
  tagged: boolean,
  editable: boolean,
  depth: number,
): boolean {
  const mark = walk.parts.length;
  const lengthMark = walk.length;
  for (let i = 0; i < template.quasis.length; i++) {
    const quasi = template.quasis[i] as TSESTree.TemplateElement;
    if (!quasiPart(walk, quasi, editable)) {
      walk.parts.length = mark;
      walk.length = lengthMark;
      return false;
    }
    const expr = template.expressions[i];
    if (expr) collect(walk, expr, tagged, editable, depth + 1);
  }
  return true;
}

export interface Assembled {
  readonly sql: EmbeddedSql;
  /** Nested fragments and consts whose text is part of this carrier. */
  readonly inlined: ReadonlySet<TSESTree.Node>;
}

/** Assembles `carrier`; undefined when it is too large or cannot be read statically at all. */
export function assemble(carrier: TSESTree.Node, env: AssembleEnv): Assembled | undefined {
  const walk: Walk = { env, parts: [], inlined: new Set(), length: 0, holes: 0 };
  try {
    if (carrier.type === 'TaggedTemplateExpression') {
      if (!collectTemplate(walk, carrier.quasi, true, true, 0)) return undefined;
    } else {
      collect(walk, carrier, false, true, 0);
    }
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
  if (!walk.parts.some((p) => p.kind === 'text')) return undefined;
  return { sql: build(carrier, walk.parts), inlined: walk.inlined };
}

function build(carrier: TSESTree.Node, parts: readonly Part[]): EmbeddedSql {
  const segments: Segment[] = [];
  let text = '';
  let holeNumber = 0;
  parts.forEach((part, index) => {
    if (part.kind === 'text') {
      segments.push({
        kind: 'text',
        sqlStart: text.length,
        sqlEnd: text.length + part.value.length,
        sourceStart: part.sourceStart,
        starts: part.starts,
        container: part.container,
        editable: part.editable,
      });
      text += part.value;
      return;
    }
    holeNumber++;
    const next = parts[index + 1];
    const after = next && next.kind === 'text' ? next.value : '';
    const placeholder = placeholderFor(text, after, holeNumber);
    segments.push({
      kind: 'hole',
      sqlStart: text.length,
      sqlEnd: text.length + placeholder.text.length,
      node: part.node,
      role: placeholder.role,
    });
    text += placeholder.text;
  });
  return new EmbeddedSql(carrier, text, segments);
}
