/** Settings that point the plugin at the test app's schema (paths are relative to the repo root). */
export const APP_SCHEMA = 'tests/fixtures/app/schema.sql';

export const appSettings = { 'data-exposure': { schema: [APP_SCHEMA] } };

export const APP_PRISMA_SCHEMA = 'tests/fixtures/app/prisma/schema.prisma';

/** The SQL schema and the Prisma schema of the test app (the same `users` table, seen twice). */
export const appSettingsWithPrisma = { 'data-exposure': { schema: [APP_SCHEMA, APP_PRISMA_SCHEMA] } };
