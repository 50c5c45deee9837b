/**
 * Invalid cases of no-full-entity-response written by what the report says (where it lands, the
 * call, the entity, the sensitive fields, the sink) rather than by message data, shared by the
 * per-library rule tests.
 */
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/no-full-entity-response.js';
import { positionAfter, positionOf, swap, where } from './position.js';

export interface Expect {
  /** Where the report lands (the read method's name, or the relation): the `nth` occurrence, or the one inside `inside`. */
  readonly at: string;
  readonly nth?: number;
  readonly inside?: string;
  readonly call: string;
  readonly entity: string;
  /** Sensitive fields named in the message (empty when the fields are unknown or all safe). */
  readonly sensitive?: readonly string[];
  readonly sink?: string;
  /** `wholeRelation…`: the relation loaded (or the joined table selected) whole. */
  readonly relation?: string;
  /** `…Escapes`: the function that returns the rows to its callers. */
  readonly fn?: string;
  /** The suggestion: fields it names, and the one edit it makes (`from` → `to`). */
  readonly fix?: { readonly messageId?: 'selectFields' | 'excludeFields'; readonly fields: readonly string[]; readonly from: string; readonly to: string };
}

export type Invalid = InvalidTestCase<MessageIds, Options>;
export type Extra = Pick<Invalid, 'options' | 'settings'>;

/** The invalid-case builder; `base` (settings every case of the file needs) comes before `extra`. */
export function invalidCases(base: Extra = {}): (code: string, expected: Expect | readonly Expect[], extra?: Extra) => Invalid {
  return (code, expected, extra = {}) => {
    const list = Array.isArray(expected) ? (expected as readonly Expect[]) : [expected as Expect];
    return {
      code,
      ...base,
      ...extra,
      errors: list.map((e) => {
        const data = {
          call: e.call,
          entity: e.entity,
          relation: e.relation ?? '',
          detail: e.sensitive && e.sensitive.length > 0 ? ` (${e.sensitive.join(', ')})` : '',
          sink: e.sink ?? '',
          fn: e.fn ?? '',
        };
        const messageId: MessageIds = e.relation
          ? e.fn
            ? 'wholeRelationEscapes'
            : 'wholeRelation'
          : e.fn
            ? 'wholeEntityEscapes'
            : 'wholeEntity';
        return {
          messageId,
          data,
          ...where(code, e.at, e.nth ?? 0, e.inside),
          suggestions: e.fix
            ? [{ messageId: e.fix.messageId ?? 'selectFields', data: { ...data, fields: e.fix.fields.join(', ') }, output: swap(code, e.fix.from, e.fix.to) }]
            : [],
        };
      }),
    };
  };
}

/** A report written by its message data, with the suggestion's exact output. */
export interface Report {
  readonly call: string;
  /** Default: `User`. */
  readonly entity?: string;
  /** Default: the file's usual list of the user's secrets. */
  readonly detail?: string;
  readonly sink?: string;
  /** The text the report starts at: its `nth` occurrence, or the one right after `after`. */
  readonly at: string;
  readonly after?: string;
  readonly nth?: number;
  /** The relation loaded whole, for `wholeRelation` reports. */
  readonly relation?: string;
  /** `…Escapes`: the function that returns the rows. */
  readonly fn?: string;
  /** The suggestion: its message, the fields it names, and the fixed code. None when omitted. */
  readonly suggest?: { readonly id: 'selectFields' | 'excludeFields'; readonly fields: string; readonly output: string };
}

/** The invalid-case builder of a file whose reports name `detail` unless they say otherwise. */
export function reportCases(detail: string): (code: string, reports: readonly Report[], options?: Options) => Invalid {
  const report = (code: string, r: Report) => {
    const data = {
      call: r.call,
      entity: r.entity ?? 'User',
      relation: r.relation ?? '',
      detail: r.detail ?? detail,
      sink: r.sink ?? '',
      fn: r.fn ?? '',
    };
    const messageId = r.relation
      ? r.sink
        ? ('wholeRelation' as const)
        : ('wholeRelationEscapes' as const)
      : r.sink
        ? ('wholeEntity' as const)
        : ('wholeEntityEscapes' as const);
    return {
      messageId,
      data,
      ...(r.after !== undefined ? positionAfter(code, r.at, r.after) : positionOf(code, r.at, r.nth ?? 0)),
      suggestions: r.suggest ? [{ messageId: r.suggest.id, data: { ...data, fields: r.suggest.fields }, output: r.suggest.output }] : [],
    };
  };
  return (code, reports, options) => ({ code, ...(options ? { options } : {}), errors: reports.map((r) => report(code, r)) });
}
