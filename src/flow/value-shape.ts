/**
 * What part of a tracked value holds database data, as it moves through a function:
 * whole rows/entities (`data`), one column's value (`field`), an object literal wrapping tracked
 * values (`object`), or a positional tuple (`tuple`, e.g. `Promise.all` results, `findAndCount`).
 */

export type ValueShape =
  /** Whole rows or entities (one or many), minus `omitted` keys removed on the way. */
  | { readonly kind: 'data'; readonly omitted: ReadonlySet<string> }
  /** The value of one column. */
  | { readonly kind: 'field'; readonly name: string }
  /** An object literal holding tracked values under known keys. */
  | { readonly kind: 'object'; readonly props: ReadonlyMap<string, ValueShape> }
  /** A tuple with tracked values at known positions. */
  | { readonly kind: 'tuple'; readonly items: readonly (ValueShape | undefined)[] };

const NO_KEYS: ReadonlySet<string> = new Set();

export const DATA: ValueShape = { kind: 'data', omitted: NO_KEYS };

/** Property names that hold the rows of a driver's result object. */
const ROW_CONTAINERS: ReadonlySet<string> = new Set(['rows', 'records', 'recordset', 'recordsets']);

/** A numeric index (`rows[0]`), or a property key; `undefined` for keys we cannot read. */
export type Key = number | string | undefined;

/** The shape of `value[key]`, or undefined when the result holds no tracked data. */
export function accessShape(shape: ValueShape, key: Key): ValueShape | undefined {
  switch (shape.kind) {
    case 'data':
      if (typeof key === 'number') return shape;
      if (key === undefined) return undefined;
      if (ROW_CONTAINERS.has(key)) return shape;
      if (shape.omitted.has(key)) return undefined;
      return { kind: 'field', name: key };
    case 'field':
      return undefined;
    case 'object':
      return typeof key === 'string' ? shape.props.get(key) : undefined;
    case 'tuple':
      if (typeof key === 'number') return shape.items[key];
      return undefined;
  }
}

/** The shape left after `{ a, b, ...rest } = value` takes `keys` out. */
export function withoutKeys(shape: ValueShape, keys: readonly string[]): ValueShape | undefined {
  if (keys.length === 0) return shape;
  switch (shape.kind) {
    case 'data':
      return { kind: 'data', omitted: new Set([...shape.omitted, ...keys]) };
    case 'object': {
      const props = new Map(shape.props);
      for (const k of keys) props.delete(k);
      return props.size > 0 ? { kind: 'object', props } : undefined;
    }
    default:
      return shape;
  }
}

export function objectWith(key: string, value: ValueShape): ValueShape {
  return { kind: 'object', props: new Map([[key, value]]) };
}

export function tupleWith(index: number, value: ValueShape): ValueShape {
  const items: (ValueShape | undefined)[] = [];
  items[index] = value;
  return { kind: 'tuple', items };
}

/** What reaches a sink: whole data (with what was removed), and single fields. */
export interface Exposure {
  /** One entry per path where whole rows arrive; each lists keys removed on that path. */
  readonly whole: readonly ReadonlySet<string>[];
  /** Columns whose values arrive one by one. */
  readonly fields: ReadonlySet<string>;
}

const exposures = new WeakMap<ValueShape, Exposure>();

function collectExposure(s: ValueShape, depth: number, whole: ReadonlySet<string>[], fields: Set<string>): void {
  if (depth > 32) return;
  switch (s.kind) {
    case 'data':
      whole.push(s.omitted);
      break;
    case 'field':
      fields.add(s.name);
      break;
    case 'object':
      for (const v of s.props.values()) collectExposure(v, depth + 1, whole, fields);
      break;
    case 'tuple':
      for (const v of s.items) if (v) collectExposure(v, depth + 1, whole, fields);
      break;
  }
}

/** What arrives where `shape` does (memoised: shapes are immutable, and asked once per column). */
export function exposureOf(shape: ValueShape): Exposure {
  let exposure = exposures.get(shape);
  if (!exposure) {
    const whole: ReadonlySet<string>[] = [];
    const fields = new Set<string>();
    collectExposure(shape, 0, whole, fields);
    exposure = { whole, fields };
    exposures.set(shape, exposure);
  }
  return exposure;
}

/** A short stable key for loop detection. */
const shapeKeys = new WeakMap<ValueShape, string>();

/** A string that is equal for equal shapes (memoised: shapes are immutable). */
export function shapeKey(shape: ValueShape): string {
  let key = shapeKeys.get(shape);
  if (key === undefined) {
    key = computeShapeKey(shape);
    shapeKeys.set(shape, key);
  }
  return key;
}

function computeShapeKey(shape: ValueShape): string {
  switch (shape.kind) {
    case 'data':
      return shape.omitted.size === 0 ? 'D' : `D-${[...shape.omitted].sort().join(',')}`;
    case 'field':
      return `F:${shape.name}`;
    case 'object':
      return `O{${[...shape.props].map(([k, v]) => `${k}:${shapeKey(v)}`).join(',')}}`;
    case 'tuple':
      return `T[${shape.items.map((v) => (v ? shapeKey(v) : '')).join(',')}]`;
  }
}
