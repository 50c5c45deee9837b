/**
 * EmbeddedSql: the SQL text assembled from a JS carrier (literal, template, tagged template,
 * concatenation), with a segment table that maps every SQL offset back to the source.
 *
 * - `sourceRange()` is for reports: exact inside one segment, widened across segments.
 * - `fixRange()` is for edits: exact, or `null` when the range crosses segments, touches a hole,
 *   or lies in text that was inlined from elsewhere.
 * - `replacement()` escapes the new text for the literal it goes into.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { escapeForContainer } from './string-offsets.js';

export type Container = 'single' | 'double' | 'template';

export interface TextSegment {
  readonly kind: 'text';
  /** Range in the assembled SQL text. */
  readonly sqlStart: number;
  readonly sqlEnd: number;
  /** Source offset of the first value character, and per-character starts when escapes differ. */
  readonly sourceStart: number;
  readonly starts: Int32Array | undefined;
  readonly container: Container;
  /** False for text inlined from a `const` used elsewhere too: edits would change other uses. */
  readonly editable: boolean;
}

export interface HoleSegment {
  readonly kind: 'hole';
  readonly sqlStart: number;
  readonly sqlEnd: number;
  /** The interpolated expression. */
  readonly node: TSESTree.Node;
  /** How the hole was filled, from the surrounding SQL. */
  readonly role: HoleRole;
}

/** value → `$n`; identifier → a name; fragment → nothing (a comment); string → text inside quotes. */
export type HoleRole = 'value' | 'identifier' | 'fragment' | 'string' | 'list' | 'subquery' | 'assignment' | 'insert';

export type Segment = TextSegment | HoleSegment;

export class EmbeddedSql {
  constructor(
    /** The node the SQL was assembled from (template, literal, concatenation…). */
    readonly carrier: TSESTree.Node,
    /** Assembled SQL, holes replaced by placeholders. */
    readonly text: string,
    readonly segments: readonly Segment[],
  ) {}

  /** Whether the text contains `${…}` holes (or non-static concatenation parts). */
  get hasHoles(): boolean {
    return this.segments.some((s) => s.kind === 'hole');
  }

  holes(): HoleSegment[] {
    return this.segments.filter((s): s is HoleSegment => s.kind === 'hole');
  }

  /** The segment that holds SQL offset `offset` (the last one when `offset` is the end). */
  segmentAt(offset: number): Segment | undefined {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid] as Segment;
      if (offset < s.sqlStart) hi = mid - 1;
      else if (offset >= s.sqlEnd) lo = mid + 1;
      else return s;
    }
    // `offset` equal to the end of the text, or inside an empty segment gap: take the last segment
    // ending there.
    for (let i = segs.length - 1; i >= 0; i--) {
      const s = segs[i] as Segment;
      if (s.sqlEnd === offset && s.sqlEnd > s.sqlStart) return s;
    }
    return undefined;
  }

  private static sourceOffset(seg: TextSegment, sqlOffset: number): number {
    const index = sqlOffset - seg.sqlStart;
    if (seg.starts) return seg.starts[index] ?? seg.starts[seg.starts.length - 1] ?? seg.sourceStart;
    return seg.sourceStart + index;
  }

  private static splitsEscape(seg: TextSegment, sqlOffset: number): boolean {
    const index = sqlOffset - seg.sqlStart;
    return seg.starts !== undefined && index > 0 && seg.starts[index] === seg.starts[index - 1];
  }

  /** Source range to report SQL range [start, end): exact when possible, widened otherwise. */
  sourceRange(start: number, end: number): TSESTree.Range {
    const first = this.segmentAt(start);
    const last = this.segmentAt(Math.max(start, end - 1));
    if (!first || !last) return this.carrier.range;
    const from = this.reportStart(first, start);
    const to = this.reportEnd(last, end);
    if (first === last) return to > from ? [from, to] : this.carrier.range;
    // Across segments: the span between them, as long as it stays inside the carrier (inlined
    // text from a const declared elsewhere would otherwise stretch the range across the file).
    const [c0, c1] = this.carrier.range;
    return to > from && from >= c0 && to <= c1 ? [from, to] : this.carrier.range;
  }

  private reportStart(seg: Segment, start: number): number {
    if (seg.kind === 'hole') return seg.node.range[0];
    return EmbeddedSql.sourceOffset(seg, start);
  }

  private reportEnd(seg: Segment, end: number): number {
    if (seg.kind === 'hole') return seg.node.range[1];
    return EmbeddedSql.sourceOffset(seg, Math.min(end, seg.sqlEnd));
  }

  /** Exact source range for an edit of SQL range [start, end), or null when none is safe. */
  fixRange(start: number, end: number): { range: TSESTree.Range; container: Container } | null {
    const seg = this.segmentAt(start);
    if (!seg || seg.kind !== 'text' || !seg.editable) return null;
    if (end > seg.sqlEnd || start < seg.sqlStart) return null;
    // A boundary between the two halves of one escape (`\u{1F600}`) has no source offset.
    if (EmbeddedSql.splitsEscape(seg, start) || EmbeddedSql.splitsEscape(seg, end)) return null;
    return {
      range: [EmbeddedSql.sourceOffset(seg, start), EmbeddedSql.sourceOffset(seg, end)],
      container: seg.container,
    };
  }

  /** A ready edit: the source range and the replacement escaped for its container. */
  edit(start: number, end: number, replacement: string): { range: TSESTree.Range; text: string } | null {
    const target = this.fixRange(start, end);
    if (!target) return null;
    return { range: target.range, text: escapeForContainer(replacement, target.container) };
  }

  /** Whether SQL range [start, end) overlaps a hole. */
  overlapsHole(start: number, end: number): boolean {
    return this.segments.some((s) => s.kind === 'hole' && s.sqlStart < end && start < s.sqlEnd);
  }
}
