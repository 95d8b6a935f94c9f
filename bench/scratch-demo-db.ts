/**
 * The benches' starting point: a fresh, migrated database with the demo seed — a scratch SQLite
 * file (removed first), or DATABASE_URL for PostgreSQL — and the demo survey's questions by key.
 */
import { rmSync } from 'node:fs';
import { migrateDatabase } from '../scripts/migrate';
import { seedDemo, DEMO_SURVEY_SLUG } from '../prisma/seed';
import { createDb } from '../src/server/create-db';

export async function scratchDemoDb(scratchFile: string) {
  const url = process.env.DATABASE_URL ?? `file:${scratchFile}`;
  if (url.startsWith('file:')) for (const s of ['', '-wal', '-shm']) rmSync(url.slice(5) + s, { force: true });
  await migrateDatabase(url, { quiet: true });
  const db = createDb(url);
  await seedDemo(db);
  const survey = await db.survey.findUniqueOrThrow({ where: { slug: DEMO_SURVEY_SLUG }, include: { questions: true } });
  const q = Object.fromEntries(survey.questions.map((x) => [x.key, x]));
  return { db, survey, q, engine: url.startsWith('file:') ? 'SQLite' : 'PostgreSQL' };
}
