import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db } from '@/server/create-db';
import type { StaffUserDTO } from '@/server/authz';
import { getSurveyInScope } from './survey-access';
import { gridFieldOf, isGridAnswer } from '@/features/survey/field-names';
import { outcomeOf, PARTIAL_STATUSES } from '@/features/survey/fieldwork';
import type { ResponseStatus } from '@/generated/sqlite';
import type { Locale } from '@/i18n/routing';
import { codebookOf, columnOf, type ExportVariable } from './codebook';

/**
 * Streamed exports of a survey's responses (CSV via csv-stringify, JSON as a streamed
 * array), read in batches so 100,000 responses never sit in memory at once. Respondents whose
 * processing is restricted are left out (P7.2). Only the user's own Client's data (P5.5).
 */
const BATCH = 1000;

/** A phone number (`+994501234567`, `+994 50 123 45 67`): no spreadsheet runs anything from it, so it keeps its plus. */
const PHONE_NUMBER = /^\+[0-9][0-9 ()-]*$/;

/** CSV formula injection: a cell a spreadsheet would run as a formula is made plain text. */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !PHONE_NUMBER.test(value) ? `'${value}` : value;
}

const asCell = (value: unknown): string =>
  value == null ? '' : Array.isArray(value) ? value.map(String).join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value);

export type ExportPlan = {
  surveySlug: string;
  /** What each column holds, labelled in the language asked for (codebook.ts); `columns` in the same order. */
  variables: ExportVariable[];
  columns: string[];
  total: number;
  timeZone: string;
  rows: () => AsyncGenerator<Record<string, unknown>>;
};
export type ExportOptions = { allOutcomes?: boolean; locale?: Locale; timeZone?: string };

/**
 * `allOutcomes`: also the responses that ended without completing (screened out, quota full,
 * abandoned — partial responses, P3.1, while their retention lasts), each with its outcome; by
 * default only completed ones. Responses in progress have no outcome yet and are never exported.
 */
export async function planExport(db: Db, user: StaffUserDTO, surveyId: string, { allOutcomes = false, locale = 'en', timeZone = 'UTC' }: ExportOptions = {}): Promise<ExportPlan | null> {
  const survey = await getSurveyInScope(db, user, surveyId);
  if (!survey) return null;
  const statuses: ResponseStatus[] = allOutcomes ? ['completed', ...PARTIAL_STATUSES] : ['completed'];
  const where = { surveyId: survey.id, status: { in: statuses }, respondent: { restrictedAt: null } };
  const total = await db.response.count({ where });
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  // A grid is one column per row (`satisfaction.staff`); the order each respondent was shown, when
  // the survey shuffles anything, is one column of JSON (ids of sections and questions, option values);
  // the outcome comes last (issue 13): a consumer reading the earlier columns by position is not disturbed.
  const variables = codebookOf(survey.questions, locale, timeZone);
  const columns = variables.map((v) => v.column);

  async function* rows() {
    let cursor: string | undefined;
    for (;;) {
      const batch = await db.response.findMany({
        where,
        orderBy: { id: 'asc' },
        take: BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, status: true, locale: true, startedAt: true, completedAt: true, displayOrder: true, answers: { select: { questionId: true, value: true } } },
      });
      if (batch.length === 0) return;
      for (const r of batch) {
        const row: Record<string, unknown> = {
          response_id: r.id,
          locale: r.locale,
          started_at: r.startedAt.toISOString(),
          completed_at: r.completedAt?.toISOString() ?? null,
          outcome: outcomeOf(r.status),
          display_order: r.displayOrder ?? null,
        };
        for (const a of r.answers) {
          const q = byId.get(a.questionId);
          if (q?.type === 'grid' && isGridAnswer(a.value)) {
            for (const [rowValue, v] of Object.entries(a.value)) row[gridFieldOf(q.key, rowValue)] = v;
          } else row[columnOf(q?.key ?? a.questionId)] = a.value;
        }
        yield row;
      }
      cursor = batch.at(-1)!.id;
    }
  }
  return { surveySlug: survey.slug, variables, columns, total, timeZone, rows };
}

/** Node streams hand over strings or Buffers; a web Response wants plain bytes. */
export function toBytes(stream: ReadableStream<unknown>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return stream.pipeThrough(
    new TransformStream<unknown, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk as Uint8Array));
      },
    }),
  );
}

export function csvStream(plan: ExportPlan): ReadableStream<Uint8Array> {
  const csv = stringify({
    header: true,
    columns: plan.columns,
    bom: true,
    cast: { string: (v) => neutralizeCell(v), object: (v) => neutralizeCell(asCell(v)), number: (v) => String(v), boolean: (v) => String(v) },
  });
  Readable.from(plan.rows()).pipe(csv);
  return toBytes(Readable.toWeb(csv) as unknown as ReadableStream<unknown>);
}

export function jsonStream(plan: ExportPlan): ReadableStream<Uint8Array> {
  async function* chunks() {
    yield '[';
    let first = true;
    for await (const row of plan.rows()) {
      yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
      first = false;
    }
    yield '\n]\n';
  }
  return toBytes(Readable.toWeb(Readable.from(chunks())) as unknown as ReadableStream<unknown>);
}
