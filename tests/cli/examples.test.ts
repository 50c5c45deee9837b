/**
 * The CLI on `examples/`: every planted pattern is found where it is, and every fixed twin (and
 * every other file) is clean, in each preset. Runs `main()` in-process with `--format json`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { EXAMPLE_ARGS, positionOf, runMain } from './helpers.js';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
  hint?: string;
}

interface Planted {
  readonly file: string;
  readonly rule: string;
  /** Where the finding starts: `offset` characters into `snippet`. */
  readonly snippet: string;
  readonly offset: number;
  /** Words the message must contain (what leaks, where it goes). */
  readonly says: readonly string[];
}

const USERS = 'examples/express-cockroach/src/routes/users.vulnerable.ts';
const PAYMENTS = 'examples/express-cockroach/src/routes/payments.vulnerable.ts';
const NEXT_USERS = 'examples/next-prisma/app/api/users/route.ts';
const NEXT_PROFILE = 'examples/next-prisma/app/api/profile/route.ts';

/** Reported by the `recommended` preset. */
const RECOMMENDED: readonly Planted[] = [
  { file: USERS, rule: 'no-select-star', snippet: "'SELECT * FROM users", offset: 8, says: ['users', 'password_hash', 'res.json'] },
  { file: USERS, rule: 'no-sensitive-projection', snippet: 'u.password_hash,', offset: 0, says: ['users.password_hash', 'secret', 'res.json'] },
  { file: PAYMENTS, rule: 'no-select-star', snippet: "'SELECT * FROM checkout_cards", offset: 8, says: ['checkout_cards', 'card', 'res.json'] },
  { file: PAYMENTS, rule: 'no-sensitive-projection', snippet: 'card, exp_month', offset: 0, says: ['card_number', 'res.json'] },
];

/** Added by `strict` (personal tier): the auth-log columns of the same join. */
const STRICT_ONLY: readonly Planted[] = [
  { file: USERS, rule: 'no-sensitive-projection', snippet: 'a.ip_address,', offset: 0, says: ['auth_log.ip_address', 'personal'] },
  { file: USERS, rule: 'no-sensitive-projection', snippet: 'a.user_agent,', offset: 0, says: ['auth_log.user_agent', 'personal'] },
];

/** The ORM patterns, reported once their rules are in the plugin. */
const FULL_ENTITY: Planted = {
  file: NEXT_USERS,
  rule: 'no-full-entity-response',
  snippet: 'findMany(',
  offset: 0,
  says: ['User', 'passwordHash', 'NextResponse.json'],
};
const MASS_ASSIGNMENT: Planted = { file: NEXT_PROFILE, rule: 'no-mass-assignment', snippet: 'data: body', offset: 6, says: ['request.json()', 'prisma.user.update'] };

const hasRule = (name: string): boolean => name in plugin.rules;
const ORM_PLANTED = [FULL_ENTITY, MASS_ASSIGNMENT].filter((p) => hasRule(p.rule));

const key = (file: string, rule: string, line: number, column: number): string => `${file}:${line}:${column} ${rule}`;
const plantedKey = (p: Planted): string => {
  const { line, column } = positionOf(p.file, p.snippet, p.offset);
  return key(p.file, `data-exposure/${p.rule}`, line, column);
};

async function scan(preset: string): Promise<{ code: number; findings: JsonFinding[] }> {
  const result = await runMain([...EXAMPLE_ARGS, '--preset', preset, '--format', 'json']);
  expect(result.stderr).toBe('');
  return { code: result.code, findings: (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings };
}

const runs: Record<string, { code: number; findings: JsonFinding[] }> = {};

beforeAll(async () => {
  for (const preset of ['recommended', 'strict', 'all']) runs[preset] = await scan(preset);
});

describe.each([
  ['recommended', [...RECOMMENDED, ...ORM_PLANTED]],
  ['strict', [...RECOMMENDED, ...STRICT_ONLY, ...ORM_PLANTED]],
  ['all', [...RECOMMENDED, ...STRICT_ONLY, ...ORM_PLANTED]],
] as const)('examples with --preset %s', (preset, planted) => {
  it('exits 1', () => {
    expect(runs[preset]?.code).toBe(1);
  });

  it('finds exactly the planted patterns, at their positions', () => {
    const found = runs[preset]!.findings.map((f) => key(f.file, f.ruleId, f.line, f.column)).sort();
    expect(found).toEqual(planted.map(plantedKey).sort());
  });

  it('says what leaks and where, with a fix hint', () => {
    for (const p of planted) {
      const { line, column } = positionOf(p.file, p.snippet, p.offset);
      const finding = runs[preset]!.findings.find((f) => f.file === p.file && f.line === line && f.column === column);
      for (const word of p.says) expect(finding?.message).toContain(word);
      expect(finding?.hint).toBeTruthy();
    }
  });

  it('leaves every fixed twin and every support file clean', () => {
    const files = new Set(runs[preset]!.findings.map((f) => f.file));
    for (const file of files) expect(file).toMatch(/\.vulnerable\.ts$|\/route\.ts$/);
    expect([...files].some((f) => f.includes('.fixed.'))).toBe(false);
  });
});

describe.skipIf(!hasRule('no-full-entity-response'))('ORM find-all returned (no-full-entity-response)', () => {
  it('is reported on prisma.user.findMany() in route.ts and not in route.fixed.ts', () => {
    const findings = runs.recommended!.findings.filter((f) => f.ruleId === 'data-exposure/no-full-entity-response');
    expect(findings.map((f) => f.file)).toEqual([NEXT_USERS]);
  });
});

describe.skipIf(!hasRule('no-mass-assignment'))('request body written wholesale (no-mass-assignment)', () => {
  it('is reported on `data: body` in route.ts and not in route.fixed.ts', () => {
    const findings = runs.recommended!.findings.filter((f) => f.ruleId === 'data-exposure/no-mass-assignment');
    expect(findings.map((f) => f.file)).toEqual([NEXT_PROFILE]);
  });
});

it('without a schema, SELECT * and the password hash are still found (the view needs the schema)', async () => {
  const result = await runMain(['examples/express-cockroach', '--format', 'json']);
  const { findings } = JSON.parse(result.stdout) as { findings: JsonFinding[] };
  const ids = findings.map((f) => `${f.file.split('/').at(-1)} ${f.ruleId}`);
  expect(ids).toContain('users.vulnerable.ts data-exposure/no-select-star');
  expect(ids).toContain('users.vulnerable.ts data-exposure/no-sensitive-projection');
  expect(result.code).toBe(1);
});
