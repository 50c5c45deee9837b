/**
 * What type information adds, when typescript-eslint provides it (`parserOptions.projectService`):
 * values that hold whole ORM entities although they come from another file (a service method
 * returning `Promise<User[]>`), and components imported from a `'use client'` module, whose props
 * are serialised to the browser. Everything else works without it.
 */
import { createRequire } from 'node:module';
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

export interface TypeInfo {
  readonly services: ParserServicesWithTypeInformation;
  readonly checker: ts.TypeChecker;
  readonly ts: typeof ts;
}

/** The type information of the file, or undefined when linting without it. */
export function typeInfoOf(sourceCode: Readonly<TSESLint.SourceCode>): TypeInfo | undefined {
  const services = sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  if (!services?.program || !services.getTypeAtLocation) return undefined;
  // The parser already loaded TypeScript to build the program: this costs nothing more.
  const typescript = createRequire(import.meta.url)('typescript') as typeof ts;
  return { services: services as ParserServicesWithTypeInformation, checker: services.program.getTypeChecker(), ts: typescript };
}

export interface EntityType {
  /** `User`. */
  readonly name: string;
  /** The entity's data properties, in declaration order. */
  readonly fields: readonly string[];
  /** Columns the ORM does not load unless asked (`@Column({ select: false })`). */
  readonly hidden: readonly string[];
  /** Properties left out when the entity is serialised (class-transformer `@Exclude()`). */
  readonly dropped: readonly string[];
}

/** Generated Prisma client types live under a path like `.prisma/client`, `@prisma/client`, `generated/prisma`. */
const PRISMA_CLIENT_PATH = /[\\/](?:\.prisma|@prisma|generated)[\\/](?:client|prisma)?/i;

function isEntityDeclaration(declaration: ts.Declaration, info: TypeInfo): boolean {
  const { ts: t } = info;
  if (t.isClassDeclaration(declaration)) {
    return (t.getDecorators(declaration) ?? []).some((d) => {
      const e = d.expression;
      const callee = t.isCallExpression(e) ? e.expression : e;
      return t.isIdentifier(callee) && (callee.text === 'Entity' || callee.text === 'Schema' || callee.text === 'Table');
    });
  }
  return t.isTypeAliasDeclaration(declaration) && PRISMA_CLIENT_PATH.test(declaration.getSourceFile().fileName);
}

/** The entity type itself: unwraps promises, arrays, and `| null | undefined`. */
function entityCandidate(type: ts.Type, info: TypeInfo, depth = 0): ts.Type | undefined {
  if (depth > 4) return undefined;
  const { checker, ts: t } = info;
  const awaited = checker.getAwaitedType(type) ?? type;
  if (awaited.isUnion()) {
    const members = awaited.types.filter((m) => !(m.flags & (t.TypeFlags.Null | t.TypeFlags.Undefined)));
    return members.length === 1 && members[0] ? entityCandidate(members[0], info, depth + 1) : undefined;
  }
  if (checker.isArrayType(awaited)) {
    const element = checker.getTypeArguments(awaited as ts.TypeReference)[0];
    return element ? entityCandidate(element, info, depth + 1) : undefined;
  }
  return awaited;
}

/** Whether the value of `node` holds whole entities of a Prisma model or an `@Entity` class. */
export function entityTypeOf(node: TSESTree.Node, info: TypeInfo): EntityType | undefined {
  const candidate = entityCandidate(info.services.getTypeAtLocation(node), info);
  if (!candidate) return undefined;
  const symbol = candidate.aliasSymbol ?? candidate.getSymbol();
  const declaration = symbol?.declarations?.[0];
  if (!symbol || !declaration || !isEntityDeclaration(declaration, info)) return undefined;
  const { checker, ts: t } = info;
  const properties = checker
    .getPropertiesOfType(candidate)
    .filter((p) => (p.flags & t.SymbolFlags.Property) !== 0)
    .filter((p) => {
      const d = p.valueDeclaration;
      return d ? checker.getTypeOfSymbolAtLocation(p, d).getCallSignatures().length === 0 : true;
    });
  const hidden: string[] = [];
  const dropped: string[] = [];
  // class-transformer: `@Exclude()` on the class leaves only the `@Expose()`d properties.
  const excludeAll = t.isClassDeclaration(declaration) && decoratorsNamed(declaration, info).some((d) => d.name === 'Exclude');
  for (const p of properties) {
    const decorators = p.valueDeclaration ? decoratorsNamed(p.valueDeclaration, info) : [];
    if (decorators.some((d) => COLUMN_DECORATORS.has(d.name) && d.options.get('select') === false)) hidden.push(p.name);
    const exposed = decorators.some((d) => d.name === 'Expose');
    if (decorators.some((d) => d.name === 'Exclude') || (excludeAll && !exposed)) dropped.push(p.name);
  }
  return { name: symbol.name, fields: properties.map((p) => p.name), hidden, dropped };
}

/** TypeORM column decorators whose options may say `select: false`. */
const COLUMN_DECORATORS: ReadonlySet<string> = new Set(['Column', 'PrimaryColumn', 'CreateDateColumn', 'UpdateDateColumn', 'DeleteDateColumn']);

interface NamedDecorator {
  readonly name: string;
  /** Boolean options of an object-literal argument (`{ select: false }`). */
  readonly options: ReadonlyMap<string, boolean>;
}

/** The decorators of a declaration, by the name they are called with (no import resolution). */
function decoratorsNamed(node: ts.Node, info: TypeInfo): NamedDecorator[] {
  const { ts: t } = info;
  if (!t.canHaveDecorators(node)) return [];
  const out: NamedDecorator[] = [];
  for (const d of t.getDecorators(node) ?? []) {
    const call = t.isCallExpression(d.expression) ? d.expression : undefined;
    const callee = call ? call.expression : d.expression;
    if (!t.isIdentifier(callee)) continue;
    const options = new Map<string, boolean>();
    for (const arg of call?.arguments ?? []) {
      if (!t.isObjectLiteralExpression(arg)) continue;
      for (const prop of arg.properties) {
        if (!t.isPropertyAssignment(prop) || !t.isIdentifier(prop.name)) continue;
        const kind = prop.initializer.kind;
        if (kind === t.SyntaxKind.TrueKeyword || kind === t.SyntaxKind.FalseKeyword) options.set(prop.name.text, kind === t.SyntaxKind.TrueKeyword);
      }
    }
    out.push({ name: callee.text, options });
  }
  return out;
}

/** Whether a JSX element's component is declared in a module that starts with `'use client'`. */
export function isClientComponent(name: TSESTree.JSXTagNameExpression, info: TypeInfo): boolean {
  if (name.type !== 'JSXIdentifier' || !/^[A-Z]/.test(name.name)) return false;
  let symbol = info.services.getSymbolAtLocation(name);
  if (symbol && symbol.flags & info.ts.SymbolFlags.Alias) symbol = info.checker.getAliasedSymbol(symbol);
  const file = symbol?.declarations?.[0]?.getSourceFile();
  if (!file) return false;
  const first = file.statements[0];
  return (
    first !== undefined &&
    info.ts.isExpressionStatement(first) &&
    info.ts.isStringLiteral(first.expression) &&
    first.expression.text === 'use client'
  );
}
