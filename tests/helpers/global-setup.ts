/**
 * Migrates one template database per provider, once per test run: an SQLite file and a
 * PostgreSQL database. Each integration test then gets its own fresh copy (see databases.ts).
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../scripts/migrate';
import { seedDemo } from '../../prisma/seed';
import { createDb } from '../../src/server/create-db';
import { adminUrl, databaseUrlFor } from './postgres-urls';

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string;
    postgresTemplate: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dir = path.join(root, 'data/test', runId);
  mkdirSync(dir, { recursive: true });
  const sqliteTemplate = path.join(dir, 'template.db');
  await migrateDatabase(`file:${sqliteTemplate}`, { quiet: true });

  const postgresTemplate = `sorgu_test_tpl_${runId}`;
  await migrateDatabase(databaseUrlFor(postgresTemplate), { quiet: true });

  // Seed the templates once: every test database starts as a copy with the demo content.
  for (const url of [`file:${sqliteTemplate}`, databaseUrlFor(postgresTemplate)]) {
    const db = createDb(url);
    await seedDemo(db);
    await db.$disconnect();
  }

  project.provide('sqliteTemplate', sqliteTemplate);
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    // Drop the template and any test database a crashed test left behind.
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`sorgu_test_%${runId}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.end();
  };
}
