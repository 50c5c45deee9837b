/** Settings that point the plugin at the test app's schema (paths are relative to the repo root). */
export const APP_SCHEMA = 'tests/fixtures/app/schema.sql';

export const appSettings = { 'data-exposure': { schema: [APP_SCHEMA] } };
