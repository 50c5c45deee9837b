import { describe, expect, it } from 'vitest';
import { expandWildcard, sensitiveCatalogNames } from '../../src/analysis/columns.js';
import { CatalogBuilder } from '../../src/schema/builder.js';
import { createClassifier } from '../../src/schema/classifier.js';
import { loadSqlSchema } from '../../src/schema/ddl.js';
import { analyzeSql } from '../../src/sql/parse.js';

const builder = new CatalogBuilder();
loadSqlSchema('CREATE TABLE users (id UUID PRIMARY KEY, nickname TEXT, password_hash BYTES);', 'schema.sql', builder);
const catalog = builder.build();
const wildcard = analyzeSql('SELECT * FROM users').shapes[0]?.wildcards[0];

describe('schema lookups are kept per settings, not only per schema', () => {
  // Two configurations (say two folders of a monorepo) can load the same schema files with
  // different sensitiveColumns: each must see its own classification.
  const marked = createClassifier({ sensitiveColumns: ['users.nickname'] });
  const plain = createClassifier();

  it('sensitive column names', () => {
    expect([...sensitiveCatalogNames(catalog, marked, ['secret'])].sort()).toEqual(['nickname', 'password_hash']);
    expect([...sensitiveCatalogNames(catalog, plain, ['secret'])]).toEqual(['password_hash']);
  });

  it('wildcard expansions', () => {
    if (!wildcard) throw new Error('no wildcard read');
    const tierOf = (columns: ReturnType<typeof expandWildcard>, name: string) =>
      columns?.find((c) => c.name === name)?.sensitivity?.tier;
    expect(tierOf(expandWildcard(wildcard, catalog, marked), 'nickname')).toBe('secret');
    expect(tierOf(expandWildcard(wildcard, catalog, plain), 'nickname')).toBeUndefined();
    // The memoised expansion is the same list each time.
    expect(expandWildcard(wildcard, catalog, plain)).toBe(expandWildcard(wildcard, catalog, plain));
  });
});
