import { parse } from 'pgsql-ast-parser';
import { describe, expect, it } from 'vitest';
import { isUnterminated, lex, overwrite, pairBrackets, significant } from '../../src/sql/lexer.js';
import { isRelevantStatementStart, leadingKeyword, looksLikeSql } from '../../src/sql/prefilter.js';
import {
  normalizeSql,
  placeholderIdentifier,
  rewriteCockroach,
  rewritePlaceholders,
  type PlaceholderStyle,
} from '../../src/sql/rewrite.js';
import { scanWildcards } from '../../src/sql/scanner.js';
import { applyShims } from '../../src/sql/shims.js';

/** Offsets of every line break. */
function lineBreaks(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] === '\n' || s[i] === '\r') out.push(i);
  return out;
}

function expectSameShape(input: string, output: string): void {
  expect(output.length).toBe(input.length);
  expect(lineBreaks(output)).toEqual(lineBreaks(input));
}

function parses(sql: string): boolean {
  try {
    parse(sql);
    return true;
  } catch {
    return false;
  }
}

/** [title, input, expected output, does pgsql-ast-parser parse the input, … the output]. */
type Row = [string, string, string, boolean, boolean];

describe('rewriteCockroach (research §6)', () => {
  const rows: Row[] = [
    ["AS OF SYSTEM TIME literal", "SELECT * FROM t AS OF SYSTEM TIME '-10s' WHERE a = 1", "SELECT * FROM t                          WHERE a = 1", false, true],
    ["AS OF SYSTEM TIME function at the end", "SELECT id FROM t AS OF SYSTEM TIME follower_read_timestamp()", "SELECT id FROM t                                            ", false, true],
    ["AS OF SYSTEM TIME experimental function", "SELECT id FROM t AS OF SYSTEM TIME experimental_follower_read_timestamp() ORDER BY id", "SELECT id FROM t                                                          ORDER BY id", false, true],
    ["AS OF SYSTEM TIME inside a subquery", "SELECT * FROM (SELECT * FROM t AS OF SYSTEM TIME with_max_staleness('10s')) AS x", "SELECT * FROM (SELECT * FROM t                                            ) AS x", false, true],
    ["AS OF SYSTEM TIME with a cast", "SELECT a FROM t AS OF SYSTEM TIME '2024-01-01'::TIMESTAMP LIMIT 5", "SELECT a FROM t                                           LIMIT 5", false, true],
    ["index hint", "SELECT * FROM users@users_email_idx WHERE email = $1", "SELECT * FROM users                 WHERE email = $1", false, true],
    ["index hint with options", "SELECT * FROM users@{FORCE_INDEX=users_email_idx,DESC} WHERE email = $1", "SELECT * FROM users                                    WHERE email = $1", false, true],
    ["NO_FULL_SCAN hint with alias", "SELECT u.id FROM users@{NO_FULL_SCAN} AS u", "SELECT u.id FROM users                AS u", false, true],
    ["index hint on a quoted table", "SELECT * FROM \"Users\"@primary", "SELECT * FROM \"Users\"        ", false, true],
    ["UPSERT", "UPSERT INTO users (id, name) VALUES ($1, $2) RETURNING *", "INSERT INTO users (id, name) VALUES ($1, $2) RETURNING *", false, true],
    ["upsert lower case", "upsert into users (id) values ($1)", "insert into users (id) values ($1)", false, true],
    ["RETURNING NOTHING", "INSERT INTO t (a) VALUES (1) RETURNING NOTHING", "INSERT INTO t (a) VALUES (1)                  ", true, true],
    ["join hints", "SELECT * FROM a INNER HASH JOIN b ON a.id = b.id LEFT MERGE JOIN c ON true", "SELECT * FROM a INNER      JOIN b ON a.id = b.id LEFT       JOIN c ON true", false, true],
    ["join hints LOOKUP INVERTED STRAIGHT", "SELECT * FROM a INNER LOOKUP JOIN b ON true INNER INVERTED JOIN c ON true INNER STRAIGHT JOIN d ON true", "SELECT * FROM a INNER        JOIN b ON true INNER          JOIN c ON true INNER          JOIN d ON true", false, true],
    ["ORDER BY PRIMARY KEY", "SELECT * FROM t ORDER BY PRIMARY KEY t", "SELECT * FROM t                       ", false, true],
    ["ORDER BY PRIMARY KEY, more", "SELECT * FROM t ORDER BY PRIMARY KEY t, a", "SELECT * FROM t ORDER BY                a", false, true],
    ["ORDER BY more, PRIMARY KEY", "SELECT * FROM t ORDER BY a, PRIMARY KEY t DESC", "SELECT * FROM t ORDER BY a                    ", false, true],
    ["ORDER BY INDEX", "SELECT * FROM t ORDER BY INDEX t@t_idx", "SELECT * FROM t                       ", false, true],
    ["[SHOW …] source", "SELECT * FROM [SHOW JOBS] WHERE status = 'running'", "SELECT * FROM _crdb_src__ WHERE status = 'running'", false, true],
    ["[INSERT … RETURNING …] source", "SELECT id FROM [INSERT INTO t (a) VALUES (1) RETURNING id] AS i", "SELECT id FROM _crdb_src__________________________________ AS i", false, true],
    ["[SHOW …] over two lines", "SELECT * FROM [SHOW\nJOBS] j", "SELECT * FROM _crdb\n      j", false, true],
    ["short bracket source", "SELECT * FROM [SHOW x]", "SELECT * FROM _crdb_sr", false, true],
    ["DELETE … ORDER BY … LIMIT", "DELETE FROM t WHERE a < now() ORDER BY a LIMIT 100 RETURNING *", "DELETE FROM t WHERE a < now()                      RETURNING *", false, true],
    ["UPDATE … ORDER BY … LIMIT", "UPDATE t SET a = 1 WHERE b ORDER BY c LIMIT 5", "UPDATE t SET a = 1 WHERE b                   ", false, true],
    ["DELETE … LIMIT", "DELETE FROM t WHERE a = 1 LIMIT 10", "DELETE FROM t WHERE a = 1         ", false, true],
    ["DELETE … ORDER BY in a CTE", "WITH d AS (DELETE FROM t ORDER BY a LIMIT 1 RETURNING *) SELECT * FROM d", "WITH d AS (DELETE FROM t                    RETURNING *) SELECT * FROM d", false, true],
    ["EXPLAIN ANALYZE (DISTSQL)", "EXPLAIN ANALYZE (DISTSQL) SELECT * FROM t", "                          SELECT * FROM t", false, true],
    ["EXPLAIN (options)", "EXPLAIN (OPT, VERBOSE) SELECT 1", "                       SELECT 1", false, true],
    ["EXPLAIN", "EXPLAIN SELECT * FROM t", "        SELECT * FROM t", false, true],
    ["EXPORT", "EXPORT INTO CSV 'nodelocal://1/x' WITH delimiter = '|' FROM SELECT * FROM t", "                                                            SELECT * FROM t", false, true],
    ["bytes literal", "SELECT b'\\x00' AS z", "SELECT ' \\x00' AS z", true, true],
  ];
  it.each(rows)('%s', (_title, input, expected, inputParses, outputParses) => {
    const output = rewriteCockroach(input);
    expectSameShape(input, output);
    expect(output).toBe(expected);
    expect(parses(input)).toBe(inputParses);
    expect(parses(output)).toBe(outputParses);
  });

  it('leaves PostgreSQL text alone', () => {
    const sql = "SELECT u.id, u.email FROM users u JOIN orders o ON o.uid = u.id WHERE o.total > 10 ORDER BY u.id LIMIT 5";
    expect(rewriteCockroach(sql)).toBe(sql);
    const bits = "SELECT B'0101', b'1', x'ff' FROM t";
    expect(rewriteCockroach(bits)).toBe(bits);
  });

  it('does not touch strings, quoted identifiers, comments or dollar bodies', () => {
    const sql = "SELECT 'AS OF SYSTEM TIME x', \"UPSERT\", $$[SHOW JOBS]$$ FROM t -- RETURNING NOTHING\n/* t@idx */";
    expect(rewriteCockroach(sql)).toBe(sql);
  });

  it('keeps ORDER BY … LIMIT of a SELECT and of a subquery in a DELETE', () => {
    const sql = 'DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY a LIMIT 5)';
    expect(rewriteCockroach(sql)).toBe(sql);
    expect(rewriteCockroach('SELECT * FROM t ORDER BY a LIMIT 5')).toBe('SELECT * FROM t ORDER BY a LIMIT 5');
  });

  it('does not read a table called hash before JOIN as a hint', () => {
    const sql = 'SELECT * FROM hash JOIN merge ON true';
    expect(rewriteCockroach(sql)).toBe(sql);
  });

  it('rewrites several statements', () => {
    const input = 'EXPLAIN SELECT 1;\nUPSERT INTO t VALUES (1);';
    const output = rewriteCockroach(input);
    expectSameShape(input, output);
    expect(output).toBe('        SELECT 1;\nINSERT INTO t VALUES (1);');
  });
});

describe('rewritePlaceholders (research §7)', () => {
  const rows: Row[] = [
    [":name", "SELECT * FROM t WHERE id = :id", "SELECT * FROM t WHERE id = _p_", false, true],
    [":name with a cast", "SELECT * FROM t WHERE id = :id::int", "SELECT * FROM t WHERE id = _p_::int", false, true],
    ["::cast alone", "SELECT x::int, y::text FROM t", "SELECT x::int, y::text FROM t", true, true],
    ["array slices", "SELECT a[lo:hi], a[1:2] FROM t", "SELECT a[lo:hi], a[1:2] FROM t", false, false],
    ["index placeholder in a subscript", "SELECT a[:i] FROM t", "SELECT a[_p] FROM t", false, true],
    [":...list (TypeORM)", "SELECT * FROM t WHERE id IN (:...ids)", "SELECT * FROM t WHERE id IN (_p_____)", false, true],
    [":name: (knex identifier)", "SELECT :col: FROM t", "SELECT _p___ FROM t", false, true],
    ["@name", "SELECT * FROM t WHERE email = @email", "SELECT * FROM t WHERE email = _p____", false, true],
    ["@name glued to =", "SELECT * FROM t WHERE email=@email AND x IN (@a,@b)", "SELECT * FROM t WHERE email=_p____ AND x IN (_p,_p)", false, true],
    ["@ index hint vs @name", "SELECT * FROM t@idx WHERE email = @email", "SELECT * FROM t@idx WHERE email = _p____", false, false],
    ["@ operators", "SELECT * FROM t WHERE a @> b AND a <@ b AND a @@ b AND c<@d", "SELECT * FROM t WHERE a @> b AND a <@ b AND a @@ b AND c<@d", true, true],
    ["?", "SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ? OFFSET ?", "SELECT * FROM t WHERE a = _ AND b IN (_, _) LIMIT _ OFFSET _", false, true],
    ["?? identifiers", "SELECT ?? FROM ?? WHERE ?? = ?", "SELECT _p FROM _p WHERE _p = _", false, true],
    ["jsonb ? next to a ? param", "SELECT * FROM t WHERE a = ? AND data ? 'k'", "SELECT * FROM t WHERE a = _ AND data ? 'k'", false, true],
    ["glued ? and jsonb ?", "SELECT * FROM t WHERE a=? AND data?'k'", "SELECT * FROM t WHERE a=_ AND data?'k'", false, true],
    ["jsonb ?| ?& @?", "SELECT * FROM t WHERE data ?| array['a'] AND data ?& array['b'] AND id = ?", "SELECT * FROM t WHERE data ?| array['a'] AND data ?& array['b'] AND id = _", false, true],
    ["knex escaped \\?", "SELECT * FROM t WHERE data \\? 'a' AND id = ?", "SELECT * FROM t WHERE data  ? 'a' AND id = _", false, true],
    ["?=?", "SELECT * FROM t WHERE ?=?", "SELECT * FROM t WHERE _=_", false, true],
    ["$name", "SELECT * FROM t WHERE a = $name", "SELECT * FROM t WHERE a = _p___", false, true],
    ["${name}", "SELECT * FROM t WHERE a = ${name} AND b = ${b:raw}", "SELECT * FROM t WHERE a = _p_____ AND b = _p______", false, true],
    ["$(name)", "SELECT * FROM t WHERE a = $(name) AND b = $<b> AND c = $[c] AND d = $/d/", "SELECT * FROM t WHERE a = _p_____ AND b = _p__ AND c = _p__ AND d = _p__", false, true],
    ["$1 stays", "SELECT * FROM t WHERE a = $1 AND b = $2::int", "SELECT * FROM t WHERE a = $1 AND b = $2::int", true, true],
    ["jsonb ? after ${name}", "SELECT * FROM t WHERE ${col} ? 'x'", "SELECT * FROM t WHERE _p____ ? 'x'", false, true],
    ["strings and comments untouched", "SELECT '?', ':a', '@b' -- ? :c @d\n", "SELECT '?', ':a', '@b' -- ? :c @d\n", true, true],
    ["dollar-quoted body untouched", "SELECT $$ ? :x @y $$", "SELECT $$ ? :x @y $$", false, false],
  ];
  it.each(rows)('%s', (_title, input, expected, inputParses, outputParses) => {
    const output = rewritePlaceholders(input);
    expectSameShape(input, output);
    expect(output).toBe(expected);
    expect(parses(input)).toBe(inputParses);
    expect(parses(output)).toBe(outputParses);
  });

  it('makes identifiers of the placeholder length', () => {
    expect([1, 2, 3, 6].map(placeholderIdentifier)).toEqual(['_', '_p', '_p_', '_p____']);
  });

  const mixed = 'SELECT * FROM t WHERE a = :a AND b = @b AND c = ? AND d = ${d} AND e = $1';
  const only: [PlaceholderStyle, string][] = [
    ['colon', 'SELECT * FROM t WHERE a = _p AND b = @b AND c = ? AND d = ${d} AND e = $1'],
    ['at', 'SELECT * FROM t WHERE a = :a AND b = _p AND c = ? AND d = ${d} AND e = $1'],
    ['question', 'SELECT * FROM t WHERE a = :a AND b = @b AND c = _ AND d = ${d} AND e = $1'],
    ['dollar-name', 'SELECT * FROM t WHERE a = :a AND b = @b AND c = ? AND d = _p__ AND e = $1'],
  ];
  it.each(only)('rewrites only the %s style when asked', (style, expected) => {
    expect(rewritePlaceholders(mixed, [style])).toBe(expected);
  });

  it('rewrites nothing with no styles', () => {
    expect(rewritePlaceholders(mixed, [])).toBe(mixed);
  });

  it('rewrites all styles by default', () => {
    const output = rewritePlaceholders(mixed);
    expect(output).toBe('SELECT * FROM t WHERE a = _p AND b = _p AND c = _ AND d = _p__ AND e = $1');
    expect(parses(output)).toBe(true);
  });
});

describe('normalizeSql', () => {
  it('rewrites placeholders, then CockroachDB syntax', () => {
    const input = 'UPSERT INTO users@users_pkey (id, email) VALUES (:id, @email) RETURNING NOTHING';
    const output = normalizeSql(input);
    expectSameShape(input, output);
    expect(output).toBe('INSERT INTO users            (id, email) VALUES (_p_, _p____)                  ');
    expect(parses(input)).toBe(false);
    expect(parses(output)).toBe(true);
  });

  it('keeps an index hint apart from an @name parameter', () => {
    const input = 'SELECT * FROM t@idx AS OF SYSTEM TIME follower_read_timestamp() WHERE email = @email';
    const output = normalizeSql(input);
    expectSameShape(input, output);
    expect(output).toBe(`SELECT * FROM t${' '.repeat(49)}WHERE email = _p____`);
    expect(parses(output)).toBe(true);
  });

  it('takes the styles to use', () => {
    expect(normalizeSql('UPSERT INTO t VALUES (?)', ['colon'])).toBe('INSERT INTO t VALUES (?)');
  });
});

describe('lexer additions', () => {
  it('pairs brackets and leaves unmatched ones at -1', () => {
    const tokens = significant(lex('f(a[1], (b)) ) ('));
    const pair = pairBrackets(tokens);
    const values = tokens.map((t) => t.value);
    expect(values).toEqual(['F', '(', 'A', '[', '1', ']', ',', '(', 'B', ')', ')', ')', '(']);
    expect(pair).toEqual([-1, 10, -1, 5, -1, 3, -1, 9, -1, 7, 1, -1, -1]);
  });

  it('does not pair mismatched brackets', () => {
    const pair = pairBrackets(significant(lex('( ]')));
    expect(pair).toEqual([-1, -1]);
  });

  it('overwrites in place', () => {
    const chars = 'abcdef'.split('');
    overwrite(chars, 2, 'XY');
    expect(chars.join('')).toBe('abXYef');
  });

  const open: [string, boolean][] = [
    ["'abc'", false],
    ["'abc", true],
    ["'it''s'", false],
    ["'abc''", true],
    ['"col"', false],
    ['"col', true],
    ["E'a\\'b'", false],
    ["E'a\\'", true],
    ['$$x$$', false],
    ['$$x', true],
    ['$$', true],
    ['$t$x$t$', false],
    ['$t$x$', true],
    ['/* a */', false],
    ['/* a', true],
    ['/* /* a */', true],
    ['-- a', false],
  ];
  it.each(open)('isUnterminated(%s) is %s', (text, expected) => {
    const token = lex(text)[0];
    expect(token).toBeDefined();
    expect(isUnterminated(text, token!)).toBe(expected);
  });

  it('isUnterminated is false for words', () => {
    const text = 'abc';
    expect(isUnterminated(text, lex(text)[0]!)).toBe(false);
  });
});

describe('robustness of the rewrites, shims, scanner and prefilter', () => {
  const rewrites: [string, (text: string) => string][] = [
    ['rewritePlaceholders', (t) => rewritePlaceholders(t)],
    ['rewriteCockroach', rewriteCockroach],
    ['normalizeSql', (t) => normalizeSql(t)],
    ['applyShims', applyShims],
    ['normalizeSql + applyShims', (t) => applyShims(normalizeSql(t))],
  ];

  /** The first problem with `text`, or undefined. */
  function problem(text: string): string | undefined {
    const breaks = lineBreaks(text).join();
    for (const [name, fn] of rewrites) {
      const out = fn(text);
      if (out.length !== text.length) return `${name}: length ${out.length} ≠ ${text.length}`;
      if (lineBreaks(out).join() !== breaks) return `${name}: line breaks moved`;
    }
    for (const w of scanWildcards(text)) {
      if (!(w.start >= 0 && w.start < w.end && w.end <= text.length)) return `scanWildcards: bad range ${w.start}-${w.end}`;
    }
    const kw = leadingKeyword(text);
    if (kw !== undefined && (kw === '' || kw !== kw.toUpperCase())) return `leadingKeyword: ${kw}`;
    if (typeof looksLikeSql(text) !== 'boolean' || typeof isRelevantStatementStart(text) !== 'boolean') {
      return 'prefilter: not a boolean';
    }
    return undefined;
  }

  const FRAGMENTS = [
    'SELECT', 'select', '*', 'FROM', 't', 'u.', '.*', '(', ')', '[', ']', ',', ';', '.', "'", '"', '$$', '$a$',
    '$1', '$', '${', '}', '{', '$(', ':', '::', ':...', '?', '??', '@', '@{', '@>', '<@', '--', '/*', '*/',
    '\n', '\r\n', 'AS OF SYSTEM TIME', 'UPSERT INTO', 'RETURNING', 'NOTHING', 'ORDER BY', 'PRIMARY KEY',
    'INDEX', 'LIMIT', 'ALL', 'DELETE', 'UPDATE', 'SET', 'EXPLAIN', 'ANALYZE', 'EXPORT INTO', "b'", "E'", '\\',
    "\\'", 'EXCEPT', 'NATURAL', 'LEFT', 'JOIN', 'HASH', 'IS', 'NOT', 'DISTINCT', 'UNKNOWN', 'DEFAULT',
    'VALUES', 'WINDOW', 'w', 'AS', 'OVER', 'GROUPING SETS', 'GROUP BY', 'CUBE', 'COLLATE', 'FOR', 'OF', 'ONLY',
    'MATERIALIZED', 'USING', 'WHERE', 'TABLE', 'EXISTS', 'IN', 'ARRAY', '->>', '->', '#>', '@?', '=', '0',
    'WITH', 'RECURSIVE', 'TABLESAMPLE', 'ON', 'CONFLICT', 'SIMILAR', 'TO', 'ESCAPE', 'BETWEEN', 'SYMMETRIC',
    'CREATE', 'VIEW', 'INSERT', 'INTO', '\0', '\uD800', '\uDC00', '\uD83D\uDE00', 'é', '\t', '\u2028',
  ];

  /** mulberry32: a small deterministic PRNG, so failures reproduce. */
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never throws and stays same-length on 4000 random SQL-ish strings', () => {
    const random = prng(20240601);
    const failures: string[] = [];
    for (let n = 0; n < 4000; n++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 40);
      for (let k = 0; k < count; k++) {
        parts.push(FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] as string);
        if (random() < 0.6) parts.push(' ');
      }
      const text = parts.join('');
      let found: string | undefined;
      try {
        found = problem(text);
      } catch (error) {
        found = `threw ${String(error)}`;
      }
      if (found !== undefined) failures.push(`${JSON.stringify(text)}: ${found}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('never throws on random characters', () => {
    const random = prng(7);
    const alphabet = "sS eElLcCtT*().,;:?@$'\"\\/-[]{}#>=<\n\r\t\0\uD800\uDFFFé😀_1";
    const failures: string[] = [];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const len = Math.floor(random() * 60);
      for (let k = 0; k < len; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      let found: string | undefined;
      try {
        found = problem(text);
      } catch (error) {
        found = `threw ${String(error)}`;
      }
      if (found !== undefined) failures.push(`${JSON.stringify(text)}: ${found}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  /** `piece` repeated to exactly `size` characters. */
  const repeated = (piece: string, size: number): string => piece.repeat(Math.ceil(size / piece.length)).slice(0, size);

  it('handles a 1 MB input', () => {
    const text = repeated(
      "SELECT u.*, * FROM users@idx AS OF SYSTEM TIME '-1s' WHERE a = :a AND b = @b AND c = ? AND data ? 'k' -- c\n" +
        "UPSERT INTO t (a) VALUES (${a}) RETURNING NOTHING; SELECT $$x$$, E'\\'' EXCEPT SELECT (u).* FROM [SHOW JOBS];\n",
      1_000_000,
    );
    expect(problem(text)).toBeUndefined();
    expect(scanWildcards(text).length).toBeGreaterThan(10_000);
  });

  it.each([
    ['deep parentheses', '('],
    ['closing parentheses', ')'],
    ['nested selects', '(SELECT '],
    ['a long dotted name', 'a.'],
    ['unclosed ${', '${a '],
    ['unclosed @{', 't@{ '],
    ['colon names', ':a'],
    ['question marks', '?'],
    ['quotes', "'"],
    ['stars after commas', '*, '],
    ['TABLE statements', 'TABLE t; '],
    ['ORDER BY items', 'ORDER BY PRIMARY KEY t, '],
  ])('stays linear on 100 kB of %s', (_name, piece) => {
    // A quadratic walk would need ~10^10 steps here and hit the test timeout.
    expect(problem(repeated(piece, 100_000))).toBeUndefined();
  });
});

describe('normalizeSql fast paths', () => {
  it('give the same text as the full rewrite on SQL-shaped input', async () => {
    const { default: fc } = await import('fast-check');
    const { rewriteCockroach, rewritePlaceholders, normalizeSql } = await import('../../src/sql/rewrite.js');
    const piece = fc.constantFrom(
      'SELECT', '*', 'FROM', 'users', 'u', '@idx', '@{FORCE_INDEX=i}', 'WHERE', 'id', '=', '$1', '::uuid', ':name',
      ':...ids', '?', '??', '$name', '${id}', '$(id)', '@email', 'AS OF SYSTEM TIME', "'-5s'", 'UPSERT INTO', 'INSERT INTO',
      'RETURNING NOTHING', 'RETURNING *', 'INNER HASH JOIN', 'LEFT LOOKUP JOIN', 'ON', 'DELETE', 'UPDATE', 'SET',
      'ORDER BY', 'PRIMARY KEY', 'LIMIT 10', 'EXPLAIN ANALYZE', 'EXPORT INTO CSV', "b'\\x00'", '[SHOW JOBS]', 'a[1:2]',
      "data ? 'k'", '(', ')', ',', ';', '-- c\n', '/* x */', '$$ body $$', '"Quoted"', "'str'", 'INDEX',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const text = pieces.join(' ');
        expect(normalizeSql(text)).toBe(rewriteCockroach(rewritePlaceholders(text)));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});
