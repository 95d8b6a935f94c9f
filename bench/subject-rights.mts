/**
 * Data-subject rights at scale: find, export and erase ONE subject among N respondents (default
 * 100,000), each with a completed response (5 answers incl. an email), a consent record and a
 * usage row. Fresh embedded database, or DATABASE_URL. Reported, not asserted.
 *   tsx bench/subject-rights.mts [N]
 */
import { randomUUID } from 'node:crypto';
import { scratchDemoDb } from './scratch-demo-db';
import { eraseSubjectAs, exportSubjectAs, findSubjectAs } from '../src/features/dpo/commands';

const N = Number(process.argv[2] ?? 100_000);
const { db, survey, q, engine } = await scratchDemoDb('./data/bench-subject.db');
const policy = await db.policyVersion.findFirstOrThrow();
const dpo = await db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' } });

let t = Date.now();
const BATCH = 2000;
for (let i = 0; i < N; i += BATCH) {
  const size = Math.min(BATCH, N - i);
  const rows = Array.from({ length: size }, (_, j) => ({ n: i + j, key: randomUUID(), respondent: randomUUID(), response: randomUUID(), consent: randomUUID() }));
  await db.consentRecord.createMany({ data: rows.map((r) => ({ id: r.consent, subjectKey: r.key, policyVersionId: policy.id, usage: true, fraud: false, sessionAnalytics: false, location: false, method: 'custom' as const, locale: 'az' })) });
  await db.respondent.createMany({ data: rows.map((r) => ({ id: r.respondent, consentSubjectKey: r.key })) });
  await db.response.createMany({ data: rows.map((r) => ({ id: r.response, surveyId: survey.id, respondentId: r.respondent, status: 'completed' as const, locale: 'az', completedAt: new Date() })) });
  await db.answer.createMany({
    data: rows.flatMap((r) => [
      { responseId: r.response, questionId: q.branch!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: 'nizami' },
      { responseId: r.response, questionId: q.overall_rating!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: (r.n % 5) + 1 },
      { responseId: r.response, questionId: q.comment!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: `Comment ${r.n}` },
      { responseId: r.response, questionId: q.email!.id, category: 'contact' as const, lawfulBasis: 'legitimate_interests' as const, value: `r${r.n}@example.az` },
      { responseId: r.response, questionId: q.gender!.id, category: 'demographic' as const, lawfulBasis: 'legitimate_interests' as const, value: 'female' },
    ]),
  });
  await db.usageMetadata.createMany({ data: rows.map((r) => ({ consentRecordId: r.consent, subjectKey: r.key, responseId: r.response, browser: 'Chrome', ipAddress: `10.0.${r.n % 250}.1` })) });
}
console.log(`seeded ${N} respondents in ${((Date.now() - t) / 1000).toFixed(1)} s (${engine})`);

const email = `r${Math.floor(N / 2)}@example.az`;
const time = async <T,>(label: string, run: () => Promise<T>) => {
  const start = Date.now();
  const result = await run();
  console.log(`${label}: ${Date.now() - start} ms`);
  return result;
};
const subject = await time('find by email', () => findSubjectAs(db, dpo, { kind: 'email', value: email }));
const zip = await time('export (zip)', () => exportSubjectAs(db, dpo, subject));
console.log(`  zip ${zip.bytes.length} bytes, files: ${zip.files.join(', ')}`);
const counts = await time('erase', () => eraseSubjectAs(db, dpo, subject));
console.log(`  erased ${JSON.stringify(counts)}`);
await db.$disconnect();
