/** Small throw-away projects for the CLI tests (temporary directories). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** An Express route that returns `SELECT *` rows: one `no-select-star` finding. */
export const LEAKY_ROUTE = `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/users', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users');
  res.json(rows);
});
`;

/** The same route with its columns listed: no finding. */
export const CLEAN_ROUTE = LEAKY_ROUTE.replace('SELECT * FROM users', 'SELECT id, display_name FROM users');

export const SCHEMA_SQL = `CREATE TABLE users (
    id UUID NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    display_name STRING NOT NULL,
    password_hash BYTES NOT NULL
);
`;

export interface Project {
  readonly dir: string;
  write(file: string, text: string): string;
  remove(): void;
}

/** A temporary directory with the given files (paths relative to it). */
export function project(files: Readonly<Record<string, string>> = {}): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'data-exposure-cli-'));
  const p: Project = {
    dir,
    write(file, text) {
      const full = path.join(dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [file, text] of Object.entries(files)) p.write(file, text);
  return p;
}
