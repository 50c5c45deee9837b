import pg from 'pg';

// CockroachDB speaks the PostgreSQL wire protocol: node-postgres connects to it unchanged,
// e.g. DATABASE_URL=postgresql://shop@localhost:26257/shop?sslmode=verify-full
export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  // CockroachDB serverless closes idle connections after a while: keep the pool short-lived.
  idleTimeoutMillis: 30_000,
  application_name: 'shop-api',
});
