import { respondentsInGroup, type ClientGroup } from '@/features/client-data/breakdown';
import type { Db } from '@/server/create-db';
import { env } from '@/server/env';
import type { Prisma, ResponseStatus } from '@/generated/sqlite';
import { draftTextSchema } from '@/lib/localized-text';
import { clientScope, type StaffUserDTO } from '@/server/authz';
import { getSurveyInScope } from './survey-access';
import { reportQuestion, responsesPerDay } from './report';
import { quotaFill } from '@/features/survey/quotas';

/** Response review for staff. Every query is limited to the user's Client (P5.5). */

export type ResponseFilters = { surveyId?: string; status?: ResponseStatus; from?: Date; to?: Date; locale?: string };

function responseWhere(user: StaffUserDTO, f: ResponseFilters): Prisma.ResponseWhereInput {
  return {
    survey: clientScope(user),
    ...(f.surveyId ? { surveyId: f.surveyId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.locale ? { locale: f.locale } : {}),
    ...(f.from || f.to ? { startedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

export async function listResponses(db: Db, user: StaffUserDTO, filters: ResponseFilters, take = 50) {
  const where = responseWhere(user, filters);
  const [rows, total] = await Promise.all([
    db.response.findMany({
      where,
      orderBy: { startedAt: 'desc' },
      take,
      select: {
        id: true,
        status: true,
        locale: true,
        startedAt: true,
        completedAt: true,
        survey: { select: { title: true } },
        respondent: { select: { restrictedAt: true } },
        _count: { select: { answers: true } },
      },
    }),
    db.response.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      status: r.status,
      locale: r.locale,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      surveyTitle: draftTextSchema.parse(r.survey.title),
      answers: r._count.answers,
      restricted: r.respondent.restrictedAt !== null,
    })),
  };
}

/** One response with its answers — or null when it is not the user's to see (no hint either way). */
export async function getResponseDetail(db: Db, user: StaffUserDTO, responseId: string) {
  const row = await db.response.findFirst({
    where: { id: responseId, survey: clientScope(user) },
    select: {
      id: true,
      status: true,
      locale: true,
      startedAt: true,
      completedAt: true,
      survey: { select: { id: true, title: true } },
      respondent: { select: { restrictedAt: true } },
      answers: {
        orderBy: [{ question: { section: { position: 'asc' } } }, { question: { position: 'asc' } }],
        select: { value: true, category: true, lawfulBasis: true, question: { select: { key: true, type: true, prompt: true } } },
      },
    },
  });
  if (!row) return null;
  return {
    ...row,
    survey: { id: row.survey.id, title: draftTextSchema.parse(row.survey.title) },
    restricted: row.respondent.restrictedAt !== null,
    answers: row.answers.map((a) => ({ ...a, question: { ...a.question, prompt: draftTextSchema.parse(a.question.prompt) } })),
  };
}

/**
 * policy: P3.2, P7.2 — reports aggregate completed responses; respondents whose processing is
 * restricted are left out entirely.
 */
export async function surveyReport(db: Db, user: StaffUserDTO, surveyId: string, group: ClientGroup | null = null) {
  const survey = await getSurveyInScope(db, user, surveyId);
  if (!survey) return null;
  // policy: P3.2 — limited to a group of the survey's own Client's data when asked (client-data/breakdown.ts).
  const reportable = { surveyId, status: 'completed' as const, respondent: { restrictedAt: null, ...(group ? respondentsInGroup(survey.clientId, group) : {}) } };
  const [answers, completions] = await Promise.all([
    db.answer.findMany({ where: { response: reportable }, select: { questionId: true, value: true } }),
    db.response.findMany({ where: reportable, select: { completedAt: true } }),
  ]);
  // Every outcome (fieldwork.ts), partial responses included while their retention lasts (P3.1).
  const byStatus = await db.response.groupBy({ by: ['status'], where: { surveyId, respondent: { restrictedAt: null } }, _count: { _all: true } });
  return {
    survey,
    completed: completions.length,
    outcomes: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Partial<Record<ResponseStatus, number>>,
    quotas: await quotaFill(db, surveyId),
    perDay: responsesPerDay(completions.flatMap((c) => (c.completedAt ? [c.completedAt] : [])), env.APP_TIME_ZONE),
    questions: survey.questions.map((q) => ({
      ...q,
      report: reportQuestion(q.type, q.options.map((o) => o.value), answers.filter((a) => a.questionId === q.id).map((a) => a.value), q.rows.map((r) => r.value)),
    })),
  };
}
