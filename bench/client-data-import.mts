/**
 * Issue 12 part 2 — a Client's CSV upload on the embedded database (SQLite):
 *
 *   tsx bench/client-data-import.mts [N=20000]
 *
 * A fresh SQLite file with the demo seed and N completed responses, each with an email answer
 * (written in bulk by SQL), then one upload of 2·N rows × 3 fields (N match, N do not) through
 * `importClientDataAs`, as the upload route calls it. Meanwhile another connection of the same
 * process writes one small row in a loop, as respondents' saves would: the longest it waited is
 * how long the upload's single transaction holds SQLite's one writer. Reported, never asserted.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase } from '../scripts/migrate';
import { seedDemo, DEMO_SURVEY_SLUG } from '../prisma/seed';
import { createDb } from '../src/server/create-db';
import { importClientDataAs } from '../src/features/client-data/import';

const N = Number(process.argv[2] ?? 20_000);
const file = path.resolve(import.meta.dirname, '../data/bench-client-import.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
const url = `file:${file}`;
await migrateDatabase(url, { quiet: true });
const db = createDb(url);
await seedDemo(db);
const survey = await db.survey.findUniqueOrThrow({ where: { slug: DEMO_SURVEY_SLUG }, include: { questions: true } });
const emailQuestion = survey.questions.find((q) => q.key === 'email')!;
const admin = await db.staffUser.findFirstOrThrow({ where: { role: 'admin' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

const raw = new Database(file);
const now = new Date().toISOString().replace('Z', '+00:00');
raw.transaction(() => {
  const respondent = raw.prepare('INSERT INTO Respondent (id, createdAt) VALUES (?, ?)');
  const response = raw.prepare("INSERT INTO Response (id, surveyId, respondentId, status, locale, startedAt, lastActivityAt, completedAt, currentSection) VALUES (?, ?, ?, 'completed', 'en', ?, ?, ?, 0)");
  const answer = raw.prepare("INSERT INTO Answer (id, responseId, questionId, category, lawfulBasis, value, createdAt, updatedAt) VALUES (?, ?, ?, 'contact', 'legitimate_interests', ?, ?, ?)");
  for (let i = 0; i < N; i++) {
    const [rid, sid] = [randomUUID(), randomUUID()];
    respondent.run(rid, now);
    response.run(sid, survey.id, rid, now, now, now);
    answer.run(randomUUID(), sid, emailQuestion.id, JSON.stringify(`customer${i}@example.az`), now, now);
  }
})();
raw.close();

const lines = ['email,tier,loyalty_member,transactions_total'];
for (let i = 0; i < 2 * N; i++) lines.push(`customer${i}@example.az,${['gold', 'silver', 'bronze'][i % 3]},${i % 2 ? 'yes' : 'no'},${(i * 7.31).toFixed(2)}`);
const csv = lines.join('\n');

// The other writer: one small row at a time, as a respondent's save would be.
let running = true;
let longestWaitMs = 0;
let writes = 0;
const writer = (async () => {
  while (running) {
    const started = performance.now();
    await db.auditEvent.create({ data: { actor: 'bench', action: 'bench.write' } });
    longestWaitMs = Math.max(longestWaitMs, performance.now() - started);
    writes++;
    await new Promise((r) => setTimeout(r, 5));
  }
})();

const started = performance.now();
const result = await importClientDataAs(db, admin, { clientId: survey.clientId, matchKey: 'email', fileName: 'bench.csv', stream: new Blob([csv]).stream() });
const elapsedMs = performance.now() - started;
running = false;
await writer;
const stored = await db.clientDatum.count();
console.log(JSON.stringify({ respondents: N, rows: 2 * N, bytes: csv.length, status: result.status, valuesStored: stored, uploadSeconds: +(elapsedMs / 1000).toFixed(2), otherWriter: { writes, longestWaitMs: Math.round(longestWaitMs) } }));
await db.$disconnect();
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
