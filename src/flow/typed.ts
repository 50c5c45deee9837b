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
  const fields = checker
    .getPropertiesOfType(candidate)
    .filter((p) => (p.flags & t.SymbolFlags.Property) !== 0)
    .filter((p) => {
      const d = p.valueDeclaration;
      return d ? checker.getTypeOfSymbolAtLocation(p, d).getCallSignatures().length === 0 : true;
    })
    .map((p) => p.name);
  return { name: symbol.name, fields };
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
