import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogBuilder } from '../../src/schema/builder.js';
import { findTable, type Catalog } from '../../src/schema/catalog.js';
import { loadSqlSchema } from '../../src/schema/ddl.js';
import { loadPrismaSchema } from '../../src/schema/prisma.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/schema');

function load(text: string, file = 'schema.prisma'): Catalog {
  const builder = new CatalogBuilder();
  loadPrismaSchema(text, file, builder);
  return builder.build();
}

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

describe('schema.prisma', () => {
  const catalog = load(fixture('schema.prisma'));

  it('reads models and views, not enums, datasources or generators', () => {
    expect([...catalog.models.keys()]).toEqual(['User', 'Profile', 'Post', 'UserStats']);
    expect([...catalog.tables.keys()]).toEqual(['users', 'Profile', 'content.blog_posts', 'user_stats', 'blog_posts']);
    expect(catalog.tables.has('Role')).toBe(false);
    expect(catalog.files).toEqual([{ path: 'schema.prisma', skipped: [] }]);
  });

  it('maps fields to columns in order with @map names, types, relations and annotations', () => {
    const users = catalog.models.get('User');
    expect(users).toBe(catalog.tables.get('users'));
    expect(users?.name).toBe('users');
    expect(users?.modelName).toBe('User');
    expect(users?.kind).toBe('table');
    expect(users?.file).toBe('schema.prisma');
    expect(users?.columns).toEqual([
      { name: 'id', type: 'String' },
      { name: 'email', type: 'String' },
      { name: 'password_hash', fieldName: 'passwordHash', type: 'String', annotation: 'sensitive' },
      { name: 'api_key_hint', fieldName: 'apiKeyHint', type: 'String?', annotation: 'safe' },
      // A blank line separates it from the `/// @sensitive` above.
      { name: 'login_count', fieldName: 'loginCount', type: 'Int' },
      { name: 'role', type: 'Role' },
      { name: 'posts', type: 'Post[]', relation: { model: 'Post', list: true } },
      { name: 'profile', type: 'Profile?', relation: { model: 'Profile', list: false } },
      // Trailing `/// @safe` on the field's own line.
      { name: 'created_at', fieldName: 'createdAt', type: 'DateTime', annotation: 'safe' },
    ]);
  });

  it('keeps the model name when there is no @@map, and reads Unsupported types', () => {
    expect(catalog.tables.get('Profile')?.columns).toEqual([
      { name: 'id', type: 'Int' },
      { name: 'bio', type: 'String?' },
      { name: 'user', type: 'User', relation: { model: 'User', list: false } },
      { name: 'user_id', fieldName: 'userId', type: 'String' },
      { name: 'search', type: 'Unsupported("tsvector")?' },
    ]);
  });

  it('reads @@map(name: …) and @@schema', () => {
    const post = catalog.models.get('Post');
    expect(post?.name).toBe('blog_posts');
    expect(post?.schema).toBe('content');
    expect(findTable(catalog, 'blog_posts', 'content')).toBe(post);
    expect(post?.columns.map((c) => c.name)).toEqual(['id', 'title', 'author', 'author_id', 'tags']);
    expect(post?.columns.find((c) => c.name === 'tags')?.type).toBe('String[]');
  });

  it('reads views as kind view', () => {
    const stats = catalog.models.get('UserStats');
    expect(stats?.kind).toBe('view');
    expect(stats?.name).toBe('user_stats');
    expect(stats?.columns.map((c) => [c.name, c.fieldName])).toEqual([
      ['user_id', 'userId'],
      ['post_count', 'postCount'],
    ]);
  });
});

describe('broken schema.prisma', () => {
  it('parses block by block and skips the broken one', () => {
    const catalog = load(fixture('broken.prisma'), 'broken.prisma');
    expect([...catalog.models.keys()]).toEqual(['Good', 'AlsoGood']);
    expect(catalog.models.get('AlsoGood')?.columns).toEqual([
      { name: 'id', type: 'Int' },
      { name: 'good', type: 'Good', relation: { model: 'Good', list: false } },
      { name: 'goodId', type: 'Int' },
    ]);
    expect(catalog.files).toEqual([
      { path: 'broken.prisma', skipped: ['line 8: model Broken: does not parse at "oops"'] },
    ]);
  });

  it('never throws', () => {
    expect(() => load('model {')).not.toThrow();
    expect(() => load('model A {\n  id Int\n')).not.toThrow();
    expect(load('').tables.size).toBe(0);
    const pieces = fc.constantFrom(
      'model', 'view', 'enum', 'A', 'B', '{', '}', '\n', 'id', 'Int', '@id',
      '@@map("x")', '///', '@sensitive', '"', '?', '[]',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        load(parts.join(' '));
      }),
      { numRuns: 200 },
    );
  });
});

describe('Prisma models and SQL migrations together', () => {
  const prisma = `model User {
  id    Int    @id
  /// @sensitive
  email String @map("email_address")
}
`;
  const migration = `CREATE TABLE "User" ("id" INTEGER NOT NULL, "email_address" TEXT, "old" TEXT);
ALTER TABLE "User" ADD COLUMN "email_address" TEXT;
ALTER TABLE "User" DROP COLUMN "old";
DROP TABLE "User";
ALTER TABLE "User" RENAME TO "Person";`;

  const expected = [
    { name: 'id', type: 'Int' },
    { name: 'email_address', fieldName: 'email', type: 'String', annotation: 'sensitive' },
  ];

  it('never lets later SQL DDL replace, drop or rename a model', () => {
    const builder = new CatalogBuilder();
    loadPrismaSchema(prisma, 'schema.prisma', builder);
    loadSqlSchema(migration, 'migration.sql', builder);
    const catalog = builder.build();
    expect(catalog.models.get('User')).toBe(catalog.tables.get('User'));
    expect(catalog.tables.get('User')?.columns).toEqual(expected);
    expect(catalog.tables.has('Person')).toBe(false);
    expect(catalog.files.find((f) => f.path === 'migration.sql')?.skipped).toEqual([]);
  });

  it('lets a model replace a table read earlier from SQL', () => {
    const builder = new CatalogBuilder();
    loadSqlSchema('CREATE TABLE "User" ("id" INTEGER NOT NULL, "email_address" TEXT, "old" TEXT);', 'm.sql', builder);
    loadPrismaSchema(prisma, 'schema.prisma', builder);
    const catalog = builder.build();
    expect(catalog.tables.get('User')?.columns).toEqual(expected);
    expect(catalog.tables.get('User')?.file).toBe('schema.prisma');
  });
});
