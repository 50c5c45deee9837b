/**
 * What the TypeORM and MikroORM receiver classifiers share: classification memoised per node and
 * safe against cycles (`const a = b; const b = a`), and what variables and `this.x` members are
 * declared as (type annotations, decorators) or assigned. Each library says what its types,
 * decorators, names and calls mean.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../flow/ast.js';
import { classMember, thisOwner } from './classes.js';
import { objectProperty } from './common.js';

export abstract class ReceiverClassifier<R extends object> {
  private readonly memo = new Map<TSESTree.Node, R | null>();

  constructor(protected readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** What `node` is; a cycle, or a chain more than 10 deep, reads as nothing. */
  classify(node: TSESTree.Node, depth = 0): R | undefined {
    const n = unwrap(node);
    const known = this.memo.get(n);
    if (known !== undefined) return known ?? undefined;
    if (depth > 10) return undefined;
    this.memo.set(n, null);
    const result = this.compute(n, depth);
    this.memo.set(n, result ?? null);
    return result;
  }

  /** `await x` is what `x` is; `a ?? b` (`||`, `&&`) is what the first side that classifies is. */
  private compute(n: TSESTree.Node, depth: number): R | undefined {
    if (n.type === 'AwaitExpression') return this.classify(n.argument, depth + 1);
    if (n.type === 'LogicalExpression') return this.classify(n.left, depth + 1) ?? this.classify(n.right, depth + 1);
    return this.classifyNode(n, depth);
  }

  /** What an unwrapped node other than `await` or a logical expression is. */
  protected abstract classifyNode(n: TSESTree.Node, depth: number): R | undefined;

  /** What a type annotation says the value is. */
  abstract classifyType(type: TSESTree.TypeNode | undefined): R | undefined;

  /** What a member's or a parameter's type annotations and decorators say it is. */
  protected abstract declared(types: readonly TSESTree.TypeNode[], decorators: readonly TSESTree.Decorator[]): R | undefined;

  /** The first of `values` that classifies. */
  protected firstOf(values: readonly TSESTree.Node[], depth: number): R | undefined {
    for (const v of values) {
      const r = this.classify(v, depth + 1);
      if (r) return r;
    }
    return undefined;
  }

  /** A variable: what its type annotation says, else the first value assigned to it. */
  protected variable(type: TSESTree.TypeNode | undefined, values: readonly TSESTree.Node[], depth: number): R | undefined {
    return this.classifyType(type) ?? this.firstOf(values, depth);
  }

  /**
   * `this.key` in a class: the member's declaration, else the first value assigned to it (`null`,
   * known to be none, when the member is typed); in an object literal, the property's value (`null`
   * when it is none). Undefined when neither decides.
   */
  protected thisMember(object: TSESTree.ThisExpression, key: string, depth: number): R | null | undefined {
    const owner = thisOwner(object);
    if (owner?.kind === 'class') {
      const info = classMember(owner.node, key, this.sourceCode);
      const r = this.declared(info.types, info.decorators) ?? this.firstOf(info.values, depth);
      if (r) return r;
      if (info.types.length > 0) return null;
    }
    if (owner?.kind === 'object') {
      const prop = objectProperty(owner.node, key);
      if (prop) return this.classify(prop.value, depth + 1) ?? null;
    }
    return undefined;
  }
}
