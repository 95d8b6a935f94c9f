import pg from 'pg';

/** The PostgreSQL server the tests use: TEST_POSTGRES_URL, by default the local one (CI has it too). */
export function adminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * An empty database of this name on the test server (dropped first, with its connections), for a
 * spec's or a benchmark's own servers; returns its URL. `name` is a fixed identifier, never input.
 */
export async function recreateDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrlFor(name);
}
