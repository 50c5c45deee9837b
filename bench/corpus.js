// Deterministic benchmark corpus: realistic backend files of four kinds (route handlers,
// ORM services, SQL-heavy data-access modules, files with no database code) at three sizes.
// Every SQL text is distinct, so the per-process parse cache does not hide parsing cost.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small seeded PRNG (mulberry32), so the corpus is the same on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TABLES = ['users', 'orders', 'invoices', 'sessions', 'products', 'carts', 'payments', 'reviews', 'teams', 'audit_log'];
const COLUMNS = ['id', 'name', 'status', 'total', 'created_at', 'updated_at', 'title', 'amount', 'owner_id', 'region', 'sku', 'note'];
const SENSITIVE = ['password_hash', 'api_key', 'reset_token', 'email', 'ip_address'];

function pick(rnd, list) {
  return list[Math.floor(rnd() * list.length)];
}

function columns(rnd, n, unit) {
  const out = new Set();
  while (out.size < n) out.add(`${pick(rnd, COLUMNS)}${rnd() < 0.3 ? `_${unit % 7}` : ''}`);
  if (rnd() < 0.2) out.add(pick(rnd, SENSITIVE));
  return [...out].join(', ');
}

function routeUnit(rnd, i) {
  const t = pick(rnd, TABLES);
  const star = rnd() < 0.3;
  const cols = star ? '*' : columns(rnd, 3, i);
  return `
router.get('/${t}/${i}/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT ${cols} FROM ${t} WHERE id = $1 AND region_${i} = $2', [req.params.id, req.query.region]);
  if (rows.length === 0) return res.status(404).json({ error: 'not found' });
  const item = rows[0];
  res.json({ data: item, fetchedAt: Date.now() });
});
`;
}

function serviceUnit(rnd, i) {
  const model = pick(rnd, ['user', 'order', 'invoice', 'product', 'team']);
  const withSelect = rnd() < 0.5;
  return `
  async list${i}(take: number, cursor?: string) {
    const items = await this.prisma.${model}.findMany({
      where: { deletedAt: null, shard: ${i % 13} },
      ${withSelect ? 'select: { id: true, name: true, createdAt: true },' : ''}
      take,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    return items.map((it) => ({ ...it, kind: '${model}' }));
  }
`;
}

function sqlUnit(rnd, i) {
  const a = pick(rnd, TABLES);
  const b = pick(rnd, TABLES);
  return `
export async function report${i}(db: Pool, from: Date, to: Date) {
  const sql = \`
    WITH recent AS (
      SELECT ${columns(rnd, 4, i)} FROM ${a}
      WHERE created_at BETWEEN $1 AND $2 AND shard_${i} IS NOT NULL
    )
    SELECT r.id, count(*) AS n, max(x.${pick(rnd, COLUMNS)}) AS latest_${i}
    FROM recent r LEFT JOIN ${b} x ON x.owner_id = r.id
    GROUP BY r.id ORDER BY n DESC LIMIT ${10 + (i % 90)}\`;
  const result = await db.query(sql, [from, to]);
  return result.rows;
}
`;
}

function plainUnit(rnd, i) {
  const n = Math.floor(rnd() * 1000);
  return `
export function format${i}(value: number, locale = 'en-US'): string {
  const scaled = value / ${n + 1};
  const parts = new Intl.NumberFormat(locale, { maximumFractionDigits: ${i % 4} }).formatToParts(scaled);
  return parts.map((p) => (p.type === 'group' ? ',' : p.value)).join('');
}

export class Cache${i}<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit || Date.now() - hit.at > ${n * 10}) return undefined;
    return hit.value;
  }
  set(key: string, value: T): void {
    this.entries.set(key, { value, at: Date.now() });
    if (this.entries.size > ${100 + n}) this.entries.delete(this.entries.keys().next().value as string);
  }
}
`;
}

const KINDS = {
  route: {
    header: "import { Router } from 'express';\nimport { pool } from '../db';\n\nexport const router = Router();\n",
    unit: routeUnit,
    footer: '',
  },
  service: {
    header:
      "import { Injectable } from '@nestjs/common';\nimport { PrismaService } from '../prisma.service';\n\n@Injectable()\nexport class Service {\n  constructor(private readonly prisma: PrismaService) {}\n",
    unit: serviceUnit,
    footer: '}\n',
  },
  sql: { header: "import type { Pool } from 'pg';\n", unit: sqlUnit, footer: '' },
  plain: { header: '', unit: plainUnit, footer: '' },
};

/** Units per file for each size (a unit is 7–20 lines). */
export const SIZES = { small: 4, medium: 25, large: 120 };

/** Writes the corpus into `dir` and returns the file paths with their kind and size. */
export function writeCorpus(dir, filesPerBucket = 8) {
  const files = [];
  let seed = 1;
  for (const [size, units] of Object.entries(SIZES)) {
    for (const [kind, spec] of Object.entries(KINDS)) {
      const folder = join(dir, size, kind);
      mkdirSync(folder, { recursive: true });
      for (let f = 0; f < filesPerBucket; f++) {
        const rnd = random(seed++);
        let text = spec.header;
        for (let u = 0; u < units; u++) text += spec.unit(rnd, seed * 1000 + u);
        text += spec.footer;
        const path = join(folder, `${kind}-${f}.ts`);
        writeFileSync(path, text);
        files.push({ path, kind, size, lines: text.split('\n').length });
      }
    }
  }
  return files;
}

/** Writes `schema.sql` (every corpus table, with the sensitive columns) into `dir`. */
export function writeSchema(dir) {
  const ddl = TABLES.map(
    (t) =>
      `CREATE TABLE ${t} (id UUID PRIMARY KEY, name STRING, status STRING, total DECIMAL, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ, owner_id UUID, region STRING, password_hash BYTES, api_key STRING, email STRING, INDEX (owner_id));`,
  ).join('\n');
  writeFileSync(join(dir, 'schema.sql'), ddl);
}

/** ESLint's flat config for linting the corpus with `config` (a preset), with the schema when written. */
export function corpusConfig(parser, config, withSchema) {
  return [
    { files: ['**/*.ts'], languageOptions: { parser } },
    { ...config, files: ['**/*.ts'] },
    ...(withSchema ? [{ settings: { 'data-exposure': { schema: ['schema.sql'] } } }] : []),
  ];
}
