/**
 * Export time for N completed responses (default 100,000) of the demo survey, CSV, JSON, Excel and SPSS, on a
 * fresh embedded database (or DATABASE_URL). Reported, not asserted.
 *   tsx bench/export.mts [N]
 */
import { randomUUID } from 'node:crypto';
import { scratchDemoDb } from './scratch-demo-db';
import { csvStream, jsonStream, planExport } from '../src/features/responses/export';
import { xlsxStream } from '../src/features/responses/export-xlsx';
import { spssZipStream } from '../src/features/responses/export-spss';

const N = Number(process.argv[2] ?? 100_000);
const { db, survey, q } = await scratchDemoDb('./data/bench-export.db');
const admin = await db.staffUser.findUniqueOrThrow({ where: { email: 'admin@sorgu.test' } });

let t = Date.now();
const BATCH = 2000;
for (let i = 0; i < N; i += BATCH) {
  const size = Math.min(BATCH, N - i);
  const respondents = Array.from({ length: size }, () => ({ id: randomUUID() }));
  await db.respondent.createMany({ data: respondents });
  const responses = respondents.map((r) => ({ id: randomUUID(), surveyId: survey.id, respondentId: r.id, status: 'completed' as const, locale: 'az', completedAt: new Date() }));
  await db.response.createMany({ data: responses });
  await db.answer.createMany({
    data: responses.flatMap((r, j) => [
      { responseId: r.id, questionId: q.branch!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: 'nizami' },
      { responseId: r.id, questionId: q.overall_rating!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: (j % 5) + 1 },
      { responseId: r.id, questionId: q.recommend!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: j % 11 },
      { responseId: r.id, questionId: q.comment!.id, category: 'answers' as const, lawfulBasis: 'legitimate_interests' as const, value: j % 97 === 0 ? '=HYPERLINK("x")' : `Comment number ${j}` },
      { responseId: r.id, questionId: q.email!.id, category: 'contact' as const, lawfulBasis: 'legitimate_interests' as const, value: `r${i + j}@example.az` },
    ]),
  });
}
console.log(`seeded ${N} responses (${N * 5} answers) in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const FORMATS = [
  ['csv', csvStream],
  ['json', jsonStream],
  ['xlsx', (plan) => xlsxStream(plan, 'az')],
  ['spss', (plan) => spssZipStream(plan, 'az')],
] as const satisfies readonly (readonly [string, (plan: NonNullable<Awaited<ReturnType<typeof planExport>>>) => ReadableStream<Uint8Array>])[];
for (const [name, make] of FORMATS) {
  const rss0 = process.memoryUsage().rss;
  t = Date.now();
  const plan = (await planExport(db, admin, survey.id))!;
  let bytes = 0;
  let peak = rss0;
  const reader = make(plan).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  console.log(`${name}: ${plan.total} rows, ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s; peak RSS +${((peak - rss0) / 1e6).toFixed(0)} MB`);
}
await db.$disconnect();
